import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AccountStore, StoredAccountEvent } from '../../../application/ports/accountStore';
import type { Clock } from '../../../application/ports/clock';
import type { AccountState } from '../../../core/accounts/account';
import type { AccountEvent } from '../../../core/accounts/accountEvents';
import { foldAccount } from '../../../core/accounts/evolveAccount';
import { written } from '../conditionalWrites';
import { queryAll } from '../queryPages';
import {
  decodeAccountEvent,
  decodeAccountState,
  encodeAccountEvent,
  encodeAccountState,
} from './accountCodec';

export const accountStream = (accountId: number) => `acct#${accountId}`;

/** A Query of one account's stream, oldest first; the caller adds its order, limit and consistency. */
export function accountStreamQuery(table: string, accountId: number) {
  return {
    TableName: table,
    KeyConditionExpression: '#stream = :stream',
    ExpressionAttributeNames: { '#stream': 'stream' },
    ExpressionAttributeValues: { ':stream': accountStream(accountId) },
  } satisfies QueryCommandInput;
}

/** The item holding the account id counter: outside every account's stream, at a version no account uses. */
const COUNTER_KEY = { stream: 'counter#accountIds', version: 0 };

/**
 * An append carries the account's state (a snapshot) when its versions reach a multiple of this, and the first
 * append always: so the newest snapshot is at most this many items back, and a Query of that many reads it and
 * the events after it. Between those an item holds its events alone, a few hundred bytes whatever the state
 * holds, unless the state is small enough to ride along within the write unit the item costs anyway
 * (`ONE_WRITE_UNIT`): then the newest item is the state, as it always was, and a load reads one item. The state
 * grows with the account's open orders (a reservation each: 450 open orders make 35 KB of JSON), and writing it
 * with every append made a market maker's every order an O(open orders) encode and a 35 KB write (35 write units
 * on DynamoDB, where the event alone is one): docs/read-side.md, "Account snapshots".
 */
export const SNAPSHOT_EVERY = 16;

/** DynamoDB bills a write per KB of the item: a state that fits beside the events in the first costs nothing. */
const ONE_WRITE_UNIT = 1024;
/** Room for the item's key and time beside its events and state, in bytes. */
const ITEM_KEYS_BYTES = 64;
/** Past this many reservations (≈ 75 bytes each) the state seldom fits in a write unit: not encoded to find out. */
const SMALL_STATE_RESERVATIONS = 8;

/** How many accounts a store remembers as having a large state (their loads read a page at once), newest kept. */
const LARGE_STATES_KEPT = 10_000;

/** Whether an append of versions first..last carries the state after it, a snapshot every `every` versions. */
export function carriesSnapshot(first: number, last: number, every: number = SNAPSHOT_EVERY): boolean {
  return first === 1 || Math.floor(last / every) > Math.floor((first - 1) / every);
}

/**
 * The accounts table: each account a stream (`acct#<id>`) of appends, each item keyed by the version of its first
 * event and holding its event (`event`; `events`, a list, when it has several: the versions after the first in
 * order), and the state after the last (`state`) where `snapshotOf` puts it: at every SNAPSHOT_EVERY versions, and
 * wherever it fits in the item's first write unit. The current state is the newest item's state, or the newest
 * snapshot with the events of the items after it folded on (core/accounts/evolveAccount.ts, the fold every
 * decision's state is made by). Items written before snapshots were spaced all carry their state, and load as
 * before. An append is decided on the state at the version before its first; it is conditional on its key being
 * new (attribute_not_exists), so of two writers that decided on the same state only one wins, and a writer that
 * decided on an older state finds the key of the append that followed it taken.
 */
