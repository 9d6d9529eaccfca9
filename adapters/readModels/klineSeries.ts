import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Candle } from '../../core/projections/candles';
import { bucketOpen, type KlineInterval } from '../../core/projections/intervals';
import { putUnlessApplied } from './conditionalPut';
import { queryItems } from './queryPages';
import { decodeView, encodeView } from './viewCodec';

const MONEY: (keyof Candle & string)[] = ['quoteVolume', 'takerBuyQuoteVolume'];

/** A series is one symbol's candles of one interval. */
export const seriesKey = (symbol: string, interval: KlineInterval) => `${symbol}#${interval}`;

/** Which candles a klines query wants: open times within [startTime, endTime], oldest or newest `limit`. */
export interface CandleRange {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly newest: boolean;
  readonly limit: number;
}

/** The klines table: candles of every interval per symbol, by open time. */
export class KlineSeries {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(symbol: string, interval: KlineInterval, openTime: number): Promise<Candle | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.table,
        Key: { series: seriesKey(symbol, interval), openTime },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : decodeView<Candle>(Item.view as string, MONEY);
  }

  /**
   * Several candles at once (one BatchGet per 100 keys, consistent reads), by `${interval}@${openTime}`: what a
   * batch of trades touches across every interval.
   */
  async getMany(
    symbol: string,
    buckets: readonly { interval: KlineInterval; openTime: number }[],
  ): Promise<Map<string, Candle>> {
    const found = new Map<string, Candle>();
    for (let i = 0; i < buckets.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = buckets
        .slice(i, i + 100)
        .map((b) => ({ series: seriesKey(symbol, b.interval), openTime: b.openTime }));
      while (keys !== undefined && keys.length > 0) {
        const result = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.table] ?? []) {
          const interval = (item.series as string).slice(symbol.length + 1);
          found.set(`${interval}@${item.openTime}`, decodeView<Candle>(item.view as string, MONEY));
        }
        keys = result.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  /** Writes a candle unless it already reflects the trade events from `firstSeq` on. */
  put(symbol: string, interval: KlineInterval, candle: Candle, firstSeq: number): Promise<boolean> {
    return putUnlessApplied(
      this.documents,
      this.table,
      {
        series: seriesKey(symbol, interval),
        openTime: candle.openTime,
        view: encodeView(candle),
        lastSeq: candle.lastSeq,
      },
      firstSeq,
    );
  }

  /** Candles opening within the range, oldest first. */
  async range(symbol: string, interval: KlineInterval, range: CandleRange): Promise<Candle[]> {
    const items = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: '#series = :series AND openTime BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#series': 'series' },
        ExpressionAttributeValues: {
          ':series': seriesKey(symbol, interval),
          ':from': range.startTime ?? 0,
          ':to': range.endTime ?? Number.MAX_SAFE_INTEGER,
        },
        ScanIndexForward: !range.newest,
      },
      range.limit,
    );
    const candles = items.map((item) => decodeView<Candle>(item.view as string, MONEY));
    return range.newest ? candles.reverse() : candles;
  }

  /**
   * Trade ids bounding a time range, from the 1m candles (each knows its first and last trade id): every trade at
   * or after `startTime` has an id ≥ fromId, every trade at or before `endTime` an id ≤ toId. `none` when no trade
   * can be in the range. This lets trade histories answer time queries with a key range instead of a scan.
   */
  async tradeIdBounds(
    symbol: string,
    startTime: number | undefined,
    endTime: number | undefined,
  ): Promise<{ fromId?: number; toId?: number } | 'none'> {
    const bounds: { fromId?: number; toId?: number } = {};
    if (startTime !== undefined) {
      const [first] = await this.range(symbol, '1m', {
        startTime: bucketOpen('1m', startTime),
        newest: false,
        limit: 1,
      });
      if (first === undefined) return 'none';
      bounds.fromId = first.firstTradeId;
    }
    if (endTime !== undefined) {
      const [last] = await this.range(symbol, '1m', { endTime, newest: true, limit: 1 });
      if (last === undefined) return 'none';
      bounds.toId = last.lastTradeId;
    }
    return bounds;
  }
}
