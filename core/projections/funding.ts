import { HOUR_MS } from './intervals';

/** Funding settles every 8 hours at 00:00, 08:00 and 16:00 UTC, as on Binance. */
export const FUNDING_INTERVAL_MS = 8 * HOUR_MS;

/** The first funding time strictly after `now`. */
export function nextFundingTime(now: number): number {
  return (Math.floor(now / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS;
}
