import type { EngineEvent } from '../engine/events';
import type { Instrument } from '../symbol/instrument';

/**
 * A read model's logic, and all of it: how one event changes the model's state for one symbol, which stored items
 * differ between two states, and what of the state is worth keeping in memory between batches. Everything else
 * (loading after a cold start, caching, coalesced writes, progress) is the runner's
 * (application/projections/foldRunner.ts), the same for every model and every consumer: the projector, the
 * rebuild command and the fan-out.
 *
 * `evolve` must skip an event the state already reflects (each item remembers the sequence of the last event
 * folded into it): a state loaded from items a crashed batch half wrote, or ahead of a redelivered batch, then
 * folds the batch to the same items as a clean run.
 */
export interface ReadModelFold<S, I> {
  /** The state of a symbol nothing was folded into (and nothing stored). */
  readonly initial: S;
  evolve(state: S, event: EngineEvent, instrument: Instrument): S;
  /** The same as evolving by each event in turn, in one step (where a copy per event would cost). */
  evolveAll?(state: S, events: readonly EngineEvent[], instrument: Instrument): S;
  /** The items that differ from `before` in `after`, each once with its newest value: what a batch writes. */
  changes(before: S, after: S): I[];
  /** The part of a state kept between batches (the items a next batch can still change). */
  retain(state: S): S;
}

/** The state after a run of events, one by one. */
export function foldEvents<S>(
  fold: Pick<ReadModelFold<S, unknown>, 'evolve' | 'evolveAll'>,
  state: S,
  events: readonly EngineEvent[],
  instrument: Instrument,
): S {
  if (fold.evolveAll !== undefined) return fold.evolveAll(state, events, instrument);
  let folded = state;
  for (const event of events) folded = fold.evolve(folded, event, instrument);
  return folded;
}
