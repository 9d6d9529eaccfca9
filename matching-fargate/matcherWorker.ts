import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Logger } from '../service-runtime/logger';
import type { LeaseManager } from './leaseManager';
import type { Metrics } from './metrics';
import { type ConsumerSettings, type HeldLease, ShardConsumer } from './shardConsumer';
import type { Stores } from './symbolStream';

export interface WorkerSettings extends ConsumerSettings {
  /** How often held leases are renewed and free ones looked for. */
  readonly renewIntervalMs: number;
  /** How often the lease table is synced with the stream's shards (resharding). */
  readonly shardSyncIntervalMs: number;
}

interface Running {
  readonly held: HeldLease;
  readonly consumer: ShardConsumer;
  readonly done: Promise<void>;
}

/**
 * One matcher process: keeps its leases renewed, takes its fair share of shards, runs a consumer per shard, and on
 * shutdown lets every consumer commit the batch in hand before releasing its lease.
 */
export class MatcherWorker {
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | undefined;
  private lastShardSync = 0;
  private ticking: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly leases: LeaseManager,
    private readonly stores: Stores,
    private readonly settings: WorkerSettings,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  get shards(): string[] {
    return [...this.running.keys()].sort();
  }

  async start(): Promise<void> {
    await this.leases.syncShards();
    this.lastShardSync = this.clock();
    await this.tick();
    this.timer = setInterval(() => {
      this.ticking = this.ticking
        .then(() => this.tick())
        .catch((error) => this.log.error('lease tick failed', { error }));
    }, this.settings.renewIntervalMs);
  }

  /** Graceful drain: stop taking shards, let each consumer commit its batch, release every lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    for (const { consumer } of this.running.values()) consumer.requestStop();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private async tick(): Promise<void> {
    if (this.stopping) return;
    for (const [shardId, run] of this.running) {
      if (run.held.lost) continue;
      const renewed = await this.leases.renew(run.held.current);
      if (renewed === undefined) {
        run.held.lost = true;
        this.log.warn('lease lost', { shard: shardId });
      } else {
        run.held.current = {
          ...renewed,
          checkpoint: run.held.current.checkpoint,
          symbols: run.held.current.symbols,
        };
      }
    }
    if (this.clock() - this.lastShardSync >= this.settings.shardSyncIntervalMs) {
      await this.leases.syncShards();
      this.lastShardSync = this.clock();
    }
    const all = await this.leases.list();
    for (const lease of this.leases.chooseLeasesToTake(all, new Set(this.running.keys()))) {
      const taken = await this.leases.take(lease);
      if (taken === undefined) continue;
      this.log.info('lease taken', { shard: taken.shardId, counter: taken.counter, from: lease.owner });
      this.startConsumer({ current: taken, lost: false });
    }
  }

  private startConsumer(held: HeldLease): void {
    const shardId = held.current.shardId;
    const consumer = new ShardConsumer(
      this.kinesis,
      this.leases,
      this.stores,
      held,
      this.settings,
      this.metrics,
      this.log,
      this.clock,
    );
    const done = consumer
      .run()
      .then(async (exit) => {
        this.log.info('consumer exited', { shard: shardId, exit });
        if (exit === 'stopped' || exit === 'fenced') await this.leases.release(held.current);
      })
      .catch(async (error) => {
        this.log.error('consumer failed', { shard: shardId, error });
        await this.leases.release(held.current).catch(() => undefined);
      })
      .finally(() => {
        this.running.delete(shardId);
        this.metrics.millisBehind.delete(shardId);
      });
    this.running.set(shardId, { held, consumer, done });
  }
}
