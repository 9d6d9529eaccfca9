import { HOUR_MS } from './intervals';

/** Funding settles every 8 hours at 00:00, 08:00 and 16:00 UTC, as on Binance (a symbol may choose 4 or 1 h). */
export const FUNDING_INTERVAL_MS = 8 * HOUR_MS;

/** The first funding time strictly after `now`: funding times are the multiples of the interval since 1970. */
export function nextFundingTime(now: number, intervalMs = FUNDING_INTERVAL_MS): number {
  return (Math.floor(now / intervalMs) + 1) * intervalMs;
}

/** Whether `time` is one of the symbol's funding times. */
export function isFundingTime(time: number, intervalMs = FUNDING_INTERVAL_MS): boolean {
  return Number.isSafeInteger(time) && time > 0 && time % intervalMs === 0;
}
