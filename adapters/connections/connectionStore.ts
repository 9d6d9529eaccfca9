import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/** API Gateway closes a WebSocket connection after 2 hours at the latest; its rows may go a little later. */
export const CONNECTION_LIFETIME_MS = 2 * 60 * 60_000 + 5 * 60_000;

export interface Connection {
  readonly connectionId: string;
  /** Set when the connection was opened with a valid listenKey: the account whose user data it receives. */
  readonly accountId?: number;
  readonly listenKey?: string;
  /** Combined stream payloads (`{"stream":…,"data":…}`), as on Binance's /stream endpoint. */
  readonly combined: boolean;
  readonly connectedAt: number;
  /** Epoch seconds (DynamoDB TTL): rows of connections whose $disconnect never came go by themselves. */
  readonly expiresAt: number;
}

/** The `connections` table: one row per open WebSocket connection. */
export class ConnectionStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async open(connection: Connection): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.table, Item: { ...connection } }));
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { connectionId }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : decode(Item);
  }

  async setCombined(connectionId: string, combined: boolean): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { connectionId },
        UpdateExpression: 'SET combined = :combined',
        ConditionExpression: 'attribute_exists(connectionId)',
        ExpressionAttributeValues: { ':combined': combined },
      }),
    );
  }

  /** Ends a connection's user data (its listen key expired); market streams go on. */
  async unbind(connectionId: string): Promise<void> {
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { connectionId },
          UpdateExpression: 'REMOVE accountId, listenKey',
          ConditionExpression: 'attribute_exists(connectionId)',
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  /** The connections bound to an account (user data goes to each of them). */
  async ofAccount(accountId: number): Promise<Connection[]> {
    const connections: Connection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'byAccount',
          KeyConditionExpression: 'accountId = :account',
          ExpressionAttributeValues: { ':account': accountId },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) connections.push(decode(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return connections;
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
