import { MAX_EVENT_BYTES, packEvents } from '../adapters/aws/eventStore/eventItem';
import type { Checkpoint } from '../application/ports/eventLog';
import type { EngineEvent } from '../core/engine/events';

/** The events one command produced, and the checkpoint of the record it came from. */
export interface CommandOutcome {
  readonly events: readonly EngineEvent[];
  readonly checkpoint: Checkpoint;
}

/** One events item to write. `checkpoint` is null on the leading parts of a command cut across items. */
export interface PlannedItem {
  readonly events: readonly EngineEvent[];
  readonly checkpoint: Checkpoint | null;
}

/**
 * Whole commands per item, up to this many events. Few enough that an item compresses far below the 400 KB item
 * limit (trade events take ~60-100 bytes gzipped), many enough that a hot symbol writes a few items a second,
 * not one per event (one partition key takes ~1,000 writes/s).
 */
export const EVENTS_PER_ITEM = 2_000;

/**
 * Packs a symbol's uncommitted command outcomes into items: whole commands while they fit, so that every item
 * but the leading parts of one enormous command ends on a command boundary and carries that command's
 * checkpoint. An item that still compresses too large is split again, at a command boundary when it has more
 * than one command, or through the middle of a single command otherwise.
 */
export function planItems(outcomes: readonly CommandOutcome[]): PlannedItem[] {
  const items: PlannedItem[] = [];
  const place = (pieces: readonly PlannedItem[]) => {
    const events = pieces.flatMap((p) => p.events);
    if (packEvents(events).length <= MAX_EVENT_BYTES) {
      items.push({ events, checkpoint: pieces[pieces.length - 1]!.checkpoint });
    } else if (pieces.length > 1) {
      const middle = Math.floor(pieces.length / 2);
      place(pieces.slice(0, middle));
      place(pieces.slice(middle));
    } else {
      const only = pieces[0]!;
      const middle = Math.ceil(only.events.length / 2);
      place([{ events: only.events.slice(0, middle), checkpoint: null }]);
      place([{ events: only.events.slice(middle), checkpoint: only.checkpoint }]);
    }
  };
  let group: PlannedItem[] = [];
  let count = 0;
  for (const outcome of outcomes) {
    if (group.length > 0 && count + outcome.events.length > EVENTS_PER_ITEM) {
      place(group);
      group = [];
      count = 0;
    }
    group.push(outcome);
    count += outcome.events.length;
  }
  if (group.length > 0) place(group);
  return items;
}
