import {
  type _Record,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-kinesis';
import { readCommandRecord, SYMBOL_KEY } from '../application/ports/commandEnvelope';
import { BrokenChain } from '../application/ports/eventChain';
import type { Checkpoint } from '../application/ports/eventLog';
import type { Logger } from '../service-runtime/logger';
import { type Doorbell, sleepUnless } from './doorbell';
import { IdleBackoff } from './idleBackoff';
import type { Lease, LeaseManager } from './leaseManager';
import type { Metrics } from './metrics';
import { Fenced, type Stores, SymbolStream } from './symbolStream';

/**
 * How often a busy shard's lease checkpoint is written: one lease write a second instead of one per batch (a batch
 * is 5–40 a second), and a next owner re-reads at most about a second of records, which it skips.
 */
export const LEASE_CHECKPOINT_EVERY_MS = 1_000;

export interface ConsumerSettings {
  readonly streamName: string;
  /** Records per GetRecords call: the most a batch holds. */
  readonly batchLimit: number;
  /** Wait between polls of an idle shard (Kinesis allows 5 GetRecords per second per shard). */
  readonly idlePollMs: number;
  /** After a second without records the wait doubles per empty poll up to this (default: idlePollMs, fixed). */
  readonly maxIdlePollMs?: number;
  /** Stop writing this long before the lease expires by our own clock: a paused process must not write late. */
  readonly leaseSafetyMs: number;
  readonly snapshotEveryEvents: number;
  readonly snapshotEveryMs: number;
  readonly snapshotsKept: number;
  /**
   * The lease's checkpoint (where the next owner starts reading the shard) is written at most this often, and on a
   * graceful stop. It is only a starting point: each events item carries its own checkpoint, so records re-read
   * from an older lease checkpoint are skipped as already reflected (the same as after a crash between a commit
   * and its lease write). Default 0: after every batch.
   */
  readonly checkpointEveryMs?: number;
  /**
   * Rung when commands may have been put (only where the putter runs in this process: the local stack); ends the
   * wait between polls at once. Without one the wait runs out, as on AWS.
   */
  readonly doorbell?: Doorbell;
}

/** The worker and the consumer share the lease: the worker renews it, the consumer checkpoints it. */
export interface HeldLease {
  current: Lease;
  lost: boolean;
}

export type ConsumerExit = 'ended' | 'stopped' | 'lost' | 'fenced';

/**
 * Consumes one shard: recovers the shard's symbols from the store, reads records from the checkpoint in order,
 * decides each with its symbol's engine, commits one events item per symbol per batch, then checkpoints the lease.
 * Records whose effect the store already holds are skipped, so after any crash every command counts exactly once.
 */
export class ShardConsumer {
  private readonly streams = new Map<string, SymbolStream>();
  private readonly snapshotsInFlight = new Map<string, Promise<void>>();
  private readonly lastSnapshotAt = new Map<string, number>();
  private stopRequested = false;
  private lastReadSequence: string | null;
  /** When the lease's checkpoint was last written (or the lease taken), by this process's clock. */
  private checkpointedAt: number;

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly leases: LeaseManager,
    private readonly stores: Stores,
    private readonly held: HeldLease,
    private readonly settings: ConsumerSettings,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastReadSequence = held.current.checkpoint;
    this.checkpointedAt = clock();
  }

  get shardId(): string {
    return this.held.current.shardId;
  }

  /** Finish the batch in hand, commit it, and return. */
  requestStop(): void {
    this.stopRequested = true;
  }

  async run(): Promise<ConsumerExit> {
    try {
      for (const symbol of this.held.current.symbols) await this.recover(symbol);
      let iterator = await this.iterator();
      let throttled = 0;
      const idle = new IdleBackoff(this.settings.idlePollMs, this.settings.maxIdlePollMs);
      while (!this.stopRequested && !this.held.lost) {
        let response: Awaited<ReturnType<typeof this.getRecords>>;
        // Taken before the poll: a command put during it rings this, and the wait after the poll ends at once.
        const rung = this.settings.doorbell?.next(this.shardId);
        try {
          response = await this.getRecords(iterator);
        } catch (error) {
          if (error instanceof ExpiredIteratorException) {
            iterator = await this.iterator();
            continue;
          }
          if (error instanceof ProvisionedThroughputExceededException) {
            await sleep(Math.min(2_000, 100 * 2 ** Math.min(throttled++, 5)));
            continue;
          }
          throw error;
        }
        throttled = 0; // the back-off ends with the first call that gets through, records or not
        const records = response.Records ?? [];
        this.metrics.millisBehind.set(this.shardId, response.MillisBehindLatest ?? 0);
        if (records.length > 0 && !(await this.processBatch(records))) {
          return this.held.lost ? 'lost' : 'fenced';
        }
        // A quiet shard gets its checkpoint too, once due: a next owner then starts at the tip.
        if (records.length === 0 && !(await this.checkpointIfDue())) return 'lost';
        if (response.NextShardIterator === undefined || response.NextShardIterator === null) {
          const ended = await this.leases.markEnded(this.held.current);
          this.log.info('shard ended', { shard: this.shardId, marked: ended !== undefined });
          return 'ended';
        }
        iterator = response.NextShardIterator;
        const found = idle.after(records.length > 0);
        // With a doorbell, a batch that was not full is followed by the wait, not at once by a poll that would
        // come back empty: every put since the poll began has rung, and the wait then ends at once.
        const wait =
          rung !== undefined && records.length > 0 && records.length < this.settings.batchLimit
            ? this.settings.idlePollMs
            : found;
        if (wait > 0) await (rung === undefined ? sleep(wait) : sleepUnless(wait, rung));
      }
      // A drained shard's lease names the last record committed, so a next owner re-reads nothing.
      if (!this.held.lost && !(await this.checkpointIfDue(true))) return 'lost';
      return this.held.lost ? 'lost' : 'stopped';
    } catch (error) {
      if (error instanceof Fenced) {
        this.metrics.fencedWrites++;
        this.log.warn('fenced: another matcher writes this shard now', {
          shard: this.shardId,
          reason: error.message,
        });
        return 'fenced';
      }
      throw error;
    } finally {
      await Promise.allSettled(this.snapshotsInFlight.values());
    }
  }

  private async getRecords(iterator: string) {
    return this.kinesis.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: this.settings.batchLimit }),
    );
  }

  private async iterator(): Promise<string> {
    const after = this.lastReadSequence;
    const response = await this.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: this.settings.streamName,
        ShardId: this.shardId,
        ...(after === null
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }),
      }),
    );
    return response.ShardIterator!;
  }

  /** Decides a batch and commits it; false if the lease was lost before the commit (nothing was written). */
  private async processBatch(records: readonly _Record[]): Promise<boolean> {
    for (const record of records) {
      this.metrics.recordsRead++;
      const checkpoint: Checkpoint = { shardId: this.shardId, sequenceNumber: record.SequenceNumber! };
      this.lastReadSequence = checkpoint.sequenceNumber;
      const symbol = record.PartitionKey ?? '';
      const stream = SYMBOL_KEY.test(symbol) ? await this.streamOf(symbol) : undefined;
      if (stream === undefined) {
        if (this.held.lost) return false;
        this.poison(record, `partition key ${JSON.stringify(symbol)} is no symbol`);
        continue;
      }
      if (stream.reflects(checkpoint)) {
        this.metrics.replayedRecordsSkipped++;
        continue;
      }
      const time = record.ApproximateArrivalTimestamp?.getTime() ?? this.clock();
      const read = readCommandRecord(record.Data ?? new Uint8Array(), symbol, time, stream.engine.instrument);
      if (read.kind === 'poison') {
        this.poison(record, read.reason);
        continue;
      }
      const executed = stream.execute(read.command, checkpoint);
      if (executed.kind === 'duplicate') this.metrics.duplicatesDropped++;
      else this.metrics.commandsApplied++;
    }
    const started = this.clock();
    if (!this.mayWrite()) return false;
    for (const stream of this.streams.values()) {
      const committed = await stream.commit();
      this.metrics.eventsCommitted += committed.events;
      this.metrics.itemsCommitted += committed.items;
    }
    if (!(await this.checkpointIfDue())) return false;
    this.metrics.recordBatch(records.length, this.clock() - started);
    this.maybeSnapshot();
    return true;
  }

  /**
   * Writes the lease's checkpoint if records were committed since the last one and it is due (or `now`); false if
   * the lease was lost (the conditional write found another owner or counter).
   */
  private async checkpointIfDue(now = false): Promise<boolean> {
    const sequenceNumber = this.lastReadSequence;
    if (sequenceNumber === null || sequenceNumber === this.held.current.checkpoint) return true;
    if (!now && this.clock() - this.checkpointedAt < (this.settings.checkpointEveryMs ?? 0)) return true;
    const checkpointed = await this.leases.checkpoint(this.held.current, sequenceNumber);
    if (checkpointed === undefined) {
      this.held.lost = true;
      return false;
    }
    this.checkpointedAt = this.clock();
    // Only the checkpoint: the worker may have renewed the lease (a later expiry) while this write was in flight.
    this.held.current = { ...this.held.current, checkpoint: checkpointed.checkpoint };
    return true;
  }

  /** Our own clock says the lease is still ours with a margin; a process that was paused past it stops here. */
  private mayWrite(): boolean {
    if (this.held.current.expires - this.settings.leaseSafetyMs <= this.clock()) this.held.lost = true;
    return !this.held.lost;
  }

  /**
   * Before a claim: the lease is still ours by our clock and, read from the table, by owner and counter. The
   * clock alone misses a lease taken over while this process was paused but before it expired (another worker
   * balancing the shards takes a live lease).
   */
  private async stillHolds(): Promise<boolean> {
    if (!this.mayWrite()) return false;
    const stored = await this.leases.get(this.shardId);
    if (stored?.owner !== this.leases.workerId || stored.counter !== this.held.current.counter)
      this.held.lost = true;
    return !this.held.lost;
  }

  private async streamOf(symbol: string): Promise<SymbolStream | undefined> {
    const known = this.streams.get(symbol);
    if (known !== undefined) return known;
    if (!this.mayWrite()) return undefined;
    const updated = await this.leases.addSymbol(this.held.current, symbol);
    if (updated === undefined) {
      this.held.lost = true;
      return undefined;
    }
    this.held.current = { ...this.held.current, symbols: updated.symbols };
    return this.recover(symbol);
  }

  private async recover(symbol: string): Promise<SymbolStream> {
    const started = this.clock();
    const counter = this.held.current.counter;
    const writer = { id: `${this.leases.workerId}/${this.shardId}/${counter}`, fence: counter };
    let stream: SymbolStream;
    try {
      stream = await SymbolStream.recover(symbol, this.stores, writer, () => this.stillHolds());
    } catch (error) {
      // The log is not what was written: trading on must wait for an operator (docs/operations.md, runbook
      // EventChainBroken). The consumer fails; the worker retries the shard, and the metric keeps the alarm on.
      if (error instanceof BrokenChain) {
        this.metrics.brokenChains++;
        this.log.error('event chain broken: refusing to recover', {
          alarm: 'EventChainBroken',
          shard: this.shardId,
          symbol,
          seq: error.seq,
          reason: error.message,
        });
      }
      throw error;
    }
    this.streams.set(symbol, stream);
    this.lastSnapshotAt.set(symbol, this.clock());
    this.log.info('symbol recovered', {
      shard: this.shardId,
      symbol,
      seq: stream.engine.seq,
      ms: this.clock() - started,
    });
    return stream;
  }

  private maybeSnapshot(): void {
    const now = this.clock();
    for (const [symbol, stream] of this.streams) {
      if (this.snapshotsInFlight.has(symbol) || stream.eventsSinceSnapshot === 0) continue;
      const due =
        stream.eventsSinceSnapshot >= this.settings.snapshotEveryEvents ||
        now - (this.lastSnapshotAt.get(symbol) ?? now) >= this.settings.snapshotEveryMs;
      if (!due) continue;
      const writing = stream.snapshot(this.settings.snapshotsKept);
      if (writing === undefined) continue;
      this.lastSnapshotAt.set(symbol, now);
      this.snapshotsInFlight.set(
        symbol,
        writing
          .then(() => {
            this.metrics.snapshotsWritten++;
          })
          .catch((error) => this.log.warn('snapshot failed', { symbol, error }))
          .finally(() => this.snapshotsInFlight.delete(symbol)),
      );
    }
  }

  private poison(record: _Record, reason: string): void {
    this.metrics.poisonRecords++;
    this.log.warn('poison record skipped', {
      shard: this.shardId,
      sequenceNumber: record.SequenceNumber,
      reason,
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
