import { type CandleSample, candleWithTrade, tradesByBucket } from '../../core/projections/candles';
import { KLINE_INTERVALS, type KlineInterval } from '../../core/projections/intervals';
import type { KlineSeries } from '../ports/marketData';

/**
 * Folds a batch's candle samples (trades, or price samples) into the candles of every Binance interval of one
 * series. The stored candles of every bucket the samples fall in are read at once, the samples folded in, and
 * each candle written back in one conditional put: if a stored candle already has a sequence at or past its
 * bucket's first sample in this batch, the batch was applied to it before and it is left.
 */
export async function foldIntoSeries(
  series: KlineSeries,
  symbol: string,
  samples: readonly CandleSample[],
): Promise<void> {
  if (samples.length === 0) return;
  const touched = KLINE_INTERVALS.flatMap((interval: KlineInterval) =>
    [...tradesByBucket(interval, samples)].map(([openTime, bucket]) => ({ interval, openTime, bucket })),
  );
  const stored = await series.getMany(symbol, touched);
  await Promise.all(
    touched.map(async ({ interval, openTime, bucket }) => {
      const firstSeq = bucket[0]!.seq;
      let candle = stored.get(`${interval}@${openTime}`);
      if (candle !== undefined && candle.lastSeq >= firstSeq) return;
      for (const sample of bucket) candle = candleWithTrade(interval, candle, sample);
      await series.put(symbol, interval, candle!, firstSeq);
    }),
  );
}
