import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DepthBook, DepthSnapshot } from '../../../application/ports/marketData';
import type { DepthItem, DepthState } from '../../../core/projections/depthFold';
import { written } from '../conditionalWrites';
import { writeBatch } from './batchPut';

/** Level sort keys: side, then the price in ticks as 16 digits. */
export const levelKey = (side: 'BUY' | 'SELL', price: number) =>
  `${side === 'BUY' ? 'B' : 'A'}#${String(price).padStart(16, '0')}`;
const HEAD = 'HEAD';

/**
 * The full aggregated book of each symbol: one item per level (`quantity`, `lastSeq`), and a head item with
 * lastUpdateId, time and the best levels of each side as JSON (`top`). A batch writes its changed levels and
 * then the head in BatchWriteItems; readers of the top of the book read the head alone, which is one consistent
 * book by itself. The levels are what a cold start loads.
 */
export class DynamoDepthBook implements DepthBook {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async load(symbol: string): Promise<DepthState> {
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let head = { lastUpdateId: 0, time: 0 };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'symbol = :symbol',
          ExpressionAttributeValues: { ':symbol': symbol },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const level = item.level as string;
        if (level === HEAD) head = { lastUpdateId: item.lastUpdateId as number, time: item.time as number };
        else (level.startsWith('B') ? bids : asks).set(Number(level.slice(2)), item.quantity as number);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { ...head, bids, asks };
  }

  async write(symbol: string, items: readonly DepthItem[], guarded: boolean): Promise<void> {
    const stored = items.map((item) => this.stored(symbol, item));
    if (guarded) {
      // Levels first, the head last: a reader never sees a head ahead of its levels.
      const levels = stored.slice(0, -1);
      await Promise.all(levels.map((s) => s.guarded()));
      for (const s of stored.slice(-1)) await s.guarded();
      return;
    }
    await writeBatch(
      stored.map((s) => ({ documents: this.documents, table: this.table, request: s.request })),
    );
  }

  async read(symbol: string, limit: number): Promise<DepthSnapshot> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { symbol, level: HEAD }, ConsistentRead: true }),
    );
    if (Item === undefined) return { lastUpdateId: 0, time: 0, bids: [], asks: [] };
    const top = JSON.parse(Item.top as string) as { bids: [number, number][]; asks: [number, number][] };
    return {
      lastUpdateId: Item.lastUpdateId as number,
      time: Item.time as number,
      bids: top.bids.slice(0, limit),
      asks: top.asks.slice(0, limit),
    };
  }

  async touch(
    symbol: string,
  ): Promise<{ bid: [number, number] | undefined; ask: [number, number] | undefined }> {
    const { bids, asks } = await this.read(symbol, 1);
    return { bid: bids[0], ask: asks[0] };
  }

  /** An item's BatchWrite request, and its write guarded by the sequence it reflects. */
  private stored(symbol: string, item: DepthItem) {
    if (item.kind === 'head') {
      const Item = {
        symbol,
        level: HEAD,
        lastUpdateId: item.lastUpdateId,
        time: item.time,
        top: JSON.stringify({ bids: item.bids, asks: item.asks }),
      };
      return {
        request: { PutRequest: { Item } },
        guarded: () =>
          written(
            this.documents.send(
              new PutCommand({
                TableName: this.table,
                Item,
                ConditionExpression: 'attribute_not_exists(lastUpdateId) OR lastUpdateId < :id',
                ExpressionAttributeValues: { ':id': item.lastUpdateId },
              }),
            ),
          ),
      };
    }
    const Key = { symbol, level: levelKey(item.side, item.price) };
    const condition = {
      ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :seq',
      ExpressionAttributeValues: { ':seq': item.lastSeq },
    };
    if (item.quantity === 0)
      return {
        request: { DeleteRequest: { Key } },
        guarded: () =>
          written(this.documents.send(new DeleteCommand({ TableName: this.table, Key, ...condition }))),
      };
    const Item = { ...Key, quantity: item.quantity, lastSeq: item.lastSeq };
    return {
      request: { PutRequest: { Item } },
      guarded: () =>
        written(this.documents.send(new PutCommand({ TableName: this.table, Item, ...condition }))),
    };
  }
}
