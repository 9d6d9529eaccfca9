import { tradeFacts } from '../../core/projections/tradeFacts';
import type { KlineSeries } from '../ports/marketData';
import { foldIntoSeries } from './candleSeries';
import type { ReadModel } from './readModel';

/** Candles of every Binance interval from the trades (GET /fapi/v1/klines). */
export function klinesModel(series: KlineSeries): ReadModel {
  return {
    name: 'klines',
    apply: (batch, { instrument }) =>
      foldIntoSeries(series, batch.symbol, tradeFacts(batch.events, instrument)),
  };
}
