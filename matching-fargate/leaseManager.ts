import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { leaseAttributes as A } from '../resources/declarations';

/** A shard lease as its holder knows it. `counter` is the fencing token: it rises with every change of owner. */
export interface Lease {
  readonly shardId: string;
  readonly owner: string | null;
  readonly counter: number;
  readonly expires: number;
  /** Kinesis sequence number up to which every record's effect is committed; null = from the start. */
  readonly checkpoint: string | null;
  readonly parentShardIds: readonly string[];
  readonly ended: boolean;
  readonly symbols: readonly string[];
}

export interface LeaseSettings {
  readonly table: string;
  readonly streamName: string;
  readonly workerId: string;
  /** How long a lease lasts without renewal before others may take it over. */
  readonly leaseDurationMs: number;
}

/**
 * Shard leases after the Kinesis Client Library's pattern: one row per shard; the holder renews it well before it
 * expires; anyone may take over an expired lease (raising its counter); leases are balanced across the live
 * workers by taking free ones first and then one from the busiest worker. Every write is conditional on the
 * counter the writer knows, so a worker that lost a lease finds out at its next write.
 */
export class LeaseManager {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly kinesis: KinesisClient,
    private readonly settings: LeaseSettings,
    private readonly clock: () => number = Date.now,
  ) {}

  get workerId(): string {
    return this.settings.workerId;
  }

  /** Makes sure every shard of the stream (open or closed, parents included) has a lease row. */
  async syncShards(): Promise<void> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.kinesis.send(
        new ListShardsCommand(
          nextToken ? { NextToken: nextToken } : { StreamName: this.settings.streamName },
        ),
      );
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    for (const shard of shards) {
      const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter(
        (p): p is string => p !== undefined,
      );
      try {
        await this.documents.send(
          new PutCommand({
            TableName: this.settings.table,
            Item: {
              [A.shardId]: shard.ShardId,
              [A.counter]: 0,
              [A.expires]: 0,
              [A.parentShardIds]: parents,
              [A.ended]: false,
            },
            ConditionExpression: 'attribute_not_exists(#id)',
            ExpressionAttributeNames: { '#id': A.shardId },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  /** One lease as stored now (a consistent read), or undefined if the shard has no lease row. */
  async get(shardId: string): Promise<Lease | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.settings.table, Key: { [A.shardId]: shardId }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : decodeLease(Item);
  }

  async list(): Promise<Lease[]> {
    const leases: Lease[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({
          TableName: this.settings.table,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      leases.push(...(page.Items ?? []).map(decodeLease));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return leases.sort((a, b) => a.shardId.localeCompare(b.shardId));
  }

  /**
   * The leases this worker should take now: free or expired leases of shards whose parents are finished, up to its
   * fair share; if none is free and it has less than its share, one lease of the busiest worker above its share.
   */
  chooseLeasesToTake(leases: readonly Lease[], held: ReadonlySet<string>): Lease[] {
    const now = this.clock();
    const ended = new Set(leases.filter((l) => l.ended).map((l) => l.shardId));
    const known = new Set(leases.map((l) => l.shardId));
    const open = leases.filter((l) => !l.ended);
    const live = (l: Lease) => l.owner !== null && l.expires > now;
    const workers = new Set(open.filter(live).map((l) => l.owner!));
    workers.add(this.workerId);
    const share = Math.ceil(open.length / workers.size);
    const mine = open.filter((l) => held.has(l.shardId)).length;
    if (mine >= share) return [];
    const ready = (l: Lease) => l.parentShardIds.every((p) => ended.has(p) || !known.has(p));
    const free = open.filter((l) => !held.has(l.shardId) && !live(l) && ready(l)).slice(0, share - mine);
    if (free.length > 0) return free;
    const load = new Map<string, Lease[]>();
    for (const lease of open.filter(live)) load.set(lease.owner!, [...(load.get(lease.owner!) ?? []), lease]);
    const busiest = [...load.entries()]
      .filter(([owner]) => owner !== this.workerId)
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0];
    return busiest !== undefined && busiest[1].length > share ? [busiest[1][busiest[1].length - 1]!] : [];
  }

  /** Takes a lease as last seen; fails (undefined) if anyone changed it since. */
  async take(seen: Lease): Promise<Lease | undefined> {
    const expires = this.clock() + this.settings.leaseDurationMs;
    return this.conditional(
      seen,
      'SET #owner = :me, #counter = :next, #expires = :expires, #heartbeat = :now',
      { ':me': this.workerId, ':next': seen.counter + 1, ':expires': expires, ':now': this.clock() },
      { owner: this.workerId, counter: seen.counter + 1, expires },
    );
  }

  /** Extends a held lease; undefined means it was lost (taken over or changed). */
  async renew(held: Lease): Promise<Lease | undefined> {
    const expires = this.clock() + this.settings.leaseDurationMs;
    return this.conditional(
      held,
      'SET #expires = :expires, #heartbeat = :now',
      { ':expires': expires, ':now': this.clock() },
      { expires },
      true,
    );
  }

  async checkpoint(held: Lease, sequenceNumber: string): Promise<Lease | undefined> {
    return this.conditional(
      held,
      'SET #checkpoint = :checkpoint',
      { ':checkpoint': sequenceNumber },
      { checkpoint: sequenceNumber },
      true,
    );
  }

  /** Records that a symbol lives on this shard, so the next owner recovers it before consuming anything. */
  async addSymbol(held: Lease, symbol: string): Promise<Lease | undefined> {
    if (held.symbols.includes(symbol)) return held;
    return this.conditional(
      held,
      'ADD #symbols :symbol',
      { ':symbol': new Set([symbol]) },
      {
        symbols: [...held.symbols, symbol].sort(),
      },
      true,
    );
  }

  /** The shard was read to its end and everything committed: its children may start. */
  async markEnded(held: Lease): Promise<Lease | undefined> {
    return this.conditional(
      held,
      'SET #ended = :true, #expires = :zero REMOVE #owner',
      { ':true': true, ':zero': 0 },
      {
        ended: true,
        owner: null,
        expires: 0,
      },
      true,
    );
  }

  /** Gives a lease up (shutdown, lost, failing shard), so another worker may take it at once. */
  async release(held: Lease): Promise<void> {
    await this.conditional(
      held,
      'SET #expires = :zero REMOVE #owner',
      { ':zero': 0 },
      { owner: null, expires: 0 },
      true,
    );
  }

  private async conditional(
    lease: Lease,
    update: string,
    values: Record<string, unknown>,
    changes: Partial<Lease>,
    mustHold = false,
  ): Promise<Lease | undefined> {
    const condition = mustHold ? '#counter = :counter AND #owner = :holder' : '#counter = :counter';
    const names: Record<string, string> = {};
    for (const name of [
      'owner',
      'counter',
      'expires',
      'heartbeat',
      'checkpoint',
      'symbols',
      'ended',
    ] as const) {
      if (update.includes(`#${name}`) || condition.includes(`#${name}`)) names[`#${name}`] = A[name];
    }
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.settings.table,
          Key: { [A.shardId]: lease.shardId },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...values,
            ':counter': lease.counter,
            ...(mustHold ? { ':holder': this.workerId } : {}),
          },
        }),
      );
      return { ...lease, ...changes };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}

function decodeLease(item: Record<string, unknown>): Lease {
  const symbols = item[A.symbols] as Set<string> | undefined;
  return {
    shardId: item[A.shardId] as string,
    owner: (item[A.owner] as string | undefined) ?? null,
    counter: (item[A.counter] as number | undefined) ?? 0,
    expires: (item[A.expires] as number | undefined) ?? 0,
    checkpoint: (item[A.checkpoint] as string | undefined) ?? null,
    parentShardIds: (item[A.parentShardIds] as string[] | undefined) ?? [],
    ended: (item[A.ended] as boolean | undefined) ?? false,
    symbols: symbols ? [...symbols].sort() : [],
  };
}
