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
 */
export class PriceLadder {
  private readonly levels: PriceLevel[] = [];
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
    const level = this.levels[i];
    if (level === undefined || level.price !== price) return undefined;
    this.recent = level;
    return level;
  }

  findOrCreate(price: number): PriceLevel {
    if (this.recent?.price === price) return this.recent;
    const i = this.search(price);
    const existing = this.levels[i];
    if (existing !== undefined && existing.price === price) {
      this.recent = existing;
      return existing;
    }
    const level: PriceLevel = { price, quantity: 0, orderCount: 0, head: NO_SLOT, tail: NO_SLOT };
    if (i === this.levels.length) this.levels.push(level);
    else this.levels.splice(i, 0, level);
    this.recent = level;
    return level;
  }

  remove(level: PriceLevel): void {
    if (this.recent === level) this.recent = undefined;
    const i = this.levels.length - 1;
    if (this.levels[i] === level) this.levels.pop();
    else this.levels.splice(this.search(level.price), 1);
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
    const levels = this.levels;
    let high = levels.length;
    // Fast path: at or next to the touch.
    if (high === 0 || !this.isBetter(levels[high - 1]!.price, price)) {
      return high === 0 || levels[high - 1]!.price !== price ? high : high - 1;
    }
    let low = 0;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.isBetter(price, levels[mid]!.price)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
