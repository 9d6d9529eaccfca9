import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KlineSeries, PriceKlineSeries } from '../../../application/ports/marketData';
import type { KlineInterval } from '../../../core/projections/intervals';
import { PRICE_SERIES, type PriceSeries } from '../../../core/projections/priceSamples';
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
  private readonly series: ReadonlyMap<PriceSeries, KlineSeries>;

  constructor(documents: DynamoDBDocumentClient, table: string) {
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
}
