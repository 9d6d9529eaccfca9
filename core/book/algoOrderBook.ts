import {
  CALLBACK_RATE_SCALE,
  type NewAlgoOrder,
  type TriggerDirection,
  triggerDirection,
  type WorkingType,
} from '../orders/algoOrder';
import { TriggerLadder } from './triggerLadder';

/** A conditional order waiting for its trigger. */
export interface UntriggeredOrder {
  readonly order: NewAlgoOrder;
  /** Sequence number of its AlgoOrderPlaced event: placement order, the tie-break among equal triggers. */
  readonly placedSeq: number;
  /** A trailing stop whose activation price was reached: it now tracks `extreme`. */
  active: boolean;
  /**
   * A trailing stop's best price since activation (highest for a SELL, lowest for a BUY), in its working price's
   * unit: ticks for CONTRACT_PRICE, 10^-8 USDT for MARK_PRICE.
   */
  extreme: number;
  /** An active trailing stop's trigger now (trailingTrigger of its extreme), kept with it; 0 otherwise. */
  trigger: number;
}

type ByWorkingType<T> = Record<WorkingType, T>;
type ByDirection<T> = Record<TriggerDirection, T>;

function ladders(): ByWorkingType<ByDirection<TriggerLadder>> {
  const pair = () => ({ RISING: new TriggerLadder('RISING'), FALLING: new TriggerLadder('FALLING') });
  return { MARK_PRICE: pair(), CONTRACT_PRICE: pair() };
}

/** Activation price 0 activates at the first price seen: a key every price reaches in its direction. */
const ALWAYS_REACHED: ByDirection<number> = { RISING: 0, FALLING: Number.MAX_SAFE_INTEGER };

/**
 * The untriggered conditional orders of one symbol. Each waits in exactly one ladder, by working type and by
 * the direction of the move that triggers it, keyed by its trigger price (ticks), so a price move looks only at
 * the nearest end of the two ladders of its working type. A trailing stop waits first in an activation ladder
 * (by activation price) and, once active, in `trailing`, whose members follow every price of their working
 * type (their trigger moves with the price, so no fixed key would do).
 *
 * Mechanics only: what triggers and when is the engine's (triggerAlgoOrders); this keeps the indexes true.
 */
export class AlgoOrderBook {
  private readonly byId = new Map<number, UntriggeredOrder>();
  private readonly byClientId = new Map<string, number>();
  private readonly perAccount = new Map<number, number>();
  readonly triggers = ladders();
  readonly activations = ladders();
  /** Active trailing stops by working type, by algo id. */
  readonly trailing: ByWorkingType<Set<number>> = { MARK_PRICE: new Set(), CONTRACT_PRICE: new Set() };
  /**
   * Of the active trailing stops of each working type, the highest trigger of the SELLs (reached by a fall to it)
   * and the lowest of the BUYs (reached by a rise): a price between them reaches none, which the engine learns
   * without looking at each. Kept as the stops activate, track and leave.
   */
  readonly trailingNearest: ByWorkingType<{ SELL: number; BUY: number }> = {
    MARK_PRICE: { SELL: Number.NEGATIVE_INFINITY, BUY: Number.POSITIVE_INFINITY },
    CONTRACT_PRICE: { SELL: Number.NEGATIVE_INFINITY, BUY: Number.POSITIVE_INFINITY },
  };
  /**
   * The lowest best price of the SELLs and the highest of the BUYs: a price between them is a new best for none,
   * so tracking it changes nothing (the common case once the stops have seen the range the price moves in).
   */
  private readonly trailingExtremes: ByWorkingType<{ SELL: number; BUY: number }> = {
    MARK_PRICE: { SELL: Number.POSITIVE_INFINITY, BUY: Number.NEGATIVE_INFINITY },
    CONTRACT_PRICE: { SELL: Number.POSITIVE_INFINITY, BUY: Number.NEGATIVE_INFINITY },
  };
  /** [goodTillDate, placedSeq, algoId] ascending: the next to expire first. */
  private readonly expiries: [number, number, number][] = [];

  get size(): number {
    return this.byId.size;
  }

  get(algoId: number): UntriggeredOrder | undefined {
    return this.byId.get(algoId);
  }

