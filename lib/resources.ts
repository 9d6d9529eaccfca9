// One declaration of every stream and table, read by the CDK constructs and by the local stack so both create the
// same resources. Plain data: no aws-cdk-lib import, so runtime code (lambdas, matcher, local) may read it too.

export type AttributeType = 'S' | 'N' | 'B';

/** Types of non-key attributes: documentation for readers and writers, DynamoDB does not enforce them. */
export type ItemAttributeType = AttributeType | 'M' | 'L' | 'SS' | 'BOOL';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface KeySchema {
  readonly partition: KeyAttribute;
  readonly sort?: KeyAttribute;
}

export interface GlobalIndexDeclaration {
  readonly key: KeySchema;
  /** Default ALL. */
  readonly projection?: 'ALL' | 'KEYS_ONLY';
}

export type StreamViewType = 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';

export interface TableDeclaration {
  readonly key: KeySchema;
  /** Non-key attributes of an item, by name. */
  readonly attributes: Readonly<Record<string, ItemAttributeType>>;
  readonly indexes?: Readonly<Record<string, GlobalIndexDeclaration>>;
  /** Attribute holding an epoch-seconds expiry; DynamoDB deletes the item some time after it passes. */
  readonly ttl?: string;
  /** DynamoDB Streams view; absent = no stream. */
  readonly stream?: StreamViewType;
}

export interface StreamDeclaration {
  /** Provisioned shards. The local stack uses this as is; the CDK may size it per environment. */
  readonly shards: number;
  /** What the record's partition key is: every record of one value lands on one shard, in order. */
  readonly partitionKey: string;
}

export const streams = {
  commands: { shards: 4, partitionKey: 'symbol' },
} as const satisfies Record<string, StreamDeclaration>;

export const tables = {
  /**
   * The event store and single source of truth. One item per matcher commit batch of one symbol, keyed by the
   * batch's first event sequence; written with attribute_not_exists on the key, so a second writer fails instead of
   * overwriting. The checkpoint rides in the same item as the events, so "events written" and "commands consumed"
   * cannot disagree. An item without `events` is a claim: a matcher that takes a shard over writes one at each of
   * its symbols' next key, so a paused previous owner (a zombie) finds its next key taken and cannot write; the
   * claimant's first batch then fills its own claim (condition: writer = itself).
   */
  events: {
    key: { partition: { name: 'stream', type: 'S' }, sort: { name: 'seq', type: 'N' } },
    attributes: {
      last: 'N', // last event sequence in this item; the next item's seq is last + 1
      events: 'B', // the events, gzip-compressed JSON (core/engine/eventCodec); absent on a claim
      checkpoint: 'M', // { shardId, sequenceNumber } of the last command whose events end in this item; absent
      // when one command's events span several items and more parts follow
      fence: 'N', // the writer's lease counter when it wrote (or claimed) the item
      writer: 'S', // the writing matcher incarnation: instance id, shard and lease counter
      time: 'N', // commit time, epoch milliseconds
    },
    stream: 'NEW_IMAGE',
  },

  /**
   * Engine snapshots. A snapshot at sequence s is stored in parts (items ≤ 400 KB), written in order 0..n-1 with
   * sort keys s, s.0001, s.0002, … (a decimal sort key, see snapshotSortKey): part 0 sits exactly at s and every
   * part sorts between s and s + 1. So "the newest complete snapshot of a symbol" is one Query on the symbol,
   * newest first: the first item is the highest part written; the snapshot is complete when that part is
   * parts - 1, otherwise (a writer died mid-way) skip items down to the next integer seq and look again.
   */
  snapshots: {
    key: { partition: { name: 'stream', type: 'S' }, sort: { name: 'seq', type: 'N' } },
    attributes: {
      snapshot: 'N', // the event sequence the snapshot is at, on every part (the sort key's integer part, exactly)
      part: 'N', // 0-based part number
      parts: 'N', // number of parts of this snapshot, on every part
      state: 'B', // this part's slice of the encoded engine snapshot
      hash: 'S', // state hash of the whole snapshot, checked after restore
      time: 'N', // epoch milliseconds
    },
  },

  /** Kinesis shard leases of the matcher service, after the KCL pattern: one row per shard. */
  leases: {
    key: { partition: { name: 'shardId', type: 'S' } },
    attributes: {
      owner: 'S', // matcher instance holding the lease; absent when free
      counter: 'N', // fencing token, raised by every claim; the events item a holder writes records it as `fence`
      heartbeat: 'N', // last renewal, epoch milliseconds
      expires: 'N', // others may take the lease over after this, epoch milliseconds
      checkpoint: 'S', // Kinesis sequence number of the last command whose events are committed
      parentShardIds: 'L', // after resharding: read these to their end before this shard (a list: may be empty)
      ended: 'BOOL', // the shard was read to SHARD_END; its children may start
      symbols: 'SS', // the symbols seen on this shard: a new owner recovers and claims each before consuming
    },
  },
} as const satisfies Record<string, TableDeclaration>;

