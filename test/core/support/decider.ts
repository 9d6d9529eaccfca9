import type { Rejection } from '../../../core/errors';

/**
 * Specifications that start from events, after emmett's DeciderSpecification: the state is what the given events
 * made it (evolve, from the initial state), the command is decided on it, and the outcome is the new events (or
 * a rejection). They read as the domain is told: given what happened, when this is asked, then this happens.
 *
 *   given(listed(TESTUSDT), ...resting(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 5 })))
 *     .when(limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 2 }))
 *     .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 101, quantity: 2 }]);
 *
 * (`thenEvents`, not `then`, as in the command-started scenarios: an object with a `then` is a promise to await.)
 */
export interface Decider<State, Command, Event> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** The command's events, or the rejection that changes nothing. */
  decide(command: Command, state: State): readonly Event[] | { readonly rejection: Rejection };
}

export interface Then<State, Event> {
  /** The new events, in order, each matching its partial description, and no more. */
  thenEvents(
    expected: readonly Partial<Record<keyof Event, unknown>>[] | readonly object[],
  ): Then<State, Event>;
  /** The command is refused with this code (and message), and nothing happens. */
  thenRejects(rejection: Partial<Rejection>): void;
  /** The state after the given events and the new ones: for what the events alone do not show. */
  readonly state: State;
  readonly events: readonly Event[];
}

export function specification<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return (...given: readonly Event[]) => ({
    when(command: Command): Then<State, Event> {
      let state = decider.initialState();
      for (const event of given) state = decider.evolve(state, event);
      const outcome = decider.decide(command, state);
      const rejected = 'rejection' in outcome ? outcome.rejection : undefined;
      const events = 'rejection' in outcome ? [] : (outcome as readonly Event[]);
      for (const event of events) state = decider.evolve(state, event);
      const result: Then<State, Event> = {
        state,
        events,
        thenEvents(expected) {
          expect(rejected).toBeUndefined();
          expect(events).toMatchObject(expected as object[]);
          return result;
        },
        thenRejects(rejection) {
          expect(rejected).toMatchObject(rejection);
        },
      };
      return result;
    },
  });
}
