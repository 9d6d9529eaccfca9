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
 * The accounts table: each account a stream (`acct#<id>`) of versions, each item holding the event and the state
 * after it. Appends are conditional on the version being new (attribute_not_exists), so of two writers that
 * decided on the same state only one wins.
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

  async append(accountId: number, event: AccountEvent, state: AccountState): Promise<boolean> {
    return written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            stream: accountStream(accountId),
            version: state.version,
            event: encodeAccountEvent(event),
            state: encodeAccountState(state),
            time: this.clock(),
          },
          ConditionExpression: 'attribute_not_exists(version)',
        }),
      ),
    );
  }

  async history(accountId: number): Promise<StoredAccountEvent[]> {
    // Events only: the state after each version is what load() reads; the history (ledger, income) never needs it.
    const items = await queryAll(this.documents, {
      TableName: this.table,
      KeyConditionExpression: '#stream = :stream',
      ProjectionExpression: '#version, #event, #time',
      ExpressionAttributeNames: {
        '#stream': 'stream',
        '#version': 'version',
        '#event': 'event',
        '#time': 'time',
      },
      ExpressionAttributeValues: { ':stream': accountStream(accountId) },
    });
    return items.map((item) => ({
      version: item.version as number,
      event: decodeAccountEvent(item.event as string),
      time: item.time as number,
    }));
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
