import { gunzipSync, gzipSync } from 'node:zlib';
import type { StoredSnapshot } from '../adapters/aws/eventStore/snapshotStore';
import type { Checkpoint } from '../application/ports/eventLog';
import { murmur3x86_128 } from '../core/hash';

/**
 * What the matcher stores to recover a symbol without replaying its whole log: the engine's snapshot, plus the
 * two things outside the engine that recovery needs, the checkpoint of the last command it reflects and the
 * recent command ids (for dropping duplicates exactly as an uninterrupted run would).
 */
export interface SymbolSnapshot {
  readonly seq: number;
  readonly engine: Uint8Array;
  readonly checkpoint: Checkpoint | null;
  readonly recentCommandIds: readonly string[];
  /** The hash chain's link of the last item the snapshot includes; null on snapshots taken before the chain. */
  readonly chain: string | null;
}

export function packSymbolSnapshot(snapshot: SymbolSnapshot): StoredSnapshot {
  const header = new TextEncoder().encode(
    JSON.stringify({
      checkpoint: snapshot.checkpoint,
      recentCommandIds: snapshot.recentCommandIds,
      chain: snapshot.chain,
    }),
  );
  const raw = new Uint8Array(4 + header.length + snapshot.engine.length);
  new DataView(raw.buffer).setUint32(0, header.length, true);
  raw.set(header, 4);
  raw.set(snapshot.engine, 4 + header.length);
  return { seq: snapshot.seq, bytes: gzipSync(raw), hash: murmur3x86_128(snapshot.engine) };
}

export function unpackSymbolSnapshot(stored: StoredSnapshot): SymbolSnapshot {
  const raw = gunzipSync(stored.bytes);
  const headerLength = new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(0, true);
  const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8'));
  const engine = new Uint8Array(raw.subarray(4 + headerLength));
  if (murmur3x86_128(engine) !== stored.hash)
    throw new Error(`snapshot at ${stored.seq} does not match its hash`);
  return {
    seq: stored.seq,
    engine,
    checkpoint: header.checkpoint,
    recentCommandIds: header.recentCommandIds,
    chain: header.chain ?? null,
  };
}