export class DynamoAccountStore implements AccountStore {
  /**
   * The accounts this store has seen with a large state (their newest item held none): their loads ask for a page
   * back to the snapshot in the first request, so a market maker's account is one read, not two, once known. Kept
   * when the state shrinks again: an account near the size that rides along would otherwise cost two reads at
   * each crossing, and a page of small items costs read units, not a request.
   */
  private readonly largeStates = new Set<number>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
    /** 1 writes the state with every append, as before snapshots were spaced (bench/accountSnapshots.bench.ts). */
    private readonly snapshotEvery: number = SNAPSHOT_EVERY,
  ) {}

  async load(accountId: number): Promise<AccountState | undefined> {
    // Newest first: the newest item alone (an account whose state is small carries it on every item), or at once a
    // page of `snapshotEvery` items for an account known to have a large state; then such pages, which reach the
    // newest snapshot in one page unless the items were written with a wider spacing than this store's.
    const newestFirst: Record<string, unknown>[] = [];
    let snapshot = -1;
    let startKey: Record<string, unknown> | undefined;
    let limit = this.largeStates.has(accountId) ? this.snapshotEvery : 1;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          ...accountStreamQuery(this.table, accountId),
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      limit = this.snapshotEvery;
      newestFirst.push(...(page.Items ?? []));
      snapshot = newestFirst.findIndex((item) => item.state !== undefined);
      startKey = page.LastEvaluatedKey;
    } while (snapshot < 0 && startKey !== undefined);
    if (newestFirst.length === 0) return undefined;
    this.rememberSize(accountId, snapshot > 0);
    if (snapshot < 0)
      throw new Error(`account ${accountId}: no state in any of its ${newestFirst.length} appends`);
    const state = foldAccount(
      decodeAccountState(newestFirst[snapshot]!.state as string),
      newestFirst
        .slice(0, snapshot)
        .reverse()
        .flatMap((item) => eventsOf(item).map(decodeAccountEvent)),
    );
    const newest = newestFirst[0]!;
    const last = (newest.version as number) + eventsOf(newest).length - 1;
    if (state.version !== last)
      throw new Error(
        `account ${accountId}: its events fold to version ${state.version}, its newest is ${last}`,
      );
    return state;
  }

  async append(accountId: number, events: readonly AccountEvent[], state: AccountState): Promise<boolean> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    const first = state.version - events.length + 1;
    const encoded = events.map((event) => encodeAccountEvent(event));
    return written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            stream: accountStream(accountId),
            // Keyed by its first version: two appends decided on the same state have the same key, so one fails.
            version: first,
            // One event as it always was; several as a list, in order.
            ...(encoded.length === 1 ? { event: encoded[0] } : { events: encoded }),
            ...this.snapshotOf(first, state, encoded),
            time: this.clock(),
          },
          ConditionExpression: 'attribute_not_exists(version)',
        }),
      ),
    );
  }

  private rememberSize(accountId: number, large: boolean): void {
    if (!large) return;
    this.largeStates.delete(accountId);
    this.largeStates.add(accountId);
    if (this.largeStates.size > LARGE_STATES_KEPT)
      this.largeStates.delete(this.largeStates.values().next().value!);
  }

  /** The state to write beside an append's events: at a snapshot's place, or where it costs no write unit. */
  private snapshotOf(first: number, state: AccountState, events: readonly string[]): { state?: string } {
    if (carriesSnapshot(first, state.version, this.snapshotEvery))
      return { state: encodeAccountState(state) };
    if (Object.keys(state.reservations).length > SMALL_STATE_RESERVATIONS) return {};
    const json = encodeAccountState(state);
    const bytes = ITEM_KEYS_BYTES + [json, ...events].reduce((n, text) => n + Buffer.byteLength(text), 0);
    return bytes <= ONE_WRITE_UNIT ? { state: json } : {};
  }

  async history(accountId: number): Promise<StoredAccountEvent[]> {
    // Events only: the state after each append is what load() reads; the history (ledger, income) never needs it.
    const query = accountStreamQuery(this.table, accountId);
    const items = await queryAll(this.documents, {
      ...query,
      ProjectionExpression: '#version, #event, #events, #time',
      ExpressionAttributeNames: {
        ...query.ExpressionAttributeNames,
        '#version': 'version',
        '#event': 'event',
        '#events': 'events',
        '#time': 'time',
      },
    });
    return items.flatMap((item) =>
      eventsOf(item).map((event, i) => ({
        version: (item.version as number) + i,
        event: decodeAccountEvent(event),
        time: item.time as number,
      })),
    );
  }

  async nextAccountId(): Promise<number> {
    const { Attributes } = await this.documents.send(
      new UpdateCommand({
        TableName: this.table,
        Key: COUNTER_KEY,
        UpdateExpression: 'ADD nextId :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes!.nextId as number;
  }
}

/** An item's encoded events, oldest first. */
function eventsOf(item: Record<string, unknown>): string[] {
  return (item.events as string[] | undefined) ?? [item.event as string];
}
