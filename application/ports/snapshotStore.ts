import type { Checkpoint } from './eventLog';

/**
 * What the matcher stores to recover a symbol without replaying its whole log: the engine's snapshot, plus the
 * things outside the engine that recovery needs: the checkpoint of the last command it reflects, the recent
 * command ids (for dropping duplicates exactly as an uninterrupted run would) and the hash chain's link there.
 */
export interface SymbolSnapshot {
  /** The sequence of the last event the snapshot includes. */
  readonly seq: number;
  /** The engine's encoded snapshot (core/engine/snapshot.ts). */
  readonly engine: Uint8Array;
  readonly checkpoint: Checkpoint | null;
  readonly recentCommandIds: readonly string[];
  /** The hash chain's link of the last item the snapshot includes; null on snapshots taken before the chain. */
  readonly chain: string | null;
}

/**
 * The snapshots kept for looking back (application/audit/): besides the newest few the matcher recovers from, one
 * per archive interval is never pruned, so the state at any past sequence is the nearest snapshot at or before it
 * plus at most one interval of events. A snapshot is only a shortcut: without one, the answer comes from seq 1.
 */
export interface SnapshotArchive {
  /** The newest complete snapshot at or before `seq`, checked against its hash, or undefined. */
  atOrBefore(stream: string, seq: number): Promise<SymbolSnapshot | undefined>;
}
