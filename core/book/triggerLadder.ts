import type { TriggerDirection } from '../orders/algoOrder';

/** Conditional orders waiting at one trigger price, in placement order. */
export interface TriggerLevel {
  readonly price: number;
  readonly algoIds: number[];
}

/**
 * Untriggered conditional orders of one direction, by trigger price (ticks). Levels are sorted so that the one
 * the price reaches first is the last element: for RISING triggers the lowest price, for FALLING the highest. A
 * price move then finds what it triggers by looking at the end only: O(1) when it triggers nothing, however many
 * orders wait. Insertion and removal cost a binary search and an array shift, as the book's PriceLadder.
 */
export class TriggerLadder {
  private readonly levels: TriggerLevel[] = [];

  constructor(readonly direction: TriggerDirection) {}

  get levelCount(): number {
    return this.levels.length;
  }

  /** The level the price reaches first, or undefined when empty. */
  nearest(): TriggerLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** The level `depth` places behind the nearest (0 = nearest). */
  atDepth(depth: number): TriggerLevel | undefined {
    return this.levels[this.levels.length - 1 - depth];
  }

  /** Is `price` (ticks) at or beyond this level's trigger? */
  reaches(level: TriggerLevel, price: number): boolean {
    return this.direction === 'RISING' ? price >= level.price : price <= level.price;
  }

  add(price: number, algoId: number): void {
    const i = this.search(price);
    const existing = this.levels[i];
    if (existing !== undefined && existing.price === price) {
      existing.algoIds.push(algoId);
      return;
    }
    this.levels.splice(i, 0, { price, algoIds: [algoId] });
  }

  remove(price: number, algoId: number): boolean {
    const i = this.search(price);
    const level = this.levels[i];
    if (level === undefined || level.price !== price) return false;
    const at = level.algoIds.indexOf(algoId);
    if (at < 0) return false;
    level.algoIds.splice(at, 1);
    if (level.algoIds.length === 0) this.levels.splice(i, 1);
    return true;
  }

  /** True if `a` is reached after `b` (sorted first). */
  private later(a: number, b: number): boolean {
    return this.direction === 'RISING' ? a > b : a < b;
  }

  /** Index of the level with this price, or where it would be inserted (levels sorted latest → nearest). */
  private search(price: number): number {
    let low = 0;
    let high = this.levels.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const p = this.levels[mid]!.price;
      if (p === price) return mid;
      if (this.later(p, price)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
