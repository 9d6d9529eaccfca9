export interface RateLimits {
  /** Request weight per minute (Binance: 2400 per IP or key). */
  readonly weightPerMinute: number;
  /** New orders per minute (Binance: 1200 per account). */
  readonly ordersPerMinute: number;
}

export const BINANCE_LIMITS: RateLimits = { weightPerMinute: 2400, ordersPerMinute: 1200 };

/** Fixed one-minute windows per caller, shared by every ingress process. */
export interface RateLimiter {
  readonly limits: RateLimits;
  /** Spends `weight` (and `orders`) of the caller's current window; false, spending nothing, if that would pass a limit. */
  spend(caller: string, weight: number, orders?: number): Promise<boolean>;
}
