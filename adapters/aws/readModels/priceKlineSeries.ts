import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KlineSeries, PriceKlineSeries } from '../../../application/ports/marketData';
import type { KlineInterval } from '../../../core/projections/intervals';
import type { PriceCandle } from '../../../core/projections/klineFolds';
import { PRICE_SERIES, type PriceSeries } from '../../../core/projections/priceSamples';
import { putItems } from './batchPut';
import { DynamoKlineSeries, seriesKey } from './klineSeries';

/** A symbol's price series in the priceKlines table: `<symbol>#<mark|index|premium>`, then `#<interval>`. */
export const priceSeriesName = (symbol: string, series: PriceSeries) => `${symbol}#${series}`;

/** Every partition of one symbol's price klines (what a rebuild of one symbol drops). */
export function priceSeriesKeys(symbol: string, intervals: readonly KlineInterval[]): string[] {
  return PRICE_SERIES.flatMap((series) =>
    intervals.map((interval) => seriesKey(priceSeriesName(symbol, series), interval)),
  );
}

/**
 * The priceKlines table: mark, index and premium index candles of every interval, one partition per symbol,
 * series and interval, by open time; the trade klines' adapter with the series' names.
 */
export class DynamoPriceKlineSeries implements PriceKlineSeries {
  private readonly series: ReadonlyMap<PriceSeries, DynamoKlineSeries>;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.series = new Map(
      PRICE_SERIES.map((series) => [
        series,
        new DynamoKlineSeries(documents, table, (symbol) => priceSeriesName(symbol, series)),
      ]),
    );
  }

  of(series: PriceSeries): KlineSeries {
    return this.series.get(series)!;
  }

  /** All series' candles in one run of BatchWriteItems (one table): 45 candles are 2 requests. */
  putMany(symbol: string, candles: readonly PriceCandle[], guarded: boolean): Promise<void> {
    return putItems(
      this.documents,
      this.table,
      candles.map(({ series, interval, candle }) =>
        this.series.get(series)!.itemOf(symbol, interval, candle),
      ),
      guarded,
    );
  }
}
