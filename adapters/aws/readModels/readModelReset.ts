import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ReadModelReset, RebuildableModel } from '../../../application/ports/readModelReset';
import { KLINE_INTERVALS } from '../../../core/projections/intervals';
import { type ResourceNames, type TableId, tables } from '../../../resources/declarations';
import { seriesKey } from './klineSeries';
import { priceSeriesKeys } from './priceKlineSeries';

/** Where each rebuildable model keeps its items and how one symbol's are found. */
const MODEL_TABLES = {
  symbols: { table: 'symbols', symbolIs: 'partition' },
  orders: { table: 'orders', symbolIs: 'attribute' },
  userTrades: { table: 'userTrades', symbolIs: 'attribute' },
  marketTrades: { table: 'marketTrades', symbolIs: 'partition' },
  aggTrades: { table: 'aggTrades', symbolIs: 'partition' },
  klines: { table: 'klines', symbolIs: 'series' },
  depth: { table: 'depth', symbolIs: 'partition' },
  tickers: { table: 'tickers', symbolIs: 'partition' },
  priceKlines: { table: 'priceKlines', symbolIs: 'priceSeries' },
  fundingRates: { table: 'fundingRates', symbolIs: 'partition' },
} as const satisfies Record<
  RebuildableModel,
  { table: TableId; symbolIs: 'partition' | 'attribute' | 'series' | 'priceSeries' }
>;

/**
 * Drops read-model items in DynamoDB: one symbol's by a Query of its partitions (or a filtered Scan where the
 * symbol is an attribute), all by a Scan; then BatchWrite deletes, 25 at a time, keyed by the table's declared key.
 */
export class DynamoReadModelReset implements ReadModelReset {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly names: ResourceNames,
  ) {}

  async drop(model: RebuildableModel, symbol?: string): Promise<number> {
    const { table: id, symbolIs } = MODEL_TABLES[model];
    const table = this.names.tables[id];
    const key = tables[id].key;
    const keyNames = [key.partition.name, ...('sort' in key ? [key.sort.name] : [])];
    const keys: Record<string, unknown>[] = [];
    const collect = (items: Record<string, unknown>[] | undefined) => {
      for (const item of items ?? []) keys.push(Object.fromEntries(keyNames.map((n) => [n, item[n]])));
    };
    if (symbol === undefined || symbolIs === 'attribute') {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.documents.send(
          new ScanCommand({
            TableName: table,
            ExclusiveStartKey: startKey,
            ...(symbol === undefined
              ? {}
              : {
                  FilterExpression: '#symbol = :symbol',
                  ExpressionAttributeNames: { '#symbol': 'symbol' },
                  ExpressionAttributeValues: { ':symbol': symbol },
                }),
          }),
        );
        collect(page.Items);
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    } else {
      const partitions =
        symbolIs === 'series'
          ? KLINE_INTERVALS.map((interval) => seriesKey(symbol, interval))
          : symbolIs === 'priceSeries'
            ? priceSeriesKeys(symbol, KLINE_INTERVALS)
            : [symbol];
      for (const partition of partitions) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.documents.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: '#p = :p',
              ExpressionAttributeNames: { '#p': key.partition.name },
              ExpressionAttributeValues: { ':p': partition },
              ExclusiveStartKey: startKey,
            }),
          );
          collect(page.Items);
          startKey = page.LastEvaluatedKey;
        } while (startKey !== undefined);
      }
    }
    for (let i = 0; i < keys.length; i += 25) {
      let unprocessed: Record<string, unknown[]> | undefined = {
        [table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
      };
      while (unprocessed !== undefined && Object.keys(unprocessed).length > 0) {
        const result = await this.documents.send(
          new BatchWriteCommand({ RequestItems: unprocessed as never }),
        );
        unprocessed = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
    return keys.length;
  }
}
