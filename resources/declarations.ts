// One declaration of every stream and table: the CDK constructs (lib/) create them on AWS, the local stack
// (local/provision.ts) on the emulators, and the adapters read their key and attribute names from here, so all
// three agree. It lives apart from lib/ because it is plain data the runtime needs too: no aws-cdk-lib import,
// and nothing that runs on AWS depends on the CDK folder (test/architecture/boundaries.test.ts).

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

/**
 * The risk service (application/risk/riskService.ts): accounts hash to `accountShards` shards (account id mod N),
 * each claimed by one instance at a time through its lease (tables.riskLeases). Every instance must use the same
 * N: the CDK passes it to the tasks, the local stack reads it here.
 */
export const riskService = { accountShards: 8 } as const;

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
      chain: 'S', // the item's link in the symbol's SHA-256 hash chain (application/ports/eventChain.ts, docs/audit.md)
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

  /**
   * Account shard leases of the risk service (application/risk/riskService.ts): one row per account shard
   * (account id mod riskService.accountShards). Its own table, not the matcher's: the matcher balances every row
   * of `leases` as a Kinesis shard.
   */
  riskLeases: {
    key: { partition: { name: 'shard', type: 'N' } },
    attributes: {
      owner: 'S', // risk service instance holding the lease; absent when free
      counter: 'N', // fencing token, raised by every take
      expires: 'N', // others may take the lease over after this, epoch milliseconds
      heartbeat: 'N', // last take or renewal, epoch milliseconds
    },
  },

  // ── Accounts and access ────────────────────────────────────────────────────────────────────────────────

  /**
   * Accounts, event-sourced: stream `acct#<id>`, one item per append keyed by its first version, carrying its
   * events; the append that reaches every 16th version, and any whose state fits in its first KB, also carries
   * the state after it. The current state is the newest item's, else the newest snapshot (at most 16 items back)
   * with the events after it folded on (adapters/aws/accounts/accountStore.ts). Written with attribute_not_exists
   * on the key: two writers deciding on the same version cannot both win (optimistic concurrency).
   */
  accounts: {
    key: { partition: { name: 'stream', type: 'S' }, sort: { name: 'version', type: 'N' } },
    attributes: {
      event: 'S', // JSON of the account event (money as decimal strings), when the append has one
      events: 'L', // the JSON of each, in order, when it has several
      state: 'S', // JSON of the account state after the append's last event, where the store puts a snapshot
      time: 'N',
    },
  },

  /**
   * The operator's actions (application/audit/operatorJournal.ts): who did what and why, one item per record,
   * keyed by a gap-free sequence in one partition (`log` = "operator"), written with attribute_not_exists and
   * hash-chained like the events (docs/audit.md). Never a secret. Part of the system of record.
   */
  operatorActions: {
    key: { partition: { name: 'log', type: 'S' }, sort: { name: 'seq', type: 'N' } },
    attributes: {
      action: 'S', // JSON of the recorded action (core/audit/operatorAction.ts)
      chain: 'S', // its link: SHA-256 of the canonical {prev, action}
      time: 'N',
    },
  },

  /** API keys. The secret is needed to check HMAC signatures, so it is stored; on AWS the table is KMS-encrypted. */
  apiKeys: {
    key: { partition: { name: 'apiKey', type: 'S' } },
    attributes: {
      accountId: 'N',
      secret: 'S', // never logged, never returned after creation
      permissions: 'SS', // READ, TRADE
      status: 'S', // ACTIVE | REVOKED
      label: 'S',
      createdAt: 'N',
    },
    indexes: {
      byAccount: {
        key: { partition: { name: 'accountId', type: 'N' }, sort: { name: 'createdAt', type: 'N' } },
      },
    },
  },

  /**
   * Requests already seen, for idempotency: a client that retries a signed request (same signature), or the same
   * order (same account, symbol and newClientOrderId with the same parameters), gets the first answer again
   * instead of a second order.
   */
  requests: {
    key: { partition: { name: 'requestKey', type: 'S' } },
    attributes: { fingerprint: 'S', response: 'S', status: 'S', expiresAt: 'N' },
    ttl: 'expiresAt',
  },

  /** Request weight used per API key per minute window (HTTP 429 / -1003 beyond the limit). */
  rateLimits: {
    key: { partition: { name: 'window', type: 'S' } },
    attributes: { weight: 'N', orders: 'N', expiresAt: 'N' },
    ttl: 'expiresAt',
  },

  /** Order-id generator slots: each ingress process leases one, so ids from concurrent processes never collide. */
  idSlots: {
    key: { partition: { name: 'slot', type: 'N' } },
    attributes: { owner: 'S', expires: 'N' },
  },

  /** User data stream keys (valid 60 minutes, extended by PUT). */
  listenKeys: {
    key: { partition: { name: 'listenKey', type: 'S' } },
    attributes: { accountId: 'N', expiresAt: 'N' },
    ttl: 'expiresAt',
    indexes: { byAccount: { key: { partition: { name: 'accountId', type: 'N' } } } },
  },

  /** Open WebSocket connections; `accountId` when opened with a listenKey (user data goes only there). */
  connections: {
    key: { partition: { name: 'connectionId', type: 'S' } },
    attributes: { accountId: 'N', listenKey: 'S', combined: 'BOOL', connectedAt: 'N', expiresAt: 'N' },
    ttl: 'expiresAt',
    indexes: { byAccount: { key: { partition: { name: 'accountId', type: 'N' } } } },
  },

  /**
   * What changed who listens (application/ports/connections.ts, ListenerChangeLog): one item per write that binds
   * a connection to an account or changes a symbol's subscriptions, appended after the rows it is about, in one
   * partition (`log` = "changes") by time, so "every change since my last look-up" is one strongly consistent
   * Query. The fan-out reads it once per run instead of reading every account's connections and every symbol's
   * subscribers. Sort key `<at, 15 digits>#<connection>#<random>`; gone an hour after (TTL).
   */
  listenerChanges: {
    key: { partition: { name: 'log', type: 'S' }, sort: { name: 'change', type: 'S' } },
    attributes: {
      at: 'N', // the writer's clock, epoch milliseconds
      accounts: 'L', // accounts that got a user data connection
      symbols: 'L', // symbols (symbolOf a stream name) whose subscriptions changed
      expiresAt: 'N',
    },
    ttl: 'expiresAt',
  },

  /** Market-stream subscriptions: stream name (e.g. btcusdt@depth@100ms) → connections. */
  subscriptions: {
    key: { partition: { name: 'stream', type: 'S' }, sort: { name: 'connectionId', type: 'S' } },
    attributes: { symbol: 'S', combined: 'BOOL', subscribedAt: 'N', expiresAt: 'N' },
    ttl: 'expiresAt',
    indexes: {
      byConnection: {
        key: { partition: { name: 'connectionId', type: 'S' }, sort: { name: 'stream', type: 'S' } },
      },
      /** Every subscription to a symbol's streams: one query per symbol for the fan-out. */
      bySymbol: { key: { partition: { name: 'symbol', type: 'S' }, sort: { name: 'stream', type: 'S' } } },
    },
  },

  // ── Read models: projections of the events table, rebuildable from it ──────────────────────────────────

  /** Symbol specs and status (exchangeInfo, ingress filters), from SymbolListed / SymbolUpdated. */
  symbols: {
    key: { partition: { name: 'symbol', type: 'S' } },
    attributes: { spec: 'S', lastSeq: 'N', listedAt: 'N' },
  },

  /**
   * Orders by account: sort key `<symbol>#<orderId, 16 digits>`. `openAccount` is set only while the order is open
   * (sparse index: open orders per account); `clientKey` finds an order by client order id.
   */
  orders: {
    key: { partition: { name: 'account', type: 'N' }, sort: { name: 'order', type: 'S' } },
    attributes: {
      view: 'S',
      status: 'S',
      openAccount: 'N',
      clientKey: 'S',
      symbol: 'S',
      orderId: 'N',
      updateTime: 'N',
      lastSeq: 'N',
    },
    indexes: {
      open: { key: { partition: { name: 'openAccount', type: 'N' }, sort: { name: 'order', type: 'S' } } },
      byClientOrderId: {
        key: { partition: { name: 'clientKey', type: 'S' }, sort: { name: 'orderId', type: 'N' } },
      },
    },
  },

  /** An account's fills: sort key `<symbol>#<tradeId, 16 digits>#<M|T>`. */
  userTrades: {
    key: { partition: { name: 'account', type: 'N' }, sort: { name: 'trade', type: 'S' } },
    attributes: { view: 'S', symbol: 'S', orderId: 'N', time: 'N', lastSeq: 'N' },
  },

  /** Public trades per symbol, by trade id. */
  marketTrades: {
    key: { partition: { name: 'symbol', type: 'S' }, sort: { name: 'tradeId', type: 'N' } },
    attributes: { view: 'S', time: 'N', lastSeq: 'N' },
  },

  /** Aggregate trades per symbol: consecutive fills of one taker order at one price. */
  aggTrades: {
    key: { partition: { name: 'symbol', type: 'S' }, sort: { name: 'aggId', type: 'N' } },
    attributes: { view: 'S', time: 'N', lastSeq: 'N' },
  },

  /**
   * The full aggregated book: one item per level, sort key `B#<price>` / `A#<price>` (16-digit ticks), plus a head
   * item (sort key `HEAD`) with lastUpdateId, time and the best 1,000 levels of each side (`top`, JSON): readers
   * of the top of the book read the head alone; a cold start of the depth fold loads the levels.
   */
  depth: {
    key: { partition: { name: 'symbol', type: 'S' }, sort: { name: 'level', type: 'S' } },
    attributes: { quantity: 'N', lastSeq: 'N', lastUpdateId: 'N', time: 'N', top: 'S' },
  },

  /** Candles per symbol and interval, by open time. */
  klines: {
    key: { partition: { name: 'series', type: 'S' }, sort: { name: 'openTime', type: 'N' } },
    attributes: { view: 'S', lastSeq: 'N' },
  },

  /**
   * Mark price, index price and premium index candles (futures market data): partition `<symbol>#<mark|index|
   * premium>#<interval>`, by open time, one candle per bucket with an index update.
   */
  priceKlines: {
    key: { partition: { name: 'series', type: 'S' }, sort: { name: 'openTime', type: 'N' } },
    attributes: { view: 'S', lastSeq: 'N' },
  },

  /** Settled fundings per symbol, by funding time: rate and mark price (GET /fapi/v1/fundingRate). */
  fundingRates: {
    key: { partition: { name: 'symbol', type: 'S' }, sort: { name: 'fundingTime', type: 'N' } },
    attributes: { view: 'S', lastSeq: 'N' },
  },

  /** Latest price, best bid/ask and last sequence per symbol (tickers read the 24 h window from 1m klines). */
  tickers: {
    key: { partition: { name: 'symbol', type: 'S' } },
    attributes: { view: 'S', lastSeq: 'N' },
  },

  /** Where each stream consumer of the events table is, per symbol: the local stream poller's checkpoints. */
  consumerCheckpoints: {
    key: { partition: { name: 'consumer', type: 'S' }, sort: { name: 'stream', type: 'S' } },
    attributes: { seq: 'N', time: 'N' },
  },

  /** Event items a projector could not apply, with what is needed to replay them (local failure destination). */
  projectionFailures: {
    key: { partition: { name: 'consumer', type: 'S' }, sort: { name: 'failure', type: 'S' } },
    attributes: { stream: 'S', seq: 'N', error: 'S', record: 'S', time: 'N' },
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
export const riskLeaseAttributes = attributeNames(tables.riskLeases);

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
