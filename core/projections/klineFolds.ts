import type { EngineEvent } from '../engine/events';
import type { Instrument } from '../symbol/instrument';
import { type CandleState, candleFold, type IntervalCandle, NO_CANDLES } from './candleFold';
import type { CandleSample } from './candles';
import { PRICE_SERIES, type PriceSeries, priceSample } from './priceSamples';
import type { ReadModelFold } from './readModelFold';
import { tradeFact } from './tradeFacts';

/** The trade klines (GET /fapi/v1/klines): every trade into its candle of every interval. */
export const tradeKlinesFold = candleFold(tradeSample);

/** A Trade's candle sample. */
export function tradeSample(event: EngineEvent, instrument: Instrument): CandleSample | undefined {
  return event.type === 'Trade' ? tradeFact(event, instrument) : undefined;
}

/** One price series' klines: every MarkPriceUpdated is one sample (priceSamples.ts). */
export const priceSeriesFold = (series: PriceSeries) => candleFold((event) => priceSample(event, series));

export type PriceKlineState = Readonly<Record<PriceSeries, CandleState>>;
export interface PriceCandle extends IntervalCandle {
  readonly series: PriceSeries;
}

const SERIES_FOLDS = PRICE_SERIES.map((series) => [series, priceSeriesFold(series)] as const);

/** The mark, index and premium index klines: the three series' folds side by side. */
export const priceKlinesFold: ReadModelFold<PriceKlineState, PriceCandle> = {
  initial: { mark: NO_CANDLES, index: NO_CANDLES, premium: NO_CANDLES },
  evolve(state, event, instrument) {
    if (event.type !== 'MarkPriceUpdated') return state;
    const next = { ...state };
    for (const [series, fold] of SERIES_FOLDS) next[series] = fold.evolve(state[series], event, instrument);
    return next;
  },
  changes: (before, after) =>
    SERIES_FOLDS.flatMap(([series, fold]) =>
      fold.changes(before[series], after[series]).map((c) => ({ ...c, series })),
    ),
  retain(state) {
    const next = { ...state };
    for (const [series, fold] of SERIES_FOLDS) next[series] = fold.retain(state[series]);
    return next;
  },
};
