import { candleWithTrade, tradesByBucket } from '../../core/projections/candles';
import { KLINE_INTERVALS, type KlineInterval } from '../../core/projections/intervals';
import { tradeFacts } from '../../core/projections/tradeFacts';
import type { KlineSeries } from '../ports/marketData';
import type { ReadModel } from './readModel';

/**
 * Candles of every Binance interval. The stored candles of every bucket a batch's trades fall in are read at once,
 * the trades folded in, and each candle written back in one conditional put: if a stored candle already has a
 * sequence at or past its bucket's first trade in this batch, the batch was applied to it before and it is left.
 */
export function klinesModel(series: KlineSeries): ReadModel {
  return {
    name: 'klines',
    async apply(batch, { instrument }) {
      const trades = tradeFacts(batch.events, instrument);
      if (trades.length === 0) return;
      const touched = KLINE_INTERVALS.flatMap((interval: KlineInterval) =>
        [...tradesByBucket(interval, trades)].map(([openTime, bucket]) => ({ interval, openTime, bucket })),
      );
      const stored = await series.getMany(batch.symbol, touched);
      await Promise.all(
        touched.map(async ({ interval, openTime, bucket }) => {
          const firstSeq = bucket[0]!.seq;
          let candle = stored.get(`${interval}@${openTime}`);
          if (candle !== undefined && candle.lastSeq >= firstSeq) return;
          for (const trade of bucket) candle = candleWithTrade(interval, candle, trade);
          await series.put(batch.symbol, interval, candle!, firstSeq);
        }),
      );
    },
  };
}
