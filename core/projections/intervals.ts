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
      const { year, month } = civilMonthOf(Math.floor(time / DAY_MS));
      return firstDayOf(year, month) * DAY_MS;
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
      const { year, month } = civilMonthOf(Math.floor(open / DAY_MS));
      return (month === 12 ? firstDayOf(year + 1, 1) : firstDayOf(year, month + 1)) * DAY_MS;
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

/*
 * Calendar months in plain integer arithmetic (the proleptic Gregorian calendar, as Date uses), so core/ never
 * touches Date: days since 1970-01-01 ⇄ (year, month). The algorithms are Howard Hinnant's civil_from_days and
 * days_from_civil, which count in 400-year eras of 146,097 days starting on 1 March.
 */

/** The year and month (1–12) of a day counted from 1970-01-01. */
function civilMonthOf(day: number): { year: number; month: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month };
}

/** Days from 1970-01-01 to the first of `month` (1–12) of `year`. */
function firstDayOf(year: number, month: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5);
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
