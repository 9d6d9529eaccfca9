import type { SelfTradePreventionMode, Side } from '../orders/order';
import type { AccountNumbers } from './accountNumbers';

/**
 * Resting orders as fixed-size records in one typed buffer, indexed by slot. One resting order costs 64 bytes
 * here instead of a few hundred as an object graph, the GC never traces a million order objects, and a snapshot
 * reads plain numbers.
 *
 * An order's fields sit together: one 64-byte record (about one cache line) holds everything matching, the
 * queue, the account's list and the client-order-id index touch. The book is far larger than the core's cache,
 * and a trade meets makers at random slots; with one array per field each maker cost a cache miss per field,
 * with one record it costs one or two.
 *
 * All values are integers: ids, ticks and lots held in doubles are exact up to 2^53 (inputs are checked to be
 * safe integers before they get here), slots and links are small integers. Slots are recycled through a free
 * list threaded through `next`.
 */
export const NO_SLOT = -1;

const SELL_BIT = 1;
const REDUCE_ONLY_BIT = 2;
const POST_ONLY_BIT = 4;
const STP_SHIFT = 3;
const STP_CODES: readonly SelfTradePreventionMode[] = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'];

/**
 * The record of a slot: 64 bytes in one buffer, seen through two views. Ids, prices and quantities may exceed
 * 32 bits and are doubles; account numbers, flags and links are 32-bit integers. Everything an order's life
 * touches (queue and account-list links, the client-order-id hash) is in the one record.
 */
const RECORD_BYTES = 64;
const DOUBLES = RECORD_BYTES / 8;
const INTS = RECORD_BYTES / 4;
/** Double fields: index within a record's eight doubles. */
const ORDER_ID = 0;
const PRICE = 1;
const REMAINING = 2;
const FILLED = 3;
/**
 * Integer fields: index within a record's sixteen 32-bit integers (the doubles take the first eight). ACCOUNT is
 * the account's number (AccountNumbers), not its id: per-account data is kept by number.
 */
const ACCOUNT = 8;
const FLAGS = 9;
/** Neighbours in the price level's FIFO queue. */
const PREV = 10;
const NEXT = 11;
/** Neighbours in the account's list of resting orders (cancel-all, max open orders). */
const ACCOUNT_PREV = 12;
const ACCOUNT_NEXT = 13;
/** The hash the client-order-id index filed the order under (so removing it needs no rehash). */
const CLIENT_ORDER_ID_HASH = 14;

export interface RestingOrderFields {
  readonly orderId: number;
  readonly accountId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly price: number;
  readonly remaining: number;
  readonly filled: number;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
  readonly selfTradePreventionMode: SelfTradePreventionMode;
}

export class OrderStore {
  /** The records, as doubles and as 32-bit integers: two views of one buffer. */
  private doubles: Float64Array;
  private ints: Int32Array;
  private readonly clientOrderIds: string[] = [];
  private freeHead = NO_SLOT;
  private highWater = 0;

  constructor(
    readonly accounts: AccountNumbers,
    initialCapacity = 1024,
  ) {
    const buffer = new ArrayBuffer(Math.max(16, initialCapacity) * RECORD_BYTES);
    this.doubles = new Float64Array(buffer);
    this.ints = new Int32Array(buffer);
  }

  get capacity(): number {
    return this.doubles.length / DOUBLES;
  }

  allocate(order: RestingOrderFields): number {
    return this.allocatePacked(
      order.orderId,
      order.accountId,
      order.clientOrderId,
      encodeOrderFlags(order.side, order.reduceOnly, order.postOnly, order.selfTradePreventionMode),
      order.price,
      order.remaining,
      order.filled,
    );
  }

  /** Like allocate, with the flags already packed (restoring a snapshot: no object per order). */
  allocatePacked(
    orderId: number,
    accountId: number,
    clientOrderId: string,
    flags: number,
    price: number,
    remaining: number,
    filled: number,
  ): number {
    let slot = this.freeHead;
    if (slot !== NO_SLOT) {
      this.freeHead = this.nextOf(slot);
    } else {
      if (this.highWater === this.capacity) this.grow();
      slot = this.highWater++;
    }
    const doubles = this.doubles;
    const d = slot * DOUBLES;
    doubles[d + ORDER_ID] = orderId;
    doubles[d + PRICE] = price;
    doubles[d + REMAINING] = remaining;
    doubles[d + FILLED] = filled;
    const ints = this.ints;
    const i = slot * INTS;
    ints[i + ACCOUNT] = this.accounts.numberOf(accountId);
    ints[i + FLAGS] = flags;
    ints[i + PREV] = NO_SLOT;
    ints[i + NEXT] = NO_SLOT;
    ints[i + ACCOUNT_PREV] = NO_SLOT;
    ints[i + ACCOUNT_NEXT] = NO_SLOT;
    this.clientOrderIds[slot] = clientOrderId;
    return slot;
  }

  release(slot: number): void {
    this.clientOrderIds[slot] = '';
    this.setNext(slot, this.freeHead);
    this.freeHead = slot;
  }

  orderIdOf(slot: number): number {
    return this.doubles[slot * DOUBLES + ORDER_ID]!;
  }

  accountIdOf(slot: number): number {
    return this.accounts.idOf(this.accountNumberOf(slot));
  }

  accountNumberOf(slot: number): number {
    return this.ints[slot * INTS + ACCOUNT]!;
  }

