import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DepthBook, DepthSnapshot } from '../../../application/ports/marketData';
import type { LevelChange } from '../../../core/marketData/depthChanges';
import { written } from '../conditionalWrites';

/** Level sort keys: side, then the price in ticks as 16 digits, so a side reads best-first in one Query. */
export const levelKey = (side: 'BUY' | 'SELL', price: number) =>
  `${side === 'BUY' ? 'B' : 'A'}#${String(price).padStart(16, '0')}`;
const HEAD = 'HEAD';

/**
 * The full aggregated book of each symbol: one item per level and a head item with lastUpdateId. Writers use the
 * head as a sequence lock (pending while levels change), so a reader that sees the same settled head before and
 * after reading the levels knows it read exactly the book at that lastUpdateId.
 */
export class DynamoDepthBook implements DepthBook {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async apply(
    symbol: string,
    updateId: number,
    changes: readonly LevelChange[],
    time: number,
  ): Promise<boolean> {
    if (changes.length > 0) {
      if (!(await this.updateHead(symbol, 'SET pending = :id', updateId))) return false;
      for (let i = 0; i < changes.length; i += 25) {
        const requests = changes.slice(i, i + 25).map((c) =>
          c.quantity === 0
            ? { DeleteRequest: { Key: { symbol, level: levelKey(c.side, c.price) } } }
            : {
                PutRequest: {
                  Item: {
                    symbol,
                    level: levelKey(c.side, c.price),
                    quantity: c.quantity,
                    lastUpdateId: updateId,
                  },
                },
              },
        );
        let unprocessed: Record<string, unknown[]> | undefined = { [this.table]: requests };
        while (unprocessed && Object.keys(unprocessed).length > 0) {
          const result = await this.documents.send(
            new BatchWriteCommand({ RequestItems: unprocessed as never }),
          );
          unprocessed = result.UnprocessedItems as Record<string, unknown[]> | undefined;
        }
      }
    }
    return this.updateHead(
      symbol,
      'SET lastUpdateId = :id, #time = :time REMOVE pending',
      updateId,
      time,
      changes.length > 0,
    );
  }

  async read(symbol: string, limit: number): Promise<DepthSnapshot> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const before = await this.head(symbol);
      if (before.pending !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const [bids, asks] = await Promise.all([
        this.side(symbol, 'B', limit, false),
        this.side(symbol, 'A', limit, true),
      ]);
      const after = await this.head(symbol);
      if (after.pending === undefined && after.lastUpdateId === before.lastUpdateId) {
        return { lastUpdateId: before.lastUpdateId, time: before.time, bids, asks };
      }
    }
    throw new Error(`${symbol}: the book kept changing while it was read`);
  }

  async touch(
    symbol: string,
  ): Promise<{ bid: [number, number] | undefined; ask: [number, number] | undefined }> {
    const [bids, asks] = await Promise.all([
      this.side(symbol, 'B', 1, false),
      this.side(symbol, 'A', 1, true),
    ]);
    return { bid: bids[0], ask: asks[0] };
  }

  private async side(
    symbol: string,
    prefix: 'A' | 'B',
    limit: number,
    ascending: boolean,
  ): Promise<[number, number][]> {
    const levels: [number, number][] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'symbol = :symbol AND begins_with(#level, :prefix)',
          ExpressionAttributeNames: { '#level': 'level' },
          ExpressionAttributeValues: { ':symbol': symbol, ':prefix': `${prefix}#` },
          ScanIndexForward: ascending,
          Limit: limit - levels.length,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? [])
        levels.push([Number((item.level as string).slice(2)), item.quantity as number]);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && levels.length < limit);
    return levels;
  }

  private async head(
    symbol: string,
  ): Promise<{ lastUpdateId: number; pending: number | undefined; time: number }> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { symbol, level: HEAD }, ConsistentRead: true }),
    );
    return {
      lastUpdateId: (Item?.lastUpdateId as number) ?? 0,
      pending: Item?.pending as number | undefined,
      time: (Item?.time as number) ?? 0,
    };
  }

  private async updateHead(
    symbol: string,
    update: string,
    id: number,
    time?: number,
    ownPending = false,
  ): Promise<boolean> {
    return written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { symbol, level: HEAD },
          UpdateExpression: update,
          ConditionExpression: ownPending
            ? 'pending = :id'
            : '(attribute_not_exists(lastUpdateId) OR lastUpdateId < :id) AND (attribute_not_exists(pending) OR pending = :id)',
          ExpressionAttributeNames: time !== undefined ? { '#time': 'time' } : undefined,
          ExpressionAttributeValues: { ':id': id, ...(time !== undefined ? { ':time': time } : {}) },
        }),
      ),
    );
  }
}
