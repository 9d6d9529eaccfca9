import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountStore, StoredAccountEvent } from '../../../application/ports/accountStore';
import type { Clock } from '../../../application/ports/clock';
import type { AccountState } from '../../../core/accounts/account';
import type { AccountEvent } from '../../../core/accounts/accountEvents';
import { written } from '../conditionalWrites';
import { queryAll } from '../queryPages';
import {
  decodeAccountEvent,
  decodeAccountState,
  encodeAccountEvent,
  encodeAccountState,
} from './accountCodec';

export const accountStream = (accountId: number) => `acct#${accountId}`;

/** The item holding the account id counter: outside every account's stream, at a version no account uses. */
const COUNTER_KEY = { stream: 'counter#accountIds', version: 0 };

/**
 * The accounts table: each account a stream (`acct#<id>`) of appends, each item keyed by the version of its first
 * event and holding its event (`event`; `events`, a list, when it has several: the versions after the first in
 * order) and the state after the last, so the newest item is the current state. An append is decided on the state
 * at the version before its first, the newest item's state; it is conditional on its key being new
 * (attribute_not_exists), so of two writers that decided on the same state only one wins, and a writer that
 * decided on an older state finds the key of the append that followed it taken.
 */
export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
  ) {}

  async load(accountId: number): Promise<AccountState | undefined> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: '#stream = :stream',
        ExpressionAttributeNames: { '#stream': 'stream' },
        ExpressionAttributeValues: { ':stream': accountStream(accountId) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = Items?.[0];
    return item === undefined ? undefined : decodeAccountState(item.state as string);
  }

  async append(accountId: number, events: readonly AccountEvent[], state: AccountState): Promise<boolean> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    return written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            stream: accountStream(accountId),
            // Keyed by its first version: two appends decided on the same state have the same key, so one fails.
            version: state.version - events.length + 1,
            // One event as it always was; several as a list, in order.
            ...(events.length === 1
              ? { event: encodeAccountEvent(events[0]!) }
              : { events: events.map((event) => encodeAccountEvent(event)) }),
            state: encodeAccountState(state),
            time: this.clock(),
          },
          ConditionExpression: 'attribute_not_exists(version)',
        }),
      ),
    );
  }

  async history(accountId: number): Promise<StoredAccountEvent[]> {
    // Events only: the state after each append is what load() reads; the history (ledger, income) never needs it.
    const items = await queryAll(this.documents, {
      TableName: this.table,
      KeyConditionExpression: '#stream = :stream',
      ProjectionExpression: '#version, #event, #events, #time',
      ExpressionAttributeNames: {
        '#stream': 'stream',
        '#version': 'version',
        '#event': 'event',
        '#events': 'events',
        '#time': 'time',
      },
      ExpressionAttributeValues: { ':stream': accountStream(accountId) },
    });
    return items.flatMap((item) => {
      const encoded = (item.events as string[] | undefined) ?? [item.event as string];
      return encoded.map((event, i) => ({
        version: (item.version as number) + i,
        event: decodeAccountEvent(event),
        time: item.time as number,
      }));
    });
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
