import { type PriceCandle, type PriceKlineState, priceKlinesFold } from '../../core/projections/klineFolds';
import { PRICE_SERIES, priceSample } from '../../core/projections/priceSamples';
import type { PriceKlineSeries } from '../ports/marketData';
import { loadCandles } from './candleStore';
import { foldedModel } from './foldedModel';
import { FoldRunner, type FoldStore } from './foldRunner';
import type { ReadModel } from './readModel';

/** The price klines table as the fold's store: the three series loaded side by side, written together. */
function priceKlineStore(klines: PriceKlineSeries): FoldStore<PriceKlineState, PriceCandle> {
  return {
    async load(symbol, events) {
      const [mark, index, premium] = await Promise.all(
        PRICE_SERIES.map((series) =>
          loadCandles(
            klines.of(series),
            symbol,
            events.flatMap((e) => priceSample(e, series) ?? []),
          ),
        ),
      );
      return { mark: mark!, index: index!, premium: premium! };
    },
    write: (symbol, candles, guarded) => klines.putMany(symbol, candles, guarded),
  };
}

export const priceKlinesRunner = (klines: PriceKlineSeries) =>
  new FoldRunner(priceKlinesFold, priceKlineStore(klines));

/**
 * Mark price, index price and premium index candles of every interval, one sample per MarkPriceUpdated, with the
 * trade klines' fold (markPriceKlines, indexPriceKlines, premiumIndexKlines): one coalesced write of the 45 candles
 * an index update touches.
 */
export function priceKlinesModel(klines: PriceKlineSeries): ReadModel {
  return foldedModel('priceKlines', priceKlinesRunner(klines));
}
