import { assertNever } from '../assertNever';
import type { EngineEvent, MarkPriceUpdated } from '../engine/events';
import type { CandleSample } from './candles';

/**
 * The price series a symbol's index updates draw, each a kline series of its own: the mark price, the index price
 * and the premium index (Binance's markPriceKlines, indexPriceKlines, premiumIndexKlines).
 */
export const PRICE_SERIES = ['mark', 'index', 'premium'] as const;
export type PriceSeries = (typeof PRICE_SERIES)[number];

/**
 * One candle sample per MarkPriceUpdated among a run of events: the series' value (prices in 10^-8 USDT per base
 * unit, the premium as a rate in 10^-8), no volume. Binance fills the volume fields of these klines with "0" and
 * counts the samples ("number of basic data") where a trade kline counts trades; the sample's id is its event's
 * sequence, so the candle's first/last "trade" ids are the first and last event it holds.
 */
export function priceSamples(events: readonly EngineEvent[], series: PriceSeries): CandleSample[] {
  const samples: CandleSample[] = [];
  for (const event of events) {
    const sample = priceSample(event, series);
    if (sample !== undefined) samples.push(sample);
  }
  return samples;
}

/** The event's sample of the series, if it is a MarkPriceUpdated. */
export function priceSample(event: EngineEvent, series: PriceSeries): CandleSample | undefined {
  if (event.type !== 'MarkPriceUpdated') return undefined;
  return {
    id: event.seq,
    price: seriesValue(event, series),
    qty: 0,
    quoteQty: 0n,
    time: event.time,
    takerSide: 'SELL',
    seq: event.seq,
  };
}

function seriesValue(event: MarkPriceUpdated, series: PriceSeries): number {
  switch (series) {
    case 'mark':
      return event.markPrice;
    case 'index':
      return event.indexPrice;
    case 'premium':
      return event.premium;
    default:
      return assertNever(series);
  }
}
