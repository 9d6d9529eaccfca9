import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_ARCHIVE_EVERY } from '../adapters/aws/eventStore/snapshotStore';
import { DEFAULT_PREFIX, streamName, tableName } from '../resources/declarations';
import { envNumbers } from '../service-runtime/envNumber';
import type { LogLevel } from '../service-runtime/logger';
import type { WorkerSettings } from './matcherWorker';
import { LEASE_CHECKPOINT_EVERY_MS } from './shardConsumer';

/** Everything the matcher reads from its environment, with the defaults it runs with. */
export interface MatcherConfig extends WorkerSettings {
  readonly workerId: string;
  readonly leasesTable: string;
  readonly eventsTable: string;
  readonly snapshotsTable: string;
  /** One snapshot per this many events is archived (never pruned), for point-in-time queries. */
  readonly snapshotArchiveEvery: number;
  readonly leaseDurationMs: number;
  readonly healthPort: number;
  readonly logLevel: LogLevel;
  readonly metricsIntervalMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): MatcherConfig {
  const prefix = env.SHARDEX_PREFIX ?? DEFAULT_PREFIX;
  const number = envNumbers(env, 'non-negative number');
  const leaseDurationMs = number('MATCHER_LEASE_DURATION_MS', 10_000);
  return {
    workerId: env.MATCHER_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    streamName: env.SHARDEX_COMMANDS_STREAM ?? streamName('commands', prefix),
    leasesTable: env.SHARDEX_LEASES_TABLE ?? tableName('leases', prefix),
    eventsTable: env.SHARDEX_EVENTS_TABLE ?? tableName('events', prefix),
    snapshotsTable: env.SHARDEX_SNAPSHOTS_TABLE ?? tableName('snapshots', prefix),
    leaseDurationMs,
    renewIntervalMs: number('MATCHER_RENEW_INTERVAL_MS', Math.floor(leaseDurationMs / 4)),
    leaseSafetyMs: number('MATCHER_LEASE_SAFETY_MS', Math.floor(leaseDurationMs / 5)),
    shardSyncIntervalMs: number('MATCHER_SHARD_SYNC_INTERVAL_MS', 60_000),
    batchLimit: number('MATCHER_BATCH_LIMIT', 1_000),
    idlePollMs: number('MATCHER_IDLE_POLL_MS', 200),
    checkpointEveryMs: number('MATCHER_CHECKPOINT_INTERVAL_MS', LEASE_CHECKPOINT_EVERY_MS),
    snapshotEveryEvents: number('MATCHER_SNAPSHOT_EVERY_EVENTS', 100_000),
    snapshotEveryMs: number('MATCHER_SNAPSHOT_EVERY_MS', 300_000),
    snapshotsKept: number('MATCHER_SNAPSHOTS_KEPT', 3),
    snapshotArchiveEvery: Math.max(1, number('MATCHER_SNAPSHOT_ARCHIVE_EVERY', DEFAULT_ARCHIVE_EVERY)),
    healthPort: number('MATCHER_HEALTH_PORT', 8080),
    metricsIntervalMs: number('MATCHER_METRICS_INTERVAL_MS', 60_000),
    logLevel: (env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
  };
}
