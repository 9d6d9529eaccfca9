/**
 * Binance's kline intervals and their UTC buckets. Fixed-length intervals are aligned to the Unix epoch (so every
 * hour-based bucket starts on the hour and a day at 00:00 UTC; 3d buckets follow the epoch's three-day grid);
 * weeks start on Monday 00:00 UTC and months are calendar months, as Binance's 1w and 1M candles do.
 */
export const KLINE_INTERVALS = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const;

export type KlineInterval = (typeof KLINE_INTERVALS)[number];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: the first Monday 00:00 UTC is four days later. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

const FIXED_MS: Readonly<Record<Exclude<KlineInterval, '1w' | '1M'>, number>> = {
  '1m': MINUTE_MS,
  '3m': 3 * MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '4h': 4 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '8h': 8 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  '1d': DAY_MS,
  '3d': 3 * DAY_MS,
};

export function isKlineInterval(text: string): text is KlineInterval {
  return (KLINE_INTERVALS as readonly string[]).includes(text);
}

/** Open time of the bucket that contains `time` (epoch milliseconds). */
export function bucketOpen(interval: KlineInterval, time: number): number {
  switch (interval) {
    case '1M': {
      const date = new Date(time);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    }
    case '1w':
      return Math.floor((time - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
    default: {
      const length = FIXED_MS[interval];
      return Math.floor(time / length) * length;
    }
  }
}

/** Open time of the bucket after the one opening at `open`. */
export function nextBucketOpen(interval: KlineInterval, open: number): number {
  switch (interval) {
    case '1M': {
      const date = new Date(open);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    }
    case '1w':
      return open + WEEK_MS;
    default:
      return open + FIXED_MS[interval];
  }
}

/** Close time of the bucket opening at `open`: the last millisecond before the next one, as Binance reports it. */
export function bucketClose(interval: KlineInterval, open: number): number {
  return nextBucketOpen(interval, open) - 1;
}
