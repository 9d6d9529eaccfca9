import type { StoredSnapshot } from '../../adapters/aws/eventStore/snapshotStore';
import { uniqueSymbol } from './support';

/** What the matcher and the audit need of a snapshot store (DynamoSnapshotStore, MemorySnapshotStore). */
export interface SnapshotStoreUnderTest {
  write(stream: string, snapshot: StoredSnapshot): Promise<void>;
  newest(stream: string): Promise<StoredSnapshot | undefined>;
  atOrBefore(stream: string, seq: number): Promise<StoredSnapshot | undefined>;
  prune(stream: string, keep: number): Promise<number>;
}

function snapshotAt(seq: number, size = 16): StoredSnapshot {
  return { seq, bytes: new Uint8Array(size).fill(seq % 251), hash: `h${seq}` };
}

/** `make(archiveEvery)`: a fresh store that archives one snapshot per that many events. */
export function snapshotStoreContract(make: (archiveEvery: number) => SnapshotStoreUnderTest): void {
  describe('snapshot store', () => {
    test('newest and at-or-before read back the bytes and hash written, large ones in parts included', async () => {
      const store = make(1_000);
      const s = uniqueSymbol();
      expect(await store.newest(s)).toBeUndefined();
      await store.write(s, snapshotAt(100));
      await store.write(s, snapshotAt(250, 800_000));
      await store.write(s, snapshotAt(400));
      expect(await store.newest(s)).toEqual(snapshotAt(400));
      expect(await store.atOrBefore(s, 399)).toEqual(snapshotAt(250, 800_000));
      expect(await store.atOrBefore(s, 250)).toEqual(snapshotAt(250, 800_000));
      expect(await store.atOrBefore(s, 100)).toEqual(snapshotAt(100));
      expect(await store.atOrBefore(s, 99)).toBeUndefined();
    });

    test('prune keeps the newest few and the first snapshot of each archive window, never more', async () => {
      const store = make(1_000);
      const s = uniqueSymbol();
      for (let seq = 300; seq <= 3_300; seq += 300) {
        await store.write(s, snapshotAt(seq));
        await store.prune(s, 2);
      }
      const left: number[] = [];
      for (let seq = 3_300; seq > 0; ) {
        const found = await store.atOrBefore(s, seq);
        if (found === undefined) break;
        left.push(found.seq);
        seq = found.seq - 1;
      }
      // Windows [0,1000), [1000,2000), [2000,3000), [3000,…): their first snapshots, and the newest two.
      expect(left.reverse()).toEqual([300, 1_200, 2_100, 3_000, 3_300]);
    });
  });
}
