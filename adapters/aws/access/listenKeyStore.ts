import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ListenKey, ListenKeyStore } from '../../../application/ports/listenKeyStore';
import { written } from '../conditionalWrites';
import type { DynamoListenerChanges } from '../connections/listenerChanges';
import { queryByAccount } from '../queryPages';

/**
 * Listen keys in DynamoDB (table `listenKeys`, index byAccount; `expiresAt` is the table's TTL). A deleted key is
 * recorded in the listener change log (its account's streams end), after the delete.
 */
export class DynamoListenKeyStore implements ListenKeyStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly changes: DynamoListenerChanges,
  ) {}

  async ofAccount(accountId: number): Promise<ListenKey[]> {
    const items = await queryByAccount(this.documents, this.table, accountId);
    return items.map(decode);
  }

  async find(listenKey: string): Promise<ListenKey | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { listenKey } }));
    return Item === undefined ? undefined : decode(Item);
  }

  async put(key: ListenKey): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.table, Item: { ...key } }));
  }

  async extend(
    accountId: number,
    listenKey: string,
    expiresAt: number,
    nowSeconds: number,
  ): Promise<boolean> {
    return written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { listenKey },
          UpdateExpression: 'SET expiresAt = :expires',
          ConditionExpression: 'accountId = :account AND expiresAt > :now',
          ExpressionAttributeValues: { ':expires': expiresAt, ':account': accountId, ':now': nowSeconds },
        }),
      ),
    );
  }

  async delete(accountId: number, listenKey: string): Promise<boolean> {
    const deleted = await written(
      this.documents.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { listenKey },
          ConditionExpression: 'accountId = :account',
          ExpressionAttributeValues: { ':account': accountId },
        }),
      ),
    );
    if (deleted) await this.changes.append(`account-${accountId}`, { accounts: [accountId], symbols: [] });
    return deleted;
  }
}

function decode(item: Record<string, unknown>): ListenKey {
  return {
    listenKey: item.listenKey as string,
    accountId: item.accountId as number,
    expiresAt: item.expiresAt as number,
  };
}
