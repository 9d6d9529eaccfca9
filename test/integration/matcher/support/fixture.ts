// One test file's world: the emulators (kinesalite by default, SHARDEX_KINESIS=kinesis-local for the other),
// the commands stream, and matcher processes started against them.

import type { Shard } from '@aws-sdk/client-kinesis';
import { type LocalEmulators, startEmulators } from '../../../../local/emulators';
import { resourceNames } from '../../../../resources/declarations';
import { killAllMatchers, type MatcherOptions, MatcherProcess, matcherBundle } from './matcherProcess';
import {
  eventsOf,
  listShards,
  type OutRecord,
  PutLog,
  provisionTables,
  putRecords,
  readAllRecords,
  readEventItems,
  readLeases,
  type StoredItem,
  waitCaughtUp,
} from './stack';

/** Long versions of the tests (more commands, more kills): SHARDEX_MATCHER_LONG=1. */
export const LONG = process.env.SHARDEX_MATCHER_LONG === '1' || process.env.SHARDEX_MATCHER_LONG === 'true';

/** Number from the environment, else the default (short) or the long default. */
export function envNumber(name: string, short: number, long = short): number {
  const raw = process.env[name];
  if (raw !== undefined && raw !== '') return Number(raw);
  return LONG ? long : short;
}

export type MatcherSettings = Omit<MatcherOptions, 'id' | 'endpoints' | 'prefix' | 'stream'> & {
  readonly prefix?: string;
};

export class Fixture {
  readonly puts = new PutLog();

  private constructor(
    readonly local: LocalEmulators,
    readonly shards: Shard[],
  ) {}

  static async start(): Promise<Fixture> {
    // Build the bundle while the emulators start.
    const [local] = await Promise.all([startEmulators(), matcherBundle()]);
    return new Fixture(local, await listShards(local.clients.kinesis, local.names.streams.commands));
  }

  get stream(): string {
    return this.local.names.streams.commands;
  }

  get prefix(): string {
    return this.local.names.tables.events.replace(/events$/, '');
  }

  get documents() {
    return this.local.clients.documents;
  }

  private readonly stopHooks: (() => Promise<void>)[] = [];

  /** Runs `hook` first thing in stop(): e.g. stop a producer that would otherwise put into stopped emulators. */
  beforeStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /** Kills every matcher (SIGKILL), then stops the emulators. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.stopHooks.map((hook) => hook()));
    await killAllMatchers();
    await this.local.stop();
  }

  async put(records: readonly OutRecord[]): Promise<void> {
    await putRecords(this.local.clients.kinesis, this.stream, records, this.puts);
  }

  matcher(id: string, settings: MatcherSettings = {}): Promise<MatcherProcess> {
    return MatcherProcess.start({
      endpoints: this.local.endpoints,
      stream: this.stream,
      ...settings,
      prefix: settings.prefix ?? this.prefix,
      id,
    });
  }

  /** Waits until the matchers writing the tables of `prefix` have committed every record put so far. */
  waitCaughtUp(prefix = this.prefix, timeoutMs = 60_000, explain?: () => string): Promise<number> {
    return waitCaughtUp(this.documents, resourceNames(prefix).tables.leases, this.puts, timeoutMs, explain);
  }

  items(prefix = this.prefix): Promise<Map<string, StoredItem[]>> {
    return readEventItems(this.documents, resourceNames(prefix).tables.events);
  }

  async events(prefix = this.prefix) {
    return eventsOf(await this.items(prefix));
  }

  leases(prefix = this.prefix) {
    return readLeases(this.documents, resourceNames(prefix).tables.leases);
  }

  records() {
    return readAllRecords(this.local.clients.kinesis, this.stream);
  }

  /**
   * The uninterrupted run on the very same records: a fresh set of tables under another prefix, one matcher that
   * is never disturbed, run until it has consumed the whole stream; returns its items, then stops it.
   */
  async uninterruptedRun(prefix: string, settings: MatcherSettings = {}): Promise<Map<string, StoredItem[]>> {
    await provisionTables(this.local.clients, prefix);
    const matcher = await this.matcher(`${prefix}matcher`, { ...settings, prefix });
    try {
      await this.waitCaughtUp(prefix, 120_000, () => matcher.tail());
    } finally {
      await matcher.kill();
    }
    return this.items(prefix);
  }
}
