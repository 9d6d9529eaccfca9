import type { SelfTradePreventionMode, Side } from '../orders/order';
import type { AccountNumbers } from './accountNumbers';

/**
 * Resting orders as fixed-size records in typed arrays, indexed by slot. One resting order costs about 90 bytes
 * here instead of a few hundred as an object graph, the GC never traces a million order objects, and a snapshot
 * reads plain numbers.
 *
 * An order's fields sit together: one record of eight doubles (64 bytes, about one cache line) holds everything
 * matching and the queue touch, a second small record its links in the account's list. The book is far larger
 * than the core's cache, and a trade meets makers at random slots; with one array per field each maker cost a
 * cache miss per field, with records it costs one or two.
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

/** The order record: field offsets within a slot's eight doubles. */
const RECORD = 8;
const ORDER_ID = 0;
/** The account's number (AccountNumbers), not its id: per-account data is kept by number. */
const ACCOUNT = 1;
const PRICE = 2;
const REMAINING = 3;
const FILLED = 4;
const FLAGS = 5;
/** Neighbours in the price level's FIFO queue. */
const PREV = 6;
const NEXT = 7;

/**
 * The small record: neighbours in the account's list of resting orders (cancel-all, max open orders), and the
 * hash the client-order-id index filed the order under (so removing it needs no rehash and no other array).
 */
const ACCOUNT_RECORD = 4;
const ACCOUNT_PREV = 0;
const ACCOUNT_NEXT = 1;
const CLIENT_ORDER_ID_HASH = 2;

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
  private records: Float64Array;
  private accountLinks: Int32Array;
  private readonly clientOrderIds: string[] = [];
  private freeHead = NO_SLOT;
  private highWater = 0;

  constructor(
    readonly accounts: AccountNumbers,
    initialCapacity = 1024,
  ) {
    const n = Math.max(16, initialCapacity);
    this.records = new Float64Array(n * RECORD);
    this.accountLinks = new Int32Array(n * ACCOUNT_RECORD);
  }

  get capacity(): number {
    return this.records.length / RECORD;
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
    const records = this.records;
    const at = slot * RECORD;
    records[at + ORDER_ID] = orderId;
    records[at + ACCOUNT] = this.accounts.numberOf(accountId);
    records[at + PRICE] = price;
    records[at + REMAINING] = remaining;
    records[at + FILLED] = filled;
    records[at + FLAGS] = flags;
    records[at + PREV] = NO_SLOT;
    records[at + NEXT] = NO_SLOT;
    this.accountLinks[slot * ACCOUNT_RECORD + ACCOUNT_PREV] = NO_SLOT;
    this.accountLinks[slot * ACCOUNT_RECORD + ACCOUNT_NEXT] = NO_SLOT;
    this.clientOrderIds[slot] = clientOrderId;
    return slot;
  }

  release(slot: number): void {
    this.clientOrderIds[slot] = '';
    this.setNext(slot, this.freeHead);
    this.freeHead = slot;
  }

  orderIdOf(slot: number): number {
    return this.records[slot * RECORD + ORDER_ID]!;
  }

  accountIdOf(slot: number): number {
    return this.accounts.idOf(this.accountNumberOf(slot));
  }

  accountNumberOf(slot: number): number {
    return this.records[slot * RECORD + ACCOUNT]!;
  }

  clientOrderIdOf(slot: number): string {
    return this.clientOrderIds[slot]!;
  }

  priceOf(slot: number): number {
    return this.records[slot * RECORD + PRICE]!;
  }

  setPrice(slot: number, price: number): void {
    this.records[slot * RECORD + PRICE] = price;
  }

  /** The open quantity, in lots. */
  remainingOf(slot: number): number {
    return this.records[slot * RECORD + REMAINING]!;
  }

  setRemaining(slot: number, lots: number): void {
    this.records[slot * RECORD + REMAINING] = lots;
  }

  filledOf(slot: number): number {
    return this.records[slot * RECORD + FILLED]!;
  }

  setFilled(slot: number, lots: number): void {
    this.records[slot * RECORD + FILLED] = lots;
  }

  /** Side, reduce-only, post-only and STP mode, packed as encodeOrderFlags does. */
  flagsOf(slot: number): number {
    return this.records[slot * RECORD + FLAGS]!;
  }

  prevOf(slot: number): number {
    return this.records[slot * RECORD + PREV]!;
  }

  setPrev(slot: number, prev: number): void {
    this.records[slot * RECORD + PREV] = prev;
  }

  nextOf(slot: number): number {
    return this.records[slot * RECORD + NEXT]!;
  }

  setNext(slot: number, next: number): void {
    this.records[slot * RECORD + NEXT] = next;
  }

  accountPrevOf(slot: number): number {
    return this.accountLinks[slot * ACCOUNT_RECORD + ACCOUNT_PREV]!;
  }

  setAccountPrev(slot: number, prev: number): void {
    this.accountLinks[slot * ACCOUNT_RECORD + ACCOUNT_PREV] = prev;
  }

  accountNextOf(slot: number): number {
    return this.accountLinks[slot * ACCOUNT_RECORD + ACCOUNT_NEXT]!;
  }

  setAccountNext(slot: number, next: number): void {
    this.accountLinks[slot * ACCOUNT_RECORD + ACCOUNT_NEXT] = next;
  }

  clientOrderIdHashOf(slot: number): number {
    return this.accountLinks[slot * ACCOUNT_RECORD + CLIENT_ORDER_ID_HASH]!;
  }

  setClientOrderIdHash(slot: number, hash: number): void {
    this.accountLinks[slot * ACCOUNT_RECORD + CLIENT_ORDER_ID_HASH] = hash;
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
    this.records[slot * RECORD + FLAGS] =
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
    const records = new Float64Array(this.records.length * 2);
    records.set(this.records);
    this.records = records;
    const accountLinks = new Int32Array(this.accountLinks.length * 2);
    accountLinks.set(this.accountLinks);
    this.accountLinks = accountLinks;
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
