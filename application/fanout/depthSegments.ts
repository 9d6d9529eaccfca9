import type { EngineEvent } from '../../core/engine/events';
import { depthChanges, type LevelChange } from '../../core/marketData/depthChanges';

/**
 * Level changes of the events after `after` up to `upTo`: one diff depth message. Messages partition the
 * sequence: each one's U and pu are the previous one's u.
 */
export interface DepthSegment {
  readonly after: number;
  readonly upTo: number;
  readonly changes: readonly LevelChange[];
  /** Time of the last event (the message's T). */
  readonly time: number;
  /** The event chain's link at upTo, when upTo ends a committed item (the `chain` field of the message). */
  readonly chain?: string;
}

/**
 * API Gateway takes messages up to 128 KB; a level is ~30 bytes of JSON, so 2,000 levels leave ample room.
 */
export const MAX_LEVELS_PER_MESSAGE = 2_000;

/**
 * The diff depth messages of a gap-free run of events after sequence `after`: one message for the whole run
 * (Binance's @100ms/@250ms/@500ms streams coalesce the same way), split at event boundaries only when it would
 * exceed the message size. Every message is sent, even with no level change, so `pu` always chains.
 *
 * U = pu = the sequence before the message's first event, u = its last event's sequence. The REST depth's
 * lastUpdateId is always an event-batch boundary B, and the message covering B has U ≤ B ≤ u (or u = B), so a
 * client following Binance's procedure (drop u < lastUpdateId; first message U ≤ lastUpdateId ≤ u; then pu =
 * previous u) finds its first message and never a gap. Applying a message onto a book already past U is harmless:
 * quantities are absolute, the level values as of u.
 */
export function depthSegments(
  events: readonly EngineEvent[],
  after: number,
  maxLevels = MAX_LEVELS_PER_MESSAGE,
): DepthSegment[] {
  if (events.length === 0) return [];
  const changes = depthChanges(events);
  const upTo = events[events.length - 1]!.seq;
  if (changes.length <= maxLevels || events.length === 1) {
    return [{ after, upTo, changes, time: events[events.length - 1]!.time }];
  }
  const middle = Math.floor(events.length / 2);
  const left = events.slice(0, middle);
  return [
    ...depthSegments(left, after, maxLevels),
    ...depthSegments(events.slice(middle), left[left.length - 1]!.seq, maxLevels),
  ];
}
