import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CandleRange, KlineSeries } from '../../../application/ports/marketData';
import type { IntervalCandle } from '../../../core/projections/candleFold';
import type { Candle } from '../../../core/projections/candles';
import type { KlineInterval } from '../../../core/projections/intervals';
import { queryItems } from '../queryPages';
import { putItems } from './batchPut';
import { putUnlessApplied } from './conditionalPut';
import { decodeView, encodeView } from './viewCodec';

const MONEY: (keyof Candle & string)[] = ['quoteVolume', 'takerBuyQuoteVolume'];

/** A series is one symbol's candles of one interval. */
export const seriesKey = (symbol: string, interval: KlineInterval) => `${symbol}#${interval}`;

/**
 * The klines table: candles of every interval per symbol (one partition per series), by open time. `nameOf` says
 * what a symbol's series are called in the table: the symbol itself for trade klines, `<symbol>#<price series>`
 * for the price klines table (priceKlineSeries.ts).
 */
export class DynamoKlineSeries implements KlineSeries {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly nameOf: (symbol: string) => string = (symbol) => symbol,
  ) {}

  private seriesOf(symbol: string, interval: KlineInterval): string {
    return seriesKey(this.nameOf(symbol), interval);
  }

  async get(symbol: string, interval: KlineInterval, openTime: number): Promise<Candle | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.table,
        Key: { series: this.seriesOf(symbol, interval), openTime },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : decodeView<Candle>(Item.view as string, MONEY);
  }

  /** One BatchGet per 100 keys, consistent reads. */
  async getMany(
    symbol: string,
    buckets: readonly { interval: KlineInterval; openTime: number }[],
  ): Promise<Map<string, Candle>> {
    const found = new Map<string, Candle>();
    for (let i = 0; i < buckets.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = buckets
        .slice(i, i + 100)
        .map((b) => ({ series: this.seriesOf(symbol, b.interval), openTime: b.openTime }));
      while (keys !== undefined && keys.length > 0) {
        const result = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.table] ?? []) {
          const interval = (item.series as string).slice(this.nameOf(symbol).length + 1);
          found.set(`${interval}@${item.openTime}`, decodeView<Candle>(item.view as string, MONEY));
        }
        keys = result.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  put(symbol: string, interval: KlineInterval, candle: Candle, firstSeq: number): Promise<boolean> {
    return putUnlessApplied(this.documents, this.table, this.itemOf(symbol, interval, candle), firstSeq);
  }

  putMany(symbol: string, candles: readonly IntervalCandle[], guarded: boolean): Promise<void> {
    return putItems(
      this.documents,
      this.table,
      candles.map(({ interval, candle }) => this.itemOf(symbol, interval, candle)),
      guarded,
    );
  }

  /** The stored item of a candle. */
  itemOf(symbol: string, interval: KlineInterval, candle: Candle) {
    return {
      series: this.seriesOf(symbol, interval),
      openTime: candle.openTime,
      view: encodeView(candle),
      lastSeq: candle.lastSeq,
    };
  }

  async range(symbol: string, interval: KlineInterval, range: CandleRange): Promise<Candle[]> {
    const items = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: '#series = :series AND openTime BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#series': 'series' },
        ExpressionAttributeValues: {
          ':series': this.seriesOf(symbol, interval),
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
}
