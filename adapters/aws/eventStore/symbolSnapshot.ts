import { gunzipSync, gzipSync } from 'node:zlib';
import type { SnapshotArchive, SymbolSnapshot } from '../../../application/ports/snapshotStore';
import { murmur3x86_128 } from '../../../core/hash';
import type { StoredSnapshot } from './snapshotStore';

export type { SymbolSnapshot };

/** The stored form: a length-prefixed JSON header and the engine's bytes, gzipped; the hash is the engine's. */
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

/** The archive port over any store of packed snapshots (DynamoDB's, or the memory one). */
export function snapshotArchive(store: {
  atOrBefore(stream: string, seq: number): Promise<StoredSnapshot | undefined>;
}): SnapshotArchive {
  return {
    async atOrBefore(stream, seq) {
      const stored = await store.atOrBefore(stream, seq);
      return stored === undefined ? undefined : unpackSymbolSnapshot(stored);
    },
  };
}