  algoIdOfClientId(accountId: number, clientAlgoId: string): number | undefined {
    return this.byClientId.get(clientKey(accountId, clientAlgoId));
  }

  countOf(accountId: number): number {
    return this.perAccount.get(accountId) ?? 0;
  }

  /** Every untriggered order, in placement order. */
  all(): UntriggeredOrder[] {
    return [...this.byId.values()].sort((a, b) => a.placedSeq - b.placedSeq);
  }

  /** The account's untriggered orders, in placement order. */
  ofAccount(accountId: number): UntriggeredOrder[] {
    if (this.countOf(accountId) === 0) return [];
    return this.all().filter((u) => u.order.accountId === accountId);
  }

  /** Does any trailing stop of this working type need the prices it sees (activation or tracking)? */
  watches(working: WorkingType): boolean {
    const a = this.activations[working];
    return this.trailing[working].size > 0 || a.RISING.levelCount > 0 || a.FALLING.levelCount > 0;
  }

  /** The earliest goodTillDate of any order, or undefined. */
  nextExpiry(): { goodTillDate: number; algoId: number } | undefined {
    const first = this.expiries[0];
    return first === undefined ? undefined : { goodTillDate: first[0], algoId: first[2] };
  }

  /**
   * Adds an order. A trailing stop whose activation is already reached by `workingPrice` (its working type's
   * price now, or undefined with none) is active at once, tracking from that price.
   */
  add(entry: UntriggeredOrder, workingPrice: number | undefined, unitsPerTick: number): void {
    const order = entry.order;
    this.byId.set(order.algoId, entry);
    this.byClientId.set(clientKey(order.accountId, order.clientAlgoId), order.algoId);
    this.perAccount.set(order.accountId, this.countOf(order.accountId) + 1);
    if (order.goodTillDate > 0)
      insertSorted(this.expiries, [order.goodTillDate, entry.placedSeq, order.algoId]);
    const direction = triggerDirection(order.type, order.side);
    if (order.type !== 'TRAILING_STOP_MARKET') {
      this.triggers[order.workingType][direction].add(order.triggerPrice, order.algoId);
      return;
    }
    if (entry.active) {
      this.activate(entry, entry.extreme);
      return;
    }
    const key = activationKey(order, direction);
    const ladder = this.activations[order.workingType][direction];
    if (
      workingPrice !== undefined &&
      ladder.reaches(
        { price: key, algoIds: [] },
        inTicks(workingPrice, direction, order.workingType, unitsPerTick),
      )
    ) {
      this.activate(entry, workingPrice);
      return;
    }
    ladder.add(key, order.algoId);
  }

  /** A trailing stop starts (or, restored, goes on) tracking from `extreme`. */
  private activate(entry: UntriggeredOrder, extreme: number): void {
    entry.active = true;
    entry.extreme = extreme;
    entry.trigger = trailingTrigger(entry);
    const working = entry.order.workingType;
    this.trailing[working].add(entry.order.algoId);
    this.nearer(working, entry);
  }

  private nearer(working: WorkingType, entry: UntriggeredOrder): void {
    const nearest = this.trailingNearest[working];
    const extremes = this.trailingExtremes[working];
    if (entry.order.side === 'SELL') {
      nearest.SELL = Math.max(nearest.SELL, entry.trigger);
      extremes.SELL = Math.min(extremes.SELL, entry.extreme);
    } else {
      nearest.BUY = Math.min(nearest.BUY, entry.trigger);
      extremes.BUY = Math.max(extremes.BUY, entry.extreme);
    }
  }

  private recomputeNearest(working: WorkingType): void {
    const nearest = this.trailingNearest[working];
    const extremes = this.trailingExtremes[working];
    nearest.SELL = Number.NEGATIVE_INFINITY;
    nearest.BUY = Number.POSITIVE_INFINITY;
    extremes.SELL = Number.POSITIVE_INFINITY;
    extremes.BUY = Number.NEGATIVE_INFINITY;
    for (const algoId of this.trailing[working]) this.nearer(working, this.byId.get(algoId)!);
  }

