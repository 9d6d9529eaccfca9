import type { SelfTradePreventionMode, Side } from '../orders/order';

/**
 * Resting orders as columns of typed arrays indexed by slot (struct of arrays). One resting order costs about
 * 80 bytes here instead of a few hundred as an object graph, the GC never traces a million order objects, and a
 * snapshot is a copy of a few columns. Slots are recycled through a free list threaded through `next`.
 *
 * All values are integers: ids, ticks and lots held in float64 columns are exact up to 2^53 (inputs are checked
 * to be safe integers before they get here).
 */
export const NO_SLOT = -1;

const SELL_BIT = 1;
const REDUCE_ONLY_BIT = 2;
const POST_ONLY_BIT = 4;
const STP_SHIFT = 3;
const STP_CODES: readonly SelfTradePreventionMode[] = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'];

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
  orderId: Float64Array;
  accountId: Float64Array;
  price: Float64Array;
  remaining: Float64Array;
  filled: Float64Array;
  flags: Uint8Array;
  /** Neighbours in the price level's FIFO queue. */
  prev: Int32Array;
  next: Int32Array;
  /** Neighbours in the account's list of resting orders (cancel-all, max-open-orders, reduce-only sweeps). */
  accountPrev: Int32Array;
  accountNext: Int32Array;
  clientOrderId: string[];
  private freeHead = NO_SLOT;
  private highWater = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.orderId = new Float64Array(n);
    this.accountId = new Float64Array(n);
    this.price = new Float64Array(n);
    this.remaining = new Float64Array(n);
    this.filled = new Float64Array(n);
    this.flags = new Uint8Array(n);
    this.prev = new Int32Array(n);
    this.next = new Int32Array(n);
    this.accountPrev = new Int32Array(n);
    this.accountNext = new Int32Array(n);
    this.clientOrderId = [];
  }

  get capacity(): number {
    return this.orderId.length;
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
      this.freeHead = this.next[slot]!;
    } else {
      if (this.highWater === this.capacity) this.grow();
      slot = this.highWater++;
    }
    this.orderId[slot] = orderId;
    this.accountId[slot] = accountId;
    this.price[slot] = price;
    this.remaining[slot] = remaining;
    this.filled[slot] = filled;
    this.flags[slot] = flags;
    this.clientOrderId[slot] = clientOrderId;
    this.prev[slot] = NO_SLOT;
    this.next[slot] = NO_SLOT;
    this.accountPrev[slot] = NO_SLOT;
    this.accountNext[slot] = NO_SLOT;
    return slot;
  }

  release(slot: number): void {
    this.clientOrderId[slot] = '';
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
  }

  side(slot: number): Side {
    return this.flags[slot]! & SELL_BIT ? 'SELL' : 'BUY';
  }

  isReduceOnly(slot: number): boolean {
    return (this.flags[slot]! & REDUCE_ONLY_BIT) !== 0;
  }

  isPostOnly(slot: number): boolean {
    return (this.flags[slot]! & POST_ONLY_BIT) !== 0;
  }

  selfTradePreventionMode(slot: number): SelfTradePreventionMode {
    return STP_CODES[this.flags[slot]! >> STP_SHIFT]!;
  }

  setSelfTradePreventionMode(slot: number, mode: SelfTradePreventionMode): void {
    this.flags[slot] = (this.flags[slot]! & ((1 << STP_SHIFT) - 1)) | (STP_CODE[mode] << STP_SHIFT);
  }

  fields(slot: number): RestingOrderFields {
    return {
      orderId: this.orderId[slot]!,
      accountId: this.accountId[slot]!,
      clientOrderId: this.clientOrderId[slot]!,
      side: this.side(slot),
      price: this.price[slot]!,
      remaining: this.remaining[slot]!,
      filled: this.filled[slot]!,
      reduceOnly: this.isReduceOnly(slot),
      postOnly: this.isPostOnly(slot),
      selfTradePreventionMode: this.selfTradePreventionMode(slot),
    };
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.orderId = resized(this.orderId, new Float64Array(n));
    this.accountId = resized(this.accountId, new Float64Array(n));
    this.price = resized(this.price, new Float64Array(n));
    this.remaining = resized(this.remaining, new Float64Array(n));
    this.filled = resized(this.filled, new Float64Array(n));
    this.flags = resized(this.flags, new Uint8Array(n));
    this.prev = resized(this.prev, new Int32Array(n));
    this.next = resized(this.next, new Int32Array(n));
    this.accountPrev = resized(this.accountPrev, new Int32Array(n));
    this.accountNext = resized(this.accountNext, new Int32Array(n));
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

function resized<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
