import type { Side } from '../orders/order';
import { AccountNumbers, NO_ACCOUNT } from './accountNumbers';
import { ClientOrderIdIndex } from './clientOrderIdIndex';
import { OrderIdIndex } from './orderIdIndex';
import { NO_SLOT, OrderStore, type RestingOrderFields } from './orderStore';
import { PriceLadder, type PriceLevel } from './priceLadder';

/** An account's resting orders in this book: a linked list through the store. */
interface AccountOrders {
  head: number;
  tail: number;
  count: number;
  reduceOnlyCount: number;
}

/**
 * The limit order book of one symbol with price-time priority. Price levels live in two ladders, each level a
 * FIFO queue of slots in the order store; an id index gives O(1) cancel, and every mutation returns the new
 * aggregated quantity of the level it touched, which is exactly what a depth update needs.
 *
 * The book is mechanics only: it never decides whether an order may trade. That is the engine's job.
 */
export class OrderBook {
  readonly orders: OrderStore;
  private readonly ids: OrderIdIndex;
  private readonly clientOrderIds: ClientOrderIdIndex;
  private readonly bids = new PriceLadder('BUY');
  private readonly asks = new PriceLadder('SELL');
  private readonly levelOfSlot: (PriceLevel | undefined)[] = [];
  /** By account number; an account keeps its entry (count 0) when its last order leaves. */
  private readonly accountOrders: (AccountOrders | undefined)[] = [];
  private reduceOnlyOrders = 0;
  private highestOrderId = 0;

  /** The numbering of accounts this symbol has seen, shared with the engine's per-account data. */
  readonly accounts = new AccountNumbers();

  constructor(expectedOrders = 1024) {
    this.orders = new OrderStore(this.accounts, expectedOrders);
    this.ids = new OrderIdIndex(this.orders, expectedOrders);
    this.clientOrderIds = new ClientOrderIdIndex(this.orders, expectedOrders);
  }

  /** Number of resting orders. */
  get size(): number {
    return this.ids.size;
  }

  ladder(side: Side): PriceLadder {
    return side === 'BUY' ? this.bids : this.asks;
  }

  slotOf(orderId: number): number {
    return this.ids.get(orderId);
  }

  slotOfClientOrderId(accountId: number, clientOrderId: string): number {
    return this.clientOrderIds.get(accountId, clientOrderId);
  }

  openOrderCount(accountId: number): number {
    return this.ordersOfAccount(accountId)?.count ?? 0;
  }

  /** Resting reduce-only orders of all accounts (the knock-out has nothing to do while it is 0). */
  get reduceOnlyTotal(): number {
    return this.reduceOnlyOrders;
  }

  reduceOnlyCount(accountId: number): number {
    return this.ordersOfAccount(accountId)?.reduceOnlyCount ?? 0;
  }

  /** The account's resting orders, oldest first. */
  slotsOfAccount(accountId: number): number[] {
    const slots: number[] = [];
    const orders = this.orders;
    for (
      let s = this.ordersOfAccount(accountId)?.head ?? NO_SLOT;
      s !== NO_SLOT;
      s = orders.accountNextOf(s)
    ) {
      slots.push(s);
    }
    return slots;
  }

  private ordersOfAccount(accountId: number): AccountOrders | undefined {
    const number = this.accounts.find(accountId);
    return number === NO_ACCOUNT ? undefined : this.accountOrders[number];
  }

  /** The first order in time priority on a side, or NO_SLOT if the side is empty. */
  bestSlot(side: Side): number {
    return this.ladder(side).best()?.head ?? NO_SLOT;
  }

  bestPrice(side: Side): number | undefined {
    return this.ladder(side).best()?.price;
  }

  /** Aggregated levels of a side, best first: [price ticks, quantity lots]. */
  depth(side: Side, limit = Number.MAX_SAFE_INTEGER): [number, number][] {
    const ladder = this.ladder(side);
    const levels: [number, number][] = [];
    for (let i = 0; i < Math.min(limit, ladder.levelCount); i++) {
      const level = ladder.atDepth(i)!;
      levels.push([level.price, level.quantity]);
    }
    return levels;
  }

  levelQuantity(side: Side, price: number): number {
    return this.ladder(side).find(price)?.quantity ?? 0;
  }

  /** The quantity at a resting order's own level (no search). */
  levelQuantityOf(slot: number): number {
    return this.levelOfSlot[slot]!.quantity;
  }

  /**
   * True if an order id may be resting. Ids above the highest ever put on the book cannot be, which spares the
   * index probe (a cache miss) for nearly every new order: ingress assigns ids in time order.
   */
  mayHold(orderId: number): boolean {
    return orderId <= this.highestOrderId && this.ids.get(orderId) !== NO_SLOT;
  }

  /** Puts an order at the back of its price level's queue. Returns the level's new quantity. */
  add(order: RestingOrderFields): number {
    return this.placeSlot(this.orders.allocate(order));
  }