  /** Removes an order from every index; returns it, or undefined if it is not here. */
  remove(algoId: number): UntriggeredOrder | undefined {
    const entry = this.byId.get(algoId);
    if (entry === undefined) return undefined;
    const order = entry.order;
    this.byId.delete(algoId);
    this.byClientId.delete(clientKey(order.accountId, order.clientAlgoId));
    this.perAccount.set(order.accountId, this.countOf(order.accountId) - 1);
    if (order.goodTillDate > 0) {
      const i = this.expiries.findIndex((e) => e[2] === algoId);
      if (i >= 0) this.expiries.splice(i, 1);
    }
    const direction = triggerDirection(order.type, order.side);
    if (order.type !== 'TRAILING_STOP_MARKET') {
      this.triggers[order.workingType][direction].remove(order.triggerPrice, algoId);
    } else if (entry.active) {
      this.trailing[order.workingType].delete(algoId);
      this.recomputeNearest(order.workingType);
    } else {
      this.activations[order.workingType][direction].remove(activationKey(order, direction), algoId);
    }
    return entry;
  }

  /**
   * A price of a working type was seen (a trade for CONTRACT_PRICE, in ticks; a mark for MARK_PRICE, in 10^-8
   * USDT): trailing stops whose activation it reaches become active from it, and active ones track it.
   */
  observe(working: WorkingType, price: number, unitsPerTick: number): void {
    const trailing = this.trailing[working];
    for (const direction of ['RISING', 'FALLING'] as const) {
      const ladder = this.activations[working][direction];
      if (ladder.levelCount === 0) continue;
      const threshold = inTicks(price, direction, working, unitsPerTick);
      for (
        let level = ladder.nearest();
        level !== undefined && ladder.reaches(level, threshold);
        level = ladder.nearest()
      ) {
        for (const algoId of [...level.algoIds]) {
          ladder.remove(level.price, algoId);
          this.activate(this.byId.get(algoId)!, price);
        }
      }
    }
    // Only a new best price moves a stop's trigger (and the nearest); the others are one comparison each.
    const extremes = this.trailingExtremes[working];
    if (price <= extremes.SELL && price >= extremes.BUY) return;
    let moved = false;
    for (const algoId of trailing) {
      const entry = this.byId.get(algoId)!;
      if (entry.order.side === 'SELL' ? price > entry.extreme : price < entry.extreme) {
        entry.extreme = price;
        entry.trigger = trailingTrigger(entry);
        moved = true;
      }
    }
    if (moved) this.recomputeNearest(working);
  }

  /** Could any active trailing stop of this working type be reached by `price` (its unit)? */
  trailingReachable(working: WorkingType, price: number): boolean {
    const nearest = this.trailingNearest[working];
    return price <= nearest.SELL || price >= nearest.BUY;
  }
}

/**
 * A trailing stop's trigger now, in its working price's unit: the best price since activation moved back by the
 * callback rate (a SELL below its highest, a BUY above its lowest). Rounded toward the extreme, so that the
 * price must move back by at least the full rate.
 */
export function trailingTrigger(entry: UntriggeredOrder): number {
  const rate = BigInt(entry.order.callbackRate);
  const scale = BigInt(CALLBACK_RATE_SCALE);
  const extreme = BigInt(entry.extreme);
  if (entry.order.side === 'SELL') return Number((extreme * (scale - rate)) / scale);
  const up = extreme * (scale + rate);
  return Number((up + scale - 1n) / scale);
}

/**
 * A working price in ticks for comparison with trigger keys: a mark (10^-8 USDT) reaches a RISING trigger at
 * P ticks when mark ≥ P × unitsPerTick, i.e. P ≤ floor(mark / unitsPerTick); a FALLING one when P ≥ ceil(…).
 */
export function inTicks(
  price: number,
  direction: TriggerDirection,
  working: WorkingType,
  unitsPerTick: number,
): number {
  if (working === 'CONTRACT_PRICE') return price;
  return direction === 'RISING' ? Math.floor(price / unitsPerTick) : Math.ceil(price / unitsPerTick);
}

function activationKey(order: NewAlgoOrder, direction: TriggerDirection): number {
  return order.activationPrice > 0 ? order.activationPrice : ALWAYS_REACHED[direction];
}

function clientKey(accountId: number, clientAlgoId: string): string {
  return `${accountId}\u0000${clientAlgoId}`;
}

function insertSorted(list: [number, number, number][], item: [number, number, number]): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const m = list[mid]!;
    if (m[0] < item[0] || (m[0] === item[0] && m[1] < item[1])) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, item);
}
