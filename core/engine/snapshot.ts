import { NO_SLOT } from '../book/orderStore';
import { compactMoney } from '../numbers/money';
import type { NewAlgoOrder } from '../orders/algoOrder';
import { markBounds } from '../orders/orderFilters';
import { compileInstrument } from '../symbol/instrument';
import type { SymbolSpec } from '../symbol/symbolSpec';
import { type EngineState, initialState } from './state';

/**
 * A complete, canonical picture of an engine between commands. Canonical means two engines in the same state
 * produce identical snapshots whatever their history: positions sorted by account, orders in book priority
 * (bids best to worst, then asks, each level in queue order), no storage slots. That makes the encoded bytes
 * a fingerprint of the state (stateHash) and restore() exact: the restored engine decides every later command
 * the same way.
 *
 * Format 2 adds `futures` (index, mark, funding and their samples; null for a symbol that never had an index
 * price). Format 1 snapshots, taken before it existed, restore with no futures state, which is what they had.
 * Format 3 adds `algoOrders`, the untriggered conditional orders; formats 1 and 2 restore with none. A format 3
 * snapshot may carry `goodTillDates` (absent when no GTD order rests, as before GTD existed).
 */
export interface EngineSnapshot {
  readonly format: 1 | 2 | 3;
  readonly symbol: string;
  readonly seq: number;
  readonly nextTradeId: number;
  readonly lastPrice: number;
  readonly lastEventTime: number;
  readonly spec: SymbolSpec | null;
  /** [accountId, size, entryNotional, realizedPnl], sorted by account; money as decimal integer strings. */
  readonly positions: readonly (readonly [number, number, string, string])[];
  /** [orderId, amendments], sorted by order id. */
  readonly amendCounts: readonly (readonly [number, number])[];
  /** Absent in format 1. */
  readonly futures?: FuturesSnapshot | null;
  /** The insurance fund's balance (money, a decimal integer string); absent when zero, as before it existed. */
  readonly insuranceBalance?: string;
  /** Absent before format 3. In placement order. */
  readonly algoOrders?: readonly AlgoOrderSnapshot[];
  /** countdownCancelAll deadlines, [accountId, deadline] by account; absent before format 3. */
  readonly cancelCountdowns?: readonly (readonly [number, number])[];
  /** [orderId, goodTillDate] of the resting GTD orders, by order id; absent when there are none. */
  readonly goodTillDates?: readonly (readonly [number, number])[];
  readonly orders: RestingOrderColumns;
}

/** An untriggered conditional order: the order as placed, its placement seq, and a trailing stop's tracking. */
export interface AlgoOrderSnapshot {
  readonly order: NewAlgoOrder;
  readonly placedSeq: number;
  readonly active: boolean;
  readonly extreme: number;
}

/** FuturesState in plain data: the basis samples oldest first as [second, basis], the weighted sum as a string. */
export interface FuturesSnapshot {
  readonly indexPrice: number;
  readonly markPrice: number;
  readonly lastFundingRate: number;
  readonly lastFundingTime: number;
  readonly lastSampleSecond: number;
  readonly basis: readonly (readonly [number, number])[];
  readonly premiums: { readonly fundingTime: number; readonly count: number; readonly weightedSum: string };
  readonly closed: { readonly fundingTime: number; readonly rate: number } | null;
}

export interface RestingOrderColumns {
  readonly count: number;
  readonly orderId: Float64Array;
  readonly accountId: Float64Array;
  readonly price: Float64Array;
  readonly remaining: Float64Array;
  readonly filled: Float64Array;
  readonly flags: Uint8Array;
  readonly clientOrderId: readonly string[];
}

