import { type Candle, candleWithTrade, tradesByBucket } from '../../core/projections/candles';
import type { KlineInterval } from '../../core/projections/intervals';
import { type TradeFact, tradeFacts } from '../../core/projections/tradeFacts';
import type { Instrument } from '../../core/symbol/instrument';
import type { KlineSeries } from '../ports/marketData';
import type { EventWindow } from './eventWindow';

/**
 * The candles of one interval that a run's trades touch, as of the run's end (or later, if the klines read model
 * is already past it: a newer candle is still a true one). The stored candle reflects every trade up to
 * max(candle.lastSeq, projector progress); trades between that and the run are read from the log, then the
 * run's trades it does not have yet are folded in, as the klines projection folds them.
 */
export async function runCandles(
  klines: KlineSeries,
  instrument: Instrument,
  interval: KlineInterval,
  trades: readonly TradeFact[],
  projected: number,
  window: EventWindow,
): Promise<Candle[]> {
  const symbol = window.run.symbol;
  const boundary = window.run.firstSeq - 1;
  const candles: Candle[] = [];
  for (const [openTime, bucket] of tradesByBucket(interval, trades)) {
    const stored = await klines.get(symbol, interval, openTime);
    const reflected = Math.max(stored?.lastSeq ?? 0, projected);
    let earlier: TradeFact[] = [];
    if (reflected < boundary) {
      const missing = await window.between(reflected, boundary);
      if (missing === undefined) continue;
      earlier = [...(tradesByBucket(interval, tradeFacts(missing, instrument)).get(openTime) ?? [])];
    }
    let candle = stored;
    for (const trade of [...earlier, ...bucket]) {
      if (trade.seq > (stored?.lastSeq ?? 0)) candle = candleWithTrade(interval, candle, trade);
    }
    if (candle !== undefined) candles.push(candle);
  }
  return candles;
}
