import { PRICE_SERIES, priceSamples } from '../../core/projections/priceSamples';
import type { PriceKlineSeries } from '../ports/marketData';
import { foldIntoSeries } from './candleSeries';
import type { ReadModel } from './readModel';

/**
 * Mark price, index price and premium index candles of every interval, one sample per MarkPriceUpdated, with the
 * trade klines' fold (markPriceKlines, indexPriceKlines, premiumIndexKlines).
 */
export function priceKlinesModel(klines: PriceKlineSeries): ReadModel {
  return {
    name: 'priceKlines',
    async apply(batch) {
      if (!batch.events.some((e) => e.type === 'MarkPriceUpdated')) return;
      await Promise.all(
        PRICE_SERIES.map((series) =>
          foldIntoSeries(klines.of(series), batch.symbol, priceSamples(batch.events, series)),
        ),
      );
    },
  };
}