export function takeSnapshot(state: EngineState): EngineSnapshot {
  if (state.inHand !== undefined) throw new Error('cannot snapshot in the middle of a command');
  const book = state.book;
  const store = book.orders;
  const count = book.size;
  const columns = {
    count,
    orderId: new Float64Array(count),
    accountId: new Float64Array(count),
    price: new Float64Array(count),
    remaining: new Float64Array(count),
    filled: new Float64Array(count),
    flags: new Uint8Array(count),
    clientOrderId: new Array<string>(count),
  };
  let i = 0;
  for (const side of ['BUY', 'SELL'] as const) {
    const ladder = book.ladder(side);
    for (let depth = 0; depth < ladder.levelCount; depth++) {
      for (let slot = ladder.atDepth(depth)!.head; slot !== NO_SLOT; slot = store.nextOf(slot)) {
        columns.orderId[i] = store.orderIdOf(slot);
        columns.accountId[i] = store.accountIdOf(slot);
        columns.price[i] = store.priceOf(slot);
        columns.remaining[i] = store.remainingOf(slot);
        columns.filled[i] = store.filledOf(slot);
        columns.flags[i] = store.flagsOf(slot);
        columns.clientOrderId[i] = store.clientOrderIdOf(slot);
        i++;
      }
    }
  }
  return {
    format: 3,
    symbol: state.symbol,
    seq: state.seq,
    nextTradeId: state.nextTradeId,
    lastPrice: state.lastPrice,
    lastEventTime: state.lastEventTime,
    spec: state.instrument?.spec ?? null,
    positions: [...state.positions.entries()]
      .sort(([a], [b]) => a - b)
      .map(
        ([accountId, p]) =>
          [accountId, p.size, p.entryNotional.toString(), p.realizedPnl.toString()] as const,
      ),
    amendCounts: [...state.amendCounts].sort(([a], [b]) => a - b),
    // Before the orders: the binary form puts everything but the orders in its JSON header, and decodes to this
    // key order.
    futures: futuresSnapshot(state),
    ...(state.insuranceBalance === 0n ? {} : { insuranceBalance: state.insuranceBalance.toString() }),
    algoOrders: state.algoOrders
      .all()
      .map(({ order, placedSeq, active, extreme }) => ({ order, placedSeq, active, extreme })),
    cancelCountdowns: [...state.cancelCountdowns].sort(([a], [b]) => a - b),
    ...(state.goodTillDates.size === 0 ? {} : { goodTillDates: state.goodTillDates.entries() }),
    orders: columns,
  };
}

function futuresSnapshot(state: EngineState): FuturesSnapshot | null {
  const f = state.futures;
  if (f.indexPrice === 0) return null;
  return {
    indexPrice: f.indexPrice,
    markPrice: f.markPrice,
    lastFundingRate: f.lastFundingRate,
    lastFundingTime: f.lastFundingTime,
    lastSampleSecond: f.lastSampleSecond,
    basis: f.basis.entries(),
    premiums: {
      fundingTime: f.premiums.fundingTime,
      count: f.premiums.count,
      weightedSum: f.premiums.weightedSum.toString(),
    },
    closed: f.closed === undefined ? null : { ...f.closed },
  };
}

function restoreFutures(state: EngineState, snapshot: FuturesSnapshot): void {
  const f = state.futures;
  f.indexPrice = snapshot.indexPrice;
  f.markPrice = snapshot.markPrice;
  f.lastFundingRate = snapshot.lastFundingRate;
  f.lastFundingTime = snapshot.lastFundingTime;
  f.lastSampleSecond = snapshot.lastSampleSecond;
  for (const [second, basis] of snapshot.basis) f.basis.push(second, basis);
  const p = snapshot.premiums;
  f.premiums = { fundingTime: p.fundingTime, count: p.count, weightedSum: BigInt(p.weightedSum) };
  f.closed = snapshot.closed === null ? undefined : { ...snapshot.closed };
  if (state.instrument !== undefined && f.markPrice > 0) f.bounds = markBounds(state.instrument, f.markPrice);
}

