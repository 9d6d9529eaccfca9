import type { EngineEvent } from '../engine/events';
import type { Instrument } from '../symbol/instrument';
import type { ReadModelFold } from './readModelFold';

/** What a batch added to an append-only model: its state between batches is nothing at all. */
export interface Appended<I> {
  readonly items: readonly I[];
}

/**
 * An append-only model (public trades, fills, funding records) as a fold: every event adds the items it is,
 * which never change afterwards, so nothing needs loading and a batch folded again adds the same items (written
 * again, they are the same values).
 */
export function appendFold<I>(
  itemsOf: (event: EngineEvent, instrument: Instrument) => readonly I[],
): ReadModelFold<Appended<I>, I> {
  const initial: Appended<I> = { items: [] };
  const evolveAll = (state: Appended<I>, events: readonly EngineEvent[], instrument: Instrument) => {
    const added = events.flatMap((event) => itemsOf(event, instrument));
    return added.length === 0 ? state : { items: [...state.items, ...added] };
  };
  return {
    initial,
    evolve: (state, event, instrument) => evolveAll(state, [event], instrument),
    evolveAll,
    changes: (before, after) => after.items.slice(before.items.length),
    retain: () => initial,
  };
}
