import type { Side } from '../orders/order';
import { NO_SLOT } from './orderStore';

/** One price level: its FIFO queue of resting orders (slots) and their aggregated open quantity. */
export interface PriceLevel {
  readonly price: number;
  /** Sum of the remaining lots of the orders at this price, kept incrementally: depth for free. */
  quantity: number;
  orderCount: number;
  head: number;
  tail: number;
}

/**
 * One side of the book: its non-empty price levels sorted from worst to best, so the best level is the last
 * element (O(1) best price) and the levels that come and go most, those near the touch, are the cheapest to
 * insert and remove (an array shift of only the levels better than them).
 *
 * The prices are kept a second time in a typed array in the same order, and searches run on that: a binary
 * search over thousands of levels then reads a few contiguous cache lines, not one level object per step.
 */
export class PriceLadder {
  private readonly levels: PriceLevel[] = [];
  /** levels[i].price, for i < levels.length. */
  private prices = new Float64Array(64);
  /** The level last found or created: orders arrive in bursts at one price, so the next search is often it. */
  private recent: PriceLevel | undefined;

  constructor(readonly side: Side) {}

  get levelCount(): number {
    return this.levels.length;
  }

  best(): PriceLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** The level `depth` places behind the best (0 = best). */
  atDepth(depth: number): PriceLevel | undefined {
    return this.levels[this.levels.length - 1 - depth];
  }

  find(price: number): PriceLevel | undefined {
    if (this.recent?.price === price) return this.recent;
    const i = this.search(price);
    if (i === this.levels.length || this.prices[i] !== price) return undefined;
    const level = this.levels[i]!;
    this.recent = level;
    return level;
  }

  findOrCreate(price: number): PriceLevel {
    if (this.recent?.price === price) return this.recent;
    const i = this.search(price);
    const count = this.levels.length;
    if (i < count && this.prices[i] === price) {
      const existing = this.levels[i]!;
      this.recent = existing;
      return existing;
    }
    const level: PriceLevel = { price, quantity: 0, orderCount: 0, head: NO_SLOT, tail: NO_SLOT };
    if (count === this.prices.length) this.growPrices();
    if (i === count) {
      this.levels.push(level);
    } else {
      this.levels.splice(i, 0, level);
      this.prices.copyWithin(i + 1, i, count);
    }
    this.prices[i] = price;
    this.recent = level;
    return level;
  }

  remove(level: PriceLevel): void {
    if (this.recent === level) this.recent = undefined;
    const last = this.levels.length - 1;
    if (this.levels[last] === level) {
      this.levels.pop();
      return;
    }
    const i = this.search(level.price);
    this.levels.splice(i, 1);
    this.prices.copyWithin(i, i + 1, last + 1);
  }

  /** True if `a` is a better price than `b` on this side. */
  isBetter(a: number, b: number): boolean {
    return this.side === 'BUY' ? a > b : a < b;
  }

  /**
   * Index of the level with this price, or where it would be inserted. Levels are sorted worse → better;
   * searching starts from the best end because that is where nearly all activity is.
   */
  private search(price: number): number {
    const prices = this.prices;
    let high = this.levels.length;
    // Fast path: at or next to the touch.
    if (high === 0 || !this.isBetter(prices[high - 1]!, price)) {
      return high === 0 || prices[high - 1] !== price ? high : high - 1;
    }
    let low = 0;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.isBetter(price, prices[mid]!)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private growPrices(): void {
    const grown = new Float64Array(this.prices.length * 2);
    grown.set(this.prices);
    this.prices = grown;
  }
}
