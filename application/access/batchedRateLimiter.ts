import type { Clock } from '../ports/clock';
import type { RateLimiter, RateLimits, WindowSpent } from '../ports/rateLimiter';

export interface RateBatching {
  /** A caller's spend in this process reaches the shared limiter at least this often (ms). */
  readonly flushMs: number;
  /** …and at once when what it has not yet reported reaches this share of a limit. */
  readonly flushShare: number;
}

/** One DynamoDB write per caller per second at most, and never more than a tenth of a limit unreported. */
export const DEFAULT_RATE_BATCHING: RateBatching = { flushMs: 1_000, flushShare: 0.1 };

interface Window {
  /** Spent in this process in this window (what the local check compares with the limits). */
  weight: number;
  orders: number;
  /** Let through in this process and not yet reported to the shared limiter. */
  pendingWeight: number;
  pendingOrders: number;
  reportedAt: number;
  /** The window's totals across every process, as the shared limiter answered the last report. */
  shared: WindowSpent;
  /** Reported and not yet answered: still counted in the totals a reply shows meanwhile. */
  inFlightWeight: number;
  inFlightOrders: number;
  /** The shared limiter refused this window: every process together has spent it. */
  closed: boolean;
}

/**
 * The rate limits with one shared write per caller per flush instead of one per request (issue 17: ingress's
 * requests per order). Each process counts its own callers' spend in memory and checks it against the limits
 * exactly; it reports what it let through to the shared limiter (`inner`, one conditional ADD per window in
 * DynamoDB) with a caller's first request of a window, then at most every `flushMs`, or as soon as the unreported
 * spend reaches `flushShare` of a limit. A report the shared limiter refuses closes that caller's window in this
 * process: every process together has used it up.
 *
 * Bounded staleness: the other processes' spend is seen only through refused reports, so together the processes
 * serving one caller can let through at most the limit plus, per process, what it had not yet reported — at most
 * `flushMs` of its traffic and under `flushShare` of the limit. One process alone is exact (its local check).
 *
 * The totals it answers (a reply's used weight) are the shared limiter's at the last report plus what this process
 * has let through since: exact with one process; with several, the others' spend since that report is missing.
 */
export class BatchedRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private minute = -1;

  constructor(
    private readonly inner: RateLimiter,
    private readonly batching: RateBatching = DEFAULT_RATE_BATCHING,
    private readonly clock: Clock = Date.now,
  ) {}

  get limits(): RateLimits {
    return this.inner.limits;
  }

  async spend(caller: string, weight: number, orders = 0): Promise<WindowSpent | undefined> {
    const now = this.clock();
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) {
      // A new minute: last minute's windows are over (what they had not reported no longer matters).
      this.windows.clear();
      this.minute = minute;
    }
    let window = this.windows.get(caller);
    if (window === undefined) {
      window = {
        weight: 0,
        orders: 0,
        pendingWeight: 0,
        pendingOrders: 0,
        reportedAt: Number.NEGATIVE_INFINITY,
        shared: { weight: 0, orders: 0 },
        inFlightWeight: 0,
        inFlightOrders: 0,
        closed: false,
      };
      this.windows.set(caller, window);
    }
    const { weightPerMinute, ordersPerMinute } = this.limits;
    if (window.closed) return undefined;
    // A window's first request always passes, as the shared limiter's conditional ADD on a new item does.
    const first = window.weight === 0 && window.orders === 0;
    if (!first && (window.weight + weight > weightPerMinute || window.orders + orders > ordersPerMinute))
      return undefined;
    window.weight += weight;
    window.orders += orders;
    window.pendingWeight += weight;
    window.pendingOrders += orders;
    const { flushMs, flushShare } = this.batching;
    const due =
      now - window.reportedAt >= flushMs ||
      window.pendingWeight >= flushShare * weightPerMinute ||
      window.pendingOrders >= flushShare * ordersPerMinute;
    if (!due) return totalsOf(window);
    const [pendingWeight, pendingOrders] = [window.pendingWeight, window.pendingOrders];
    window.pendingWeight = 0;
    window.pendingOrders = 0;
    window.reportedAt = now;
    window.inFlightWeight += pendingWeight;
    window.inFlightOrders += pendingOrders;
    const shared = await this.inner.spend(caller, pendingWeight, pendingOrders).finally(() => {
      window.inFlightWeight -= pendingWeight;
      window.inFlightOrders -= pendingOrders;
    });
    if (shared === undefined) {
      window.closed = true;
      return undefined;
    }
    // Reports of one window may answer out of order: the higher totals are the later.
    if (shared.weight >= window.shared.weight) window.shared = shared;
    return totalsOf(window);
  }
}

/**
 * The window's totals as this process knows them: the shared limiter's last answer and its own spend since, the
 * part of it whose report is still on its way included.
 */
function totalsOf(window: Window): WindowSpent {
  return {
    weight: window.shared.weight + window.inFlightWeight + window.pendingWeight,
    orders: window.shared.orders + window.inFlightOrders + window.pendingOrders,
  };
}
