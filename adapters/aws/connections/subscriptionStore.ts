import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import type { Subscriber, SubscriptionStore } from '../../../application/ports/connections';
import { queryAll } from '../queryPages';

/** DynamoDB's BatchWriteItem limit. */
const BATCH = 25;

/**
 * The `subscriptions` table: one row per (stream, connection), read by stream (the key) and by connection (index
 * byConnection: LIST_SUBSCRIPTIONS, cleanup on $disconnect).
 */
export class DynamoSubscriptionStore implements SubscriptionStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
  ) {}

  async subscribe(
    connectionId: string,
    streams: readonly string[],
    combined: boolean,
    expiresAt: number,
  ): Promise<void> {
    const subscribedAt = this.clock();
    await this.write(
      streams.map((stream) => ({
        PutRequest: {
          // `symbol` is there for a bySymbol index: one Query per symbol instead of one per stream name.
          Item: { stream, connectionId, symbol: symbolOf(stream), combined, subscribedAt, expiresAt },
        },
      })),
    );
  }

  async unsubscribe(connectionId: string, streams: readonly string[]): Promise<void> {
    await this.write(streams.map((stream) => ({ DeleteRequest: { Key: { stream, connectionId } } })));
  }

  async streamsOf(connectionId: string): Promise<string[]> {
    const items = await queryAll(this.documents, {
      TableName: this.table,
      IndexName: 'byConnection',
      KeyConditionExpression: 'connectionId = :connection',
      ExpressionAttributeValues: { ':connection': connectionId },
    });
    return items.map((item) => item.stream as string);
  }

  async subscribersOf(stream: string): Promise<Subscriber[]> {
    const items = await queryAll(this.documents, {
      TableName: this.table,
      KeyConditionExpression: '#stream = :stream',
      ExpressionAttributeNames: { '#stream': 'stream' },
      ExpressionAttributeValues: { ':stream': stream },
    });
    return items.map((item) => ({
      connectionId: item.connectionId as string,
      combined: item.combined === true,
    }));
  }

  async subscribersOfStreams(streams: readonly string[]): Promise<Map<string, Subscriber[]>> {
    const wanted = new Set(streams);
    const found = new Map<string, Subscriber[]>();
    await Promise.all(
      [...new Set(streams.map(symbolOf))].map(async (symbol) => {
        const items = await queryAll(this.documents, {
          TableName: this.table,
          IndexName: 'bySymbol',
          KeyConditionExpression: '#symbol = :symbol',
          ExpressionAttributeNames: { '#symbol': 'symbol' },
          ExpressionAttributeValues: { ':symbol': symbol },
        });
        for (const item of items) {
          const stream = item.stream as string;
          if (!wanted.has(stream)) continue;
          const subscriber = { connectionId: item.connectionId as string, combined: item.combined === true };
          found.set(stream, [...(found.get(stream) ?? []), subscriber]);
        }
      }),
    );
    return found;
  }

  private async write(requests: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH) {
      let pending: Record<string, unknown[]> | undefined = { [this.table]: requests.slice(i, i + BATCH) };
      for (let attempt = 0; pending !== undefined && Object.keys(pending).length > 0; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)));
        const result = await this.documents.send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  }
}

/** The symbol a stream name is about (`btcusdt@depth` → BTCUSDT). */
export function symbolOf(stream: string): string {
  return stream.split('@')[0]!.toUpperCase();
}
