import { NO_SLOT } from '../book/orderStore';
import { feeOn } from '../numbers/money';
import { opposite, type SelfTradePreventionMode, type Side } from '../orders/order';
import { applyFill, type Position, reducibleLots } from '../position/position';
import { notionalOf } from '../symbol/instrument';
import type { Decision } from './decision';
import { type EngineState, positionOf } from './state';

/** The order in hand as matching sees it. */
export interface Taker {
  readonly orderId: number;
  readonly accountId: number;
  readonly side: Side;
  /** Worst price the taker accepts, in ticks: its limit price, or a MARKET order's take bound. */
  readonly limitPrice: number;
  readonly quantity: number;
  readonly reduceOnly: boolean;
  /** The mode in force: Binance applies STP only to GTC and IOC (and MARKET) takers. */
  readonly selfTradePreventionMode: SelfTradePreventionMode;
}

export type MatchEnd = 'FILLED' | 'NO_LIQUIDITY' | 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY';

export interface MatchResult {
  readonly remaining: number;
  readonly end: MatchEnd;
}

/** What happens when the taker meets the maker at the head of the best level. */
type Encounter =
  | { readonly kind: 'TRADE'; readonly lots: number }
  | { readonly kind: 'EXPIRE_MAKER'; readonly reason: 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY' }
  | { readonly kind: 'EXPIRE_BOTH' }
  | { readonly kind: 'STOP'; readonly end: MatchEnd };

interface Maker {
  readonly accountId: number;
  readonly remaining: number;
  readonly reduceOnly: boolean;
}

/**
 * The rule for one encounter, shared by matching and by the FOK dry run so they can never disagree.
 * Self-trade prevention first (the taker's mode decides), then the reduce-only caps of both sides.
 */
function encounter(
  taker: Taker,
  takerRemaining: number,
  maker: Maker,
  position: (accountId: number) => Position,
): Encounter {
  if (maker.accountId === taker.accountId) {
    switch (taker.selfTradePreventionMode) {
      case 'EXPIRE_MAKER':
        return { kind: 'EXPIRE_MAKER', reason: 'SELF_TRADE_PREVENTION' };
      case 'EXPIRE_TAKER':
        return { kind: 'STOP', end: 'SELF_TRADE_PREVENTION' };
      case 'EXPIRE_BOTH':
        return { kind: 'EXPIRE_BOTH' };
      case 'NONE':
        break;
    }
  }
  let lots = Math.min(takerRemaining, maker.remaining);
  if (maker.reduceOnly) {
    const allowed = reducibleLots(position(maker.accountId), opposite(taker.side));
    if (allowed === 0) return { kind: 'EXPIRE_MAKER', reason: 'REDUCE_ONLY' };
    lots = Math.min(lots, allowed);
  }
  if (taker.reduceOnly) {
    const allowed = reducibleLots(position(taker.accountId), taker.side);
    if (allowed === 0) return { kind: 'STOP', end: 'REDUCE_ONLY' };
    lots = Math.min(lots, allowed);
  }
  return { kind: 'TRADE', lots };
}

function crosses(taker: Taker, price: number): boolean {
  return taker.side === 'BUY' ? price <= taker.limitPrice : price >= taker.limitPrice;
}

/**
 * Trades the order in hand against the book in price-time priority: always the first order of the best
 * opposite level, at that maker's price, until the taker is filled, the book no longer crosses its limit, or
 * self-trade prevention or reduce-only stops it. Makers that must not trade are expired on the way.
 */
export function match(d: Decision, taker: Taker): MatchResult {
  const state = d.state;
  const book = state.book;
  const orders = book.orders;
  const ladder = book.ladder(opposite(taker.side));
  const position = (accountId: number) => positionOf(state, accountId);
  let remaining = taker.quantity;
  while (remaining > 0) {
    const level = ladder.best();
    if (level === undefined || !crosses(taker, level.price)) return { remaining, end: 'NO_LIQUIDITY' };
    const slot = level.head;
    const maker: Maker = {
      accountId: orders.accountId[slot]!,
      remaining: orders.remaining[slot]!,
      reduceOnly: orders.isReduceOnly(slot),
    };
    const next = encounter(taker, remaining, maker, position);
    switch (next.kind) {
      case 'TRADE':
        remaining -= next.lots;
        trade(d, taker, slot, level.price, next.lots, remaining, level.quantity - next.lots);
        break;
      case 'EXPIRE_MAKER':
        expireMaker(d, slot, next.reason, level.quantity - maker.remaining);
        break;
      case 'EXPIRE_BOTH':
        expireMaker(d, slot, 'SELF_TRADE_PREVENTION', level.quantity - maker.remaining);
        return { remaining, end: 'SELF_TRADE_PREVENTION' };
      case 'STOP':
        return { remaining, end: next.end };
    }
  }
  return { remaining: 0, end: 'FILLED' };
}

/**
 * How many lots the taker would get if it matched now, without changing anything: the FOK check. It walks
 * the book the way match() consumes it, tracking the positions the fills would leave behind.
 */
export function fillableLots(state: EngineState, taker: Taker): number {
  const book = state.book;
  const orders = book.orders;
  const ladder = book.ladder(opposite(taker.side));
  const makerSide = opposite(taker.side);
  const projected = new Map<number, Position>();
  const position = (accountId: number) => projected.get(accountId) ?? positionOf(state, accountId);
  let remaining = taker.quantity;
  for (let depth = 0; remaining > 0; depth++) {
    const level = ladder.atDepth(depth);
    if (level === undefined || !crosses(taker, level.price)) break;
    let slot = level.head;
    let consumed = 0;
    while (slot !== NO_SLOT && remaining > 0) {
      const maker: Maker = {
        accountId: orders.accountId[slot]!,
        remaining: orders.remaining[slot]! - consumed,
        reduceOnly: orders.isReduceOnly(slot),
      };
      const next = encounter(taker, remaining, maker, position);
      if (next.kind === 'STOP' || next.kind === 'EXPIRE_BOTH') return taker.quantity - remaining;
      if (next.kind === 'TRADE') {
        remaining -= next.lots;
        consumed += next.lots;
        projected.set(
          maker.accountId,
          applyFill(position(maker.accountId), makerSide, next.lots, 0n).position,
        );
        projected.set(
          taker.accountId,
          applyFill(position(taker.accountId), taker.side, next.lots, 0n).position,
        );
        // Like match(), meet the same maker again while it has quantity left.
        if (consumed < orders.remaining[slot]!) continue;
      }
      slot = orders.next[slot]!;
      consumed = 0;
    }
  }
  return taker.quantity - remaining;
}

function trade(
  d: Decision,
  taker: Taker,
  slot: number,
  price: number,
  lots: number,
  takerRemaining: number,
  makerLevelQuantity: number,
): void {
  const state = d.state;
  const instrument = state.instrument!;
  const orders = state.book.orders;
  const makerAccount = orders.accountId[slot]!;
  const notional = notionalOf(instrument, price, lots);
  const makerChange = applyFill(positionOf(state, makerAccount), opposite(taker.side), lots, notional);
  // When one account is on both sides (STP NONE) its position takes the maker's fill first.
  const takerBefore =
    makerAccount === taker.accountId ? makerChange.position : positionOf(state, taker.accountId);
  const takerChange = applyFill(takerBefore, taker.side, lots, notional);
  d.positionsChanged.add(makerAccount);
  d.positionsChanged.add(taker.accountId);
  d.emit({
    type: 'Trade',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    tradeId: state.nextTradeId,
    price,
    quantity: lots,
    takerSide: taker.side,
    maker: {
      orderId: orders.orderId[slot]!,
      accountId: makerAccount,
      remaining: orders.remaining[slot]! - lots,
      fee: feeOn(notional, instrument.makerFeeRate),
      realizedPnl: makerChange.realizedPnl,
      position: makerChange.position,
    },
    taker: {
      orderId: taker.orderId,
      accountId: taker.accountId,
      remaining: takerRemaining,
      fee: feeOn(notional, instrument.takerFeeRate),
      realizedPnl: takerChange.realizedPnl,
      position: takerChange.position,
    },
    makerLevelQuantity,
  });
}

/** Expires a resting order (self-trade prevention or reduce-only knock-out). */
export function expireMaker(
  d: Decision,
  slot: number,
  reason: 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY',
  levelQuantity: number,
): void {
  const orders = d.state.book.orders;
  d.emit({
    type: 'OrderExpired',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    orderId: orders.orderId[slot]!,
    accountId: orders.accountId[slot]!,
    side: orders.side(slot),
    price: orders.price[slot]!,
    quantity: orders.remaining[slot]!,
    levelQuantity,
    reason,
  });
}
