import { DEFAULT_ARCHIVE_EVERY, type StoredSnapshot } from '../aws/eventStore/snapshotStore';

/**
 * The matcher's snapshots in memory, with the DynamoDB store's behaviour (test/contracts/snapshotStore.contract.ts):
 * newest, at or before a sequence, and pruning that keeps the newest few and one archived snapshot per window.
 */
export class MemorySnapshotStore {
  private readonly byStream = new Map<string, StoredSnapshot[]>();

  constructor(private readonly archiveEvery: number = DEFAULT_ARCHIVE_EVERY) {}

  async write(stream: string, snapshot: StoredSnapshot): Promise<void> {
    const kept = (this.byStream.get(stream) ?? []).filter((s) => s.seq !== snapshot.seq);
    kept.push({ ...snapshot, bytes: new Uint8Array(snapshot.bytes) });
    this.byStream.set(
      stream,
      kept.sort((a, b) => a.seq - b.seq),
    );
  }

  async newest(stream: string): Promise<StoredSnapshot | undefined> {
    return this.byStream.get(stream)?.at(-1);
  }

  async atOrBefore(stream: string, seq: number): Promise<StoredSnapshot | undefined> {
    return (this.byStream.get(stream) ?? []).filter((s) => s.seq <= seq).at(-1);
  }

  async prune(stream: string, keep: number): Promise<number> {
    const all = this.byStream.get(stream) ?? [];
    const older = all.slice(0, Math.max(0, all.length - keep));
    const kept: StoredSnapshot[] = [];
    let archivedWindow = -1;
    for (const snapshot of older) {
      const window = Math.floor(snapshot.seq / this.archiveEvery);
      if (window === archivedWindow) continue;
      archivedWindow = window;
      kept.push(snapshot);
    }
    this.byStream.set(stream, [...kept, ...all.slice(older.length)]);
    return older.length - kept.length;
  }
}
