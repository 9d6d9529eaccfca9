import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import { type Subscriber, type SubscriptionStore, symbolOf } from '../../../application/ports/connections';
import { queryAll } from '../queryPages';
import type { DynamoListenerChanges } from './listenerChanges';

/** DynamoDB's BatchWriteItem limit. */
const BATCH = 25;

/**
 * The `subscriptions` table: one row per (stream, connection), read by stream (the key), by connection (index
 * byConnection: LIST_SUBSCRIPTIONS, cleanup on $disconnect) and by symbol (index bySymbol: the fan-out). Every
 * subscribe and unsubscribe is also recorded in the listener change log, after the rows, so the fan-out knows
 * when its memory of a symbol's subscribers is out of date.
 */
export class DynamoSubscriptionStore implements SubscriptionStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly changes: DynamoListenerChanges,
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
    await this.changed(connectionId, streams);
  }

  async unsubscribe(connectionId: string, streams: readonly string[]): Promise<void> {
    await this.write(streams.map((stream) => ({ DeleteRequest: { Key: { stream, connectionId } } })));
    await this.changed(connectionId, streams);
  }

  private async changed(connectionId: string, streams: readonly string[]): Promise<void> {
    if (streams.length === 0) return;
    await this.changes.append(connectionId, { accounts: [], symbols: [...new Set(streams.map(symbolOf))] });
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
    const bySymbol = await Promise.all(
      [...new Set(streams.map(symbolOf))].map((symbol) => this.subscribersOfSymbol(symbol)),
    );
    for (const subscribers of bySymbol)
      for (const [stream, list] of subscribers) if (wanted.has(stream)) found.set(stream, list);
    return found;
  }

  async subscribersOfSymbol(symbol: string): Promise<Map<string, Subscriber[]>> {
    const items = await queryAll(this.documents, {
      TableName: this.table,
      IndexName: 'bySymbol',
      KeyConditionExpression: '#symbol = :symbol',
      ExpressionAttributeNames: { '#symbol': 'symbol' },
      ExpressionAttributeValues: { ':symbol': symbol },
    });
    const found = new Map<string, Subscriber[]>();
    for (const item of items) {
      const stream = item.stream as string;
      const subscriber = { connectionId: item.connectionId as string, combined: item.combined === true };
      found.set(stream, [...(found.get(stream) ?? []), subscriber]);
    }
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
