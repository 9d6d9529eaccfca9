import { gunzipSync, gzipSync } from 'node:zlib';
import { eventsFromJson, eventsToJson } from '../../../core/engine/eventCodec';
import type { EngineEvent } from '../../../core/engine/events';

/** Items are at most 400 KB; compressed events stay below this, leaving room for the other attributes. */
export const MAX_EVENT_BYTES = 350_000;

/**
 * The events of an item as stored: gzip of their JSON. Trade-heavy batches compress 5-10×, which is what lets a
 * batch of thousands of events fit one item, and the store pays write units per KB.
 */
export function packEvents(events: readonly EngineEvent[]): Uint8Array {
  const known = recentlyPacked.get(events);
  if (known !== undefined) return known;
  const bytes = gzipSync(eventsToJson(events), { level: 6 });
  recentlyPacked.set(events, bytes);
  return bytes;
}

/**
 * The bytes of event arrays packed before, while the arrays live: the matcher packs an item to check that it fits
 * (matching-fargate/itemPacking.ts), then the event store packs the very same array to write it. JSON and gzip
 * were 30% of the matcher's CPU per event on that path (bench/matcherCommit.bench.ts); events are never changed
 * once decided, so the first bytes stay right.
 */
const recentlyPacked = new WeakMap<readonly EngineEvent[], Uint8Array>();

export function unpackEvents(bytes: Uint8Array): EngineEvent[] {
  return eventsFromJson(gunzipSync(bytes).toString('utf8'));
}

/** Compares stored events by content, not bytes: gzip output may differ between library versions. */
export function sameEvents(stored: Uint8Array, events: readonly EngineEvent[]): boolean {
  return gunzipSync(stored).toString('utf8') === eventsToJson(events);
}
