import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

import type { Connection, ConnectionStore } from '../../../application/ports/connections';
import { written } from '../conditionalWrites';
import { queryByAccount } from '../queryPages';
import type { DynamoListenerChanges } from './listenerChanges';

/**
 * The `connections` table (index byAccount; `expiresAt` is its TTL). A connection bound to an account is also
 * recorded in the listener change log, after its row, so the fan-out learns of it without reading the account.
 */
export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly changes: DynamoListenerChanges,
  ) {}

  async open(connection: Connection): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.table, Item: { ...connection } }));
    if (connection.accountId !== undefined)
      await this.changes.append(connection.connectionId, { accounts: [connection.accountId], symbols: [] });
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { connectionId }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : decode(Item);
  }

  // A connection whose row is gone (it disconnected meanwhile) has nothing left to change: the condition keeps
  // an update from making a row of it again.
  async setCombined(connectionId: string, combined: boolean): Promise<void> {
    await written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { connectionId },
          UpdateExpression: 'SET combined = :combined',
          ConditionExpression: 'attribute_exists(connectionId)',
          ExpressionAttributeValues: { ':combined': combined },
        }),
      ),
    );
  }

  async unbind(connectionId: string): Promise<void> {
    await written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { connectionId },
          UpdateExpression: 'REMOVE accountId, listenKey',
          ConditionExpression: 'attribute_exists(connectionId)',
        }),
      ),
    );
  }

  async ofAccount(accountId: number): Promise<Connection[]> {
    const items = await queryByAccount(this.documents, this.table, accountId);
    return items.map(decode);
  }

  async delete(connectionId: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.table, Key: { connectionId } }));
  }
}

function decode(item: Record<string, unknown>): Connection {
  return {
    connectionId: item.connectionId as string,
    ...(item.accountId !== undefined ? { accountId: item.accountId as number } : {}),
    ...(item.listenKey !== undefined ? { listenKey: item.listenKey as string } : {}),
    combined: item.combined === true,
    connectedAt: item.connectedAt as number,
    expiresAt: item.expiresAt as number,
  };
}
