export interface RateLimits {
  /** Request weight per minute (Binance: 2400 per IP or key). */
  readonly weightPerMinute: number;
  /** New orders per minute (Binance: 1200 per account). */
  readonly ordersPerMinute: number;
}

export const BINANCE_LIMITS: RateLimits = { weightPerMinute: 2400, ordersPerMinute: 1200 };

/** What a caller has spent of its current one-minute window. */
export interface WindowSpent {
  readonly weight: number;
  readonly orders: number;
}

/** Fixed one-minute windows per caller, shared by every ingress process. */
export interface RateLimiter {
  readonly limits: RateLimits;
  /**
   * Spends `weight` (and `orders`) of the caller's current window and answers the window's totals after it;
   * undefined, spending nothing, if that would pass a limit.
   */
  spend(caller: string, weight: number, orders?: number): Promise<WindowSpent | undefined>;
}

/** The milliseconds until the caller's window (a clock minute) ends: Retry-After for a refusal. */
export function untilNextWindow(now: number): number {
  return 60_000 - (now % 60_000);
}
