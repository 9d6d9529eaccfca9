import { tradeKlinesFold, tradeSample } from '../../core/projections/klineFolds';
import type { KlineSeries } from '../ports/marketData';
import { candleStore } from './candleStore';
import { foldedModel } from './foldedModel';
import { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

/** The trade klines' runner: the fold (core/projections/klineFolds.ts) over the klines table. */
export const klinesRunner = (series: KlineSeries) =>
  new FoldRunner(tradeKlinesFold, candleStore(series, tradeSample));

/** Candles of every Binance interval from the trades (GET /fapi/v1/klines). */
export function klinesModel(series: KlineSeries): ReadModel {
  return foldedModel('klines', klinesRunner(series));
}
