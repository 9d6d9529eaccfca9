import type { EngineCommand, PlaceOrder } from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import { type Decider, specification } from './decider';

/**
 * The engine as a decider, for specifications that start from events. Given events are facts without their
 * envelope (sequence, time, command id): the specification stamps them in order, as the symbol's log would have
 * them. The engine's own decide is decide-then-evolve fused; `thenEvents` also checks that replaying the given and the
 * new events rebuilds exactly the state the decision left (the events are the whole truth).
 */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type Fact = DistributiveOmit<EngineEvent, 'seq' | 'time' | 'commandId'> & {
  readonly commandId?: string;
};

const GIVEN_TIME = 1_700_000_000_000;

/** The symbol listed: its first event. */
export function listed(spec: SymbolSpec): Fact {
  return { type: 'SymbolListed', spec, commandId: `list-${spec.symbol}` };
}

/** A limit order that was accepted and rests in full: the two facts an order leaves in the log. */
export function resting(command: PlaceOrder, levelQuantity = command.order.quantity): Fact[] {
  const { order } = command;
  const commandId = command.commandId;
  return [
    { type: 'OrderAccepted', order, requestedQuantity: null, commandId },
    {
      type: 'OrderRested',
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      quantity: order.quantity,
      levelQuantity,
      commandId,
    },
  ];
}

/** A resting order canceled by its owner. */
export function canceledByUser(command: PlaceOrder, levelQuantity = 0): Fact {
  const { order } = command;
  return {
    type: 'OrderCanceled',
    orderId: order.orderId,
    accountId: order.accountId,
    side: order.side,
    price: order.price,
    quantity: order.quantity,
    levelQuantity,
    reason: 'USER',
  };
}

function stamp(facts: readonly Fact[]): EngineEvent[] {
  return facts.map(
    (fact, i) =>
      ({
        commandId: `given-${i + 1}`,
        ...fact,
        seq: i + 1,
        time: GIVEN_TIME + i + 1,
      }) as EngineEvent,
  );
}

const engineDecider = (symbol: string): Decider<MatchingEngine, EngineCommand, EngineEvent> => ({
  initialState: () => MatchingEngine.create(symbol),
  evolve: (engine, event) => {
    engine.apply(event);
    return engine;
  },
  decide: (command, engine) => engine.execute(command),
});

/** given(...facts).when(command).thenEvents(events), for one symbol's engine. */
export function givenEvents(symbol: string, ...facts: (Fact | Fact[])[]) {
  const events = stamp(facts.flat());
  const spec = specification({
    ...engineDecider(symbol),
    // The decision evolves the engine itself; the specification must not apply its events a second time.
    evolve: (engine: MatchingEngine, event: EngineEvent) => {
      if (event.seq <= engine.seq) return engine;
      engine.apply(event);
      return engine;
    },
  })(...events);
  return {
    when(command: EngineCommand) {
      const outcome = spec.when(command);
      const replayed = MatchingEngine.create(symbol);
      for (const event of [...events, ...outcome.events]) replayed.apply(event);
      expect(replayed.stateHash()).toBe(outcome.state.stateHash());
      return outcome;
    },
  };
}
