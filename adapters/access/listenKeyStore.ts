import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/** Listen keys last 60 minutes from creation or the last keep-alive, as on Binance. */
export const LISTEN_KEY_LIFETIME_MS = 60 * 60_000;

export interface ListenKey {
  readonly listenKey: string;
  readonly accountId: number;
  readonly expiresAt: number;
}

export class ListenKeyStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The account's valid key, if it has one. */
  async active(accountId: number): Promise<string | undefined> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byAccount',
        KeyConditionExpression: 'accountId = :account',
        ExpressionAttributeValues: { ':account': accountId },
      }),
    );
    return (Items ?? []).find((item) => (item.expiresAt as number) * 1000 > this.clock())?.listenKey as
      | string
      | undefined;
  }

  /** POST: the account's active key extended, or a new one (Binance returns the same key while it is valid). */
  async open(accountId: number): Promise<ListenKey> {
    const active = await this.active(accountId);
    if (active !== undefined) {
      const extended = await this.keepAlive(accountId, active);
      if (extended !== undefined) return extended;
    }
    const key: ListenKey = {
      listenKey: randomBytes(48).toString('base64url').replace(/[-_]/g, '0').slice(0, 64),
      accountId,
      expiresAt: this.expiry(),
    };
    await this.documents.send(new PutCommand({ TableName: this.table, Item: { ...key } }));
    return key;
  }

  /** PUT: extends the key; undefined if it does not exist, expired, or is another account's. */
  async keepAlive(accountId: number, listenKey: string): Promise<ListenKey | undefined> {
    try {
      const expiresAt = this.expiry();
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { listenKey },
          UpdateExpression: 'SET expiresAt = :expires',
          ConditionExpression: 'accountId = :account AND expiresAt > :now',
          ExpressionAttributeValues: {
            ':expires': expiresAt,
            ':account': accountId,
            ':now': Math.floor(this.clock() / 1000),
          },
        }),
      );
      return { listenKey, accountId, expiresAt };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** DELETE: closes the key (only the owner's). */
  async close(accountId: number, listenKey: string): Promise<boolean> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { listenKey },
          ConditionExpression: 'accountId = :account',
          ExpressionAttributeValues: { ':account': accountId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The account a valid key belongs to (WebSocket $connect binds user data to it). */
  async accountOf(listenKey: string): Promise<number | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { listenKey } }));
    if (Item === undefined || (Item.expiresAt as number) * 1000 <= this.clock()) return undefined;
    return Item.accountId as number;
  }

  /** Epoch seconds, as DynamoDB TTL wants. */
  private expiry(): number {
    return Math.ceil((this.clock() + LISTEN_KEY_LIFETIME_MS) / 1000);
  }
}