  /** Like add, with the flags packed as the store keeps them (restoring a snapshot). */
  addPacked(
    orderId: number,
    accountId: number,
    clientOrderId: string,
    flags: number,
    price: number,
    remaining: number,
    filled: number,
  ): number {
    return this.placeSlot(
      this.orders.allocatePacked(orderId, accountId, clientOrderId, flags, price, remaining, filled),
    );
  }

  private placeSlot(slot: number): number {
    const orders = this.orders;
    const orderId = orders.orderIdOf(slot);
    this.ids.add(slot);
    if (orderId > this.highestOrderId) this.highestOrderId = orderId;
    this.linkAccount(slot, orders.accountNumberOf(slot));
    this.clientOrderIds.add(slot);
    return this.enqueue(slot, orders.side(slot), orders.priceOf(slot));
  }

  /** Takes an order off the book. Returns the quantity left at its price level. */
  remove(slot: number): number {
    const orders = this.orders;
    const quantity = this.dequeue(slot);
    this.ids.delete(slot);
    this.clientOrderIds.delete(slot);
    this.unlinkAccount(slot);
    orders.release(slot);
    return quantity;
  }

  /** Records a fill of a resting order; removes it when nothing is left. Returns the level's new quantity. */
  fill(slot: number, lots: number): number {
    this.orders.setFilled(slot, this.orders.filledOf(slot) + lots);
    if (this.orders.remainingOf(slot) === lots) return this.remove(slot);
    return this.shrink(slot, lots);
  }

  /** Reduces an order's open quantity in place, keeping its time priority. Returns the level's new quantity. */
  shrink(slot: number, lots: number): number {
    this.orders.setRemaining(slot, this.orders.remainingOf(slot) - lots);
    const level = this.levelOfSlot[slot]!;
    level.quantity -= lots;
    return level.quantity;
  }

  /**
   * Moves an order to the back of the queue at `price` with a new open quantity: what an amend that loses
   * priority does. Returns the quantities left at the old level and now at the new one.
   */
  requeue(
    slot: number,
    price: number,
    remaining: number,
  ): { oldLevelQuantity: number; newLevelQuantity: number } {
    const side = this.orders.side(slot);
    const oldLevelQuantity = this.dequeue(slot);
    this.orders.setPrice(slot, price);
    this.orders.setRemaining(slot, remaining);
    const newLevelQuantity = this.enqueue(slot, side, price);
    return { oldLevelQuantity, newLevelQuantity };
  }

  private enqueue(slot: number, side: Side, price: number): number {
    const orders = this.orders;
    const level = this.ladder(side).findOrCreate(price);
    orders.setPrev(slot, level.tail);
    orders.setNext(slot, NO_SLOT);
    if (level.tail === NO_SLOT) level.head = slot;
    else orders.setNext(level.tail, slot);
    level.tail = slot;
    level.orderCount++;
    level.quantity += orders.remainingOf(slot);
    this.levelOfSlot[slot] = level;
    return level.quantity;
  }

  private dequeue(slot: number): number {
    const orders = this.orders;
    const level = this.levelOfSlot[slot]!;
    const prev = orders.prevOf(slot);
    const next = orders.nextOf(slot);
    if (prev === NO_SLOT) level.head = next;
    else orders.setNext(prev, next);
    if (next === NO_SLOT) level.tail = prev;
    else orders.setPrev(next, prev);
    level.orderCount--;
    level.quantity -= orders.remainingOf(slot);
    this.levelOfSlot[slot] = undefined;
    if (level.orderCount === 0) this.ladder(orders.side(slot)).remove(level);
    return level.quantity;
  }

  private linkAccount(slot: number, accountNumber: number): void {
    const accountOrders = this.accountOrders;
    while (accountOrders.length <= accountNumber) accountOrders.push(undefined);
    let account = accountOrders[accountNumber];
    if (account === undefined) {
      account = { head: NO_SLOT, tail: NO_SLOT, count: 0, reduceOnlyCount: 0 };
      accountOrders[accountNumber] = account;
    }
    const orders = this.orders;
    orders.setAccountPrev(slot, account.tail);
    if (account.tail === NO_SLOT) account.head = slot;
    else orders.setAccountNext(account.tail, slot);
    account.tail = slot;
    account.count++;
    if (orders.isReduceOnly(slot)) {
      account.reduceOnlyCount++;
      this.reduceOnlyOrders++;
    }
  }

  private unlinkAccount(slot: number): void {
    const orders = this.orders;
    const account = this.accountOrders[orders.accountNumberOf(slot)]!;
    const prev = orders.accountPrevOf(slot);
    const next = orders.accountNextOf(slot);
    if (prev === NO_SLOT) account.head = next;
    else orders.setAccountNext(prev, next);
    if (next === NO_SLOT) account.tail = prev;
    else orders.setAccountPrev(next, prev);
    if (orders.isReduceOnly(slot)) {
      account.reduceOnlyCount--;
      this.reduceOnlyOrders--;
    }
    account.count--;
  }
}