  clientOrderIdOf(slot: number): string {
    return this.clientOrderIds[slot]!;
  }

  priceOf(slot: number): number {
    return this.doubles[slot * DOUBLES + PRICE]!;
  }

  setPrice(slot: number, price: number): void {
    this.doubles[slot * DOUBLES + PRICE] = price;
  }

  /** The open quantity, in lots. */
  remainingOf(slot: number): number {
    return this.doubles[slot * DOUBLES + REMAINING]!;
  }

  setRemaining(slot: number, lots: number): void {
    this.doubles[slot * DOUBLES + REMAINING] = lots;
  }

  filledOf(slot: number): number {
    return this.doubles[slot * DOUBLES + FILLED]!;
  }

  setFilled(slot: number, lots: number): void {
    this.doubles[slot * DOUBLES + FILLED] = lots;
  }

  /** Side, reduce-only, post-only and STP mode, packed as encodeOrderFlags does. */
  flagsOf(slot: number): number {
    return this.ints[slot * INTS + FLAGS]!;
  }

  prevOf(slot: number): number {
    return this.ints[slot * INTS + PREV]!;
  }

  setPrev(slot: number, prev: number): void {
    this.ints[slot * INTS + PREV] = prev;
  }

  nextOf(slot: number): number {
    return this.ints[slot * INTS + NEXT]!;
  }

  setNext(slot: number, next: number): void {
    this.ints[slot * INTS + NEXT] = next;
  }

  accountPrevOf(slot: number): number {
    return this.ints[slot * INTS + ACCOUNT_PREV]!;
  }

  setAccountPrev(slot: number, prev: number): void {
    this.ints[slot * INTS + ACCOUNT_PREV] = prev;
  }

  accountNextOf(slot: number): number {
    return this.ints[slot * INTS + ACCOUNT_NEXT]!;
  }

  setAccountNext(slot: number, next: number): void {
    this.ints[slot * INTS + ACCOUNT_NEXT] = next;
  }

  clientOrderIdHashOf(slot: number): number {
    return this.ints[slot * INTS + CLIENT_ORDER_ID_HASH]!;
  }

  setClientOrderIdHash(slot: number, hash: number): void {
    this.ints[slot * INTS + CLIENT_ORDER_ID_HASH] = hash;
  }

  side(slot: number): Side {
    return this.flagsOf(slot) & SELL_BIT ? 'SELL' : 'BUY';
  }

  isReduceOnly(slot: number): boolean {
    return (this.flagsOf(slot) & REDUCE_ONLY_BIT) !== 0;
  }

  isPostOnly(slot: number): boolean {
    return (this.flagsOf(slot) & POST_ONLY_BIT) !== 0;
  }

  selfTradePreventionMode(slot: number): SelfTradePreventionMode {
    return STP_CODES[this.flagsOf(slot) >> STP_SHIFT]!;
  }

  setSelfTradePreventionMode(slot: number, mode: SelfTradePreventionMode): void {
    this.ints[slot * INTS + FLAGS] =
      (this.flagsOf(slot) & ((1 << STP_SHIFT) - 1)) | (STP_CODE[mode] << STP_SHIFT);
  }

  fields(slot: number): RestingOrderFields {
    return {
      orderId: this.orderIdOf(slot),
      accountId: this.accountIdOf(slot),
      clientOrderId: this.clientOrderIdOf(slot),
      side: this.side(slot),
      price: this.priceOf(slot),
      remaining: this.remainingOf(slot),
      filled: this.filledOf(slot),
      reduceOnly: this.isReduceOnly(slot),
      postOnly: this.isPostOnly(slot),
      selfTradePreventionMode: this.selfTradePreventionMode(slot),
    };
  }

  private grow(): void {
    // Copied as integers: bit for bit (a copy through the double view could rewrite NaN patterns).
    const ints = new Int32Array(this.ints.length * 2);
    ints.set(this.ints);
    this.ints = ints;
    this.doubles = new Float64Array(ints.buffer);
  }
}

/** The side, reduce-only, post-only and STP mode of an order packed into one byte (also the snapshot format). */
export function encodeOrderFlags(
  side: Side,
  reduceOnly: boolean,
  postOnly: boolean,
  selfTradePreventionMode: SelfTradePreventionMode,
): number {
  return (
    (side === 'SELL' ? SELL_BIT : 0) |
    (reduceOnly ? REDUCE_ONLY_BIT : 0) |
    (postOnly ? POST_ONLY_BIT : 0) |
    (STP_CODE[selfTradePreventionMode] << STP_SHIFT)
  );
}

const STP_CODE: Readonly<Record<SelfTradePreventionMode, number>> = {
  NONE: 0,
  EXPIRE_TAKER: 1,
  EXPIRE_MAKER: 2,
  EXPIRE_BOTH: 3,
};

export interface OrderFlags {
  readonly side: Side;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
  readonly selfTradePreventionMode: SelfTradePreventionMode;
}

export function decodeOrderFlags(flags: number): OrderFlags {
  return {
    side: flags & SELL_BIT ? 'SELL' : 'BUY',
    reduceOnly: (flags & REDUCE_ONLY_BIT) !== 0,
    postOnly: (flags & POST_ONLY_BIT) !== 0,
    selfTradePreventionMode: STP_CODES[flags >> STP_SHIFT]!,
  };
}
