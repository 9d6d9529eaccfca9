import type { Clock } from '../../application/ports/clock';
import {
  BINANCE_LIMITS,
  type RateLimiter,
  type RateLimits,
  type WindowSpent,
} from '../../application/ports/rateLimiter';

/** Fixed one-minute windows counted in memory: what one process's requests spend. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { weight: number; orders: number }>();

  constructor(
    readonly limits: RateLimits = BINANCE_LIMITS,
    private readonly clock: Clock = Date.now,
  ) {}

  async spend(caller: string, weight: number, orders = 0): Promise<WindowSpent | undefined> {
    const key = `${caller}#${Math.floor(this.clock() / 60_000)}`;
    const spent = this.windows.get(key);
    // A window's first request is always let through, as the conditional ADD on a new item does.
    if (spent !== undefined) {
      if (spent.weight + weight > this.limits.weightPerMinute) return undefined;
      if (spent.orders + orders > this.limits.ordersPerMinute) return undefined;
    }
    const after = { weight: (spent?.weight ?? 0) + weight, orders: (spent?.orders ?? 0) + orders };
    this.windows.set(key, after);
    return { ...after };
  }
}