export type StreamId = keyof typeof streams;
export type TableId = keyof typeof tables;

/** Item attribute names of a table, key attributes included, so writers and readers spell them one way. */
export type AttributeNames<T extends TableDeclaration> = {
  readonly [K in KeyNames<T['key']> | keyof T['attributes']]: K;
};

type KeyNames<K extends KeySchema> =
  | K['partition']['name']
  | (K extends { readonly sort: KeyAttribute } ? K['sort']['name'] : never);

function attributeNames<T extends TableDeclaration>(table: T): AttributeNames<T> {
  const names = [table.key.partition.name, table.key.sort?.name, ...Object.keys(table.attributes)];
  return Object.fromEntries(names.filter((n) => n !== undefined).map((n) => [n, n])) as AttributeNames<T>;
}

export const eventAttributes = attributeNames(tables.events);
export const snapshotAttributes = attributeNames(tables.snapshots);
export const leaseAttributes = attributeNames(tables.leases);

/** Snapshot parts are numbered in the sort key's fraction, so at most 10^4 parts (~4 GB) per snapshot. */
export const SNAPSHOT_PART_DIGITS = 4;

/** The snapshots sort key of one part, as DynamoDB's decimal N string (exact, no binary floating point). */
export function snapshotSortKey(seq: bigint | number, part: number): string {
  if (!Number.isInteger(part) || part < 0 || part >= 10 ** SNAPSHOT_PART_DIGITS) {
    throw new RangeError(`snapshot part ${part} out of range`);
  }
  if (part === 0) return String(seq);
  return `${seq}.${String(part).padStart(SNAPSHOT_PART_DIGITS, '0')}`;
}

/** Prefix of physical names when none is configured: what the local stack uses. */
export const DEFAULT_PREFIX = 'shardex-';

/** Physical name of a table: the prefix keeps environments (dev, test, prod) apart in one account. */
export function tableName(id: TableId, prefix: string = DEFAULT_PREFIX): string {
  return `${prefix}${id}`;
}

export function streamName(id: StreamId, prefix: string = DEFAULT_PREFIX): string {
  return `${prefix}${id}`;
}

export interface ResourceNames {
  readonly streams: Readonly<Record<StreamId, string>>;
  readonly tables: Readonly<Record<TableId, string>>;
}

/** Every physical name of one environment. */
export function resourceNames(prefix: string = DEFAULT_PREFIX): ResourceNames {
  const named = <Id extends string>(ids: Id[], name: (id: Id) => string) =>
    Object.fromEntries(ids.map((id) => [id, name(id)])) as Record<Id, string>;
  return {
    streams: named(Object.keys(streams) as StreamId[], (id) => streamName(id, prefix)),
    tables: named(Object.keys(tables) as TableId[], (id) => tableName(id, prefix)),
  };
}