export function restoreState(snapshot: EngineSnapshot): EngineState {
  if (snapshot.format !== 1 && snapshot.format !== 2 && snapshot.format !== 3) {
    throw new Error(`unknown snapshot format ${snapshot.format}`);
  }
  const orders = snapshot.orders;
  const state = initialState(snapshot.symbol, Math.max(1024, orders.count));
  state.seq = snapshot.seq;
  state.nextTradeId = snapshot.nextTradeId;
  state.lastPrice = snapshot.lastPrice;
  state.lastEventTime = snapshot.lastEventTime ?? 0;
  state.instrument = snapshot.spec === null ? undefined : compileInstrument(snapshot.spec);
  for (const [accountId, size, entryNotional, realizedPnl] of snapshot.positions) {
    state.positions.set(accountId, {
      size,
      entryNotional: compactMoney(BigInt(entryNotional)),
      realizedPnl: compactMoney(BigInt(realizedPnl)),
    });
  }
  for (const [orderId, count] of snapshot.amendCounts) state.amendCounts.set(orderId, count);
  if (snapshot.futures) restoreFutures(state, snapshot.futures);
  if (snapshot.insuranceBalance !== undefined) state.insuranceBalance = BigInt(snapshot.insuranceBalance);
  // In placement order, so every trigger level's queue is rebuilt in the order it had; `active` is restored as
  // it was, never re-derived from today's price.
  const tick = state.instrument?.unitsPerTick ?? 1;
  for (const [accountId, deadline] of snapshot.cancelCountdowns ?? [])
    state.cancelCountdowns.set(accountId, deadline);
  for (const { order, placedSeq, active, extreme } of snapshot.algoOrders ?? []) {
    state.algoOrders.add({ order, placedSeq, active, extreme, trigger: 0 }, undefined, tick);
  }
  const book = state.book;
  for (let i = 0; i < orders.count; i++) {
    book.addPacked(
      orders.orderId[i]!,
      orders.accountId[i]!,
      orders.clientOrderId[i]!,
      orders.flags[i]!,
      orders.price[i]!,
      orders.remaining[i]!,
      orders.filled[i]!,
    );
  }
  for (const [orderId, goodTillDate] of snapshot.goodTillDates ?? [])
    state.goodTillDates.add(orderId, goodTillDate);
  return state;
}

const MAGIC = 0x53585331; // "SXS1"

/**
 * Binary form of a snapshot: a JSON header, the order columns as little-endian arrays, then the client order
 * ids joined by newlines (the contract's id alphabet has none). A million resting orders take ~50 MB and
 * encode in tens of milliseconds, where JSON would take seconds.
 */
export function encodeSnapshot(snapshot: EngineSnapshot): Uint8Array {
  const { orders, ...header } = snapshot;
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, orderCount: orders.count }));
  const idBytes = new TextEncoder().encode(orders.clientOrderId.join('\n'));
  const n = orders.count;
  const headerEnd = align8(8 + headerBytes.length);
  const columnsEnd = headerEnd + n * 8 * 5 + align8(n);
  const out = new Uint8Array(columnsEnd + 4 + idBytes.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let offset = headerEnd;
  for (const column of [orders.orderId, orders.accountId, orders.price, orders.remaining, orders.filled]) {
    if (LITTLE_ENDIAN) {
      out.set(new Uint8Array(column.buffer, column.byteOffset, n * 8), offset);
    } else {
      for (let i = 0; i < n; i++) view.setFloat64(offset + i * 8, column[i]!, true);
    }
    offset += n * 8;
  }
  out.set(orders.flags, offset);
  view.setUint32(columnsEnd, idBytes.length, true);
  out.set(idBytes, columnsEnd + 4);
  return out;
}

export function decodeSnapshot(bytes: Uint8Array): EngineSnapshot {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a shardex engine snapshot');
  const headerLength = view.getUint32(4, true);
  const { orderCount: n, ...header } = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
  );
  let offset = align8(8 + headerLength);
  const column = () => {
    // slice() copies into a fresh, aligned buffer: the input may sit at any offset of a pooled Buffer.
    const values = LITTLE_ENDIAN
      ? new Float64Array(bytes.slice(offset, offset + n * 8).buffer)
      : new Float64Array(n);
    if (!LITTLE_ENDIAN) for (let i = 0; i < n; i++) values[i] = view.getFloat64(offset + i * 8, true);
    offset += n * 8;
    return values;
  };
  const orderId = column();
  const accountId = column();
  const price = column();
  const remaining = column();
  const filled = column();
  const flags = bytes.slice(offset, offset + n);
  const columnsEnd = offset + align8(n);
  const idLength = view.getUint32(columnsEnd, true);
  const ids = new TextDecoder().decode(bytes.subarray(columnsEnd + 4, columnsEnd + 4 + idLength));
  const clientOrderId = n === 0 ? [] : ids.split('\n');
  return {
    ...header,
    orders: { count: n, orderId, accountId, price, remaining, filled, flags, clientOrderId },
  };
}

/** Columns are stored little-endian; on a little-endian machine (x86, ARM) they are copied as whole blocks. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function align8(n: number): number {
  return (n + 7) & ~7;
}
