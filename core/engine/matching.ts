import { NO_SLOT } from '../book/orderStore';
import { type CompactMoney, compactMoney, feeOn, feeOnSafe, type Rate } from '../numbers/money';
import { opposite, type SelfTradePreventionMode, type Side } from '../orders/order';
import { applyFillCompact, type CompactPosition, realizedBetween, reducibleLots } from '../position/position';
import { notionalOf, safeNotionalOf } from '../symbol/instrument';
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
  /** A liquidation order pays no trading fee (it pays the liquidation fee to the insurance fund instead). */
  readonly liquidation?: boolean;
}

export type MatchEnd = 'FILLED' | 'NO_LIQUIDITY' | 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY';

export interface MatchResult {
  readonly remaining: number;
  readonly end: MatchEnd;
}

/**
 * What happens when the taker meets a maker: a positive number is a trade of that many lots; the other outcomes
 * are these codes. (Numbers, not objects: this runs for every maker a taker meets, millions of times a second.)
 */
const EXPIRE_MAKER_SELF_TRADE = -1;
const EXPIRE_MAKER_REDUCE_ONLY = -2;
const EXPIRE_BOTH = -3;
const STOP_SELF_TRADE = -4;
const STOP_REDUCE_ONLY = -5;

/**
 * The rule for one encounter, shared by matching and by the FOK dry run so they can never disagree.
 * Self-trade prevention first (the taker's mode decides), then the reduce-only caps of both sides. Positions come
 * from the state, or from `projected` where the dry run has moved them.
 */
function encounter(
  state: EngineState,
  projected: Map<number, CompactPosition> | undefined,
  taker: Taker,
  takerRemaining: number,
  makerAccount: number,
  makerRemaining: number,
  makerReduceOnly: boolean,
): number {
  if (makerAccount === taker.accountId) {
    switch (taker.selfTradePreventionMode) {
      case 'EXPIRE_MAKER':
        return EXPIRE_MAKER_SELF_TRADE;
      case 'EXPIRE_TAKER':
        return STOP_SELF_TRADE;
      case 'EXPIRE_BOTH':
        return EXPIRE_BOTH;
      case 'NONE':
        break;
    }
  }
  let lots = Math.min(takerRemaining, makerRemaining);
  if (makerReduceOnly) {
    const allowed = reducibleLots(
      projected?.get(makerAccount) ?? positionOf(state, makerAccount),
      opposite(taker.side),
    );
    if (allowed === 0) return EXPIRE_MAKER_REDUCE_ONLY;
    if (allowed < lots) lots = allowed;
  }
  if (taker.reduceOnly) {
    const allowed = reducibleLots(
      projected?.get(taker.accountId) ?? positionOf(state, taker.accountId),
      taker.side,
    );
    if (allowed === 0) return STOP_REDUCE_ONLY;
    if (allowed < lots) lots = allowed;
  }
  return lots;
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
  const orders = state.book.orders;
  const ladder = state.book.ladder(opposite(taker.side));
  let remaining = taker.quantity;
  while (remaining > 0) {
    const level = ladder.best();
    if (level === undefined || !crosses(taker, level.price)) return { remaining, end: 'NO_LIQUIDITY' };
    const slot = level.head;
    const makerRemaining = orders.remainingOf(slot);
    const outcome = encounter(
      state,
      undefined,
      taker,
      remaining,
      orders.accountIdOf(slot),
      makerRemaining,
      orders.isReduceOnly(slot),
    );
    if (outcome > 0) {
      remaining -= outcome;
      trade(d, taker, slot, level.price, outcome, remaining, level.quantity - outcome);
    } else if (outcome === EXPIRE_MAKER_SELF_TRADE || outcome === EXPIRE_MAKER_REDUCE_ONLY) {
      const reason = outcome === EXPIRE_MAKER_SELF_TRADE ? 'SELF_TRADE_PREVENTION' : 'REDUCE_ONLY';
      expireMaker(d, slot, reason, level.quantity - makerRemaining);
    } else if (outcome === EXPIRE_BOTH) {
      expireMaker(d, slot, 'SELF_TRADE_PREVENTION', level.quantity - makerRemaining);
      return { remaining, end: 'SELF_TRADE_PREVENTION' };
    } else {
      return { remaining, end: outcome === STOP_SELF_TRADE ? 'SELF_TRADE_PREVENTION' : 'REDUCE_ONLY' };
    }
  }
  return { remaining: 0, end: 'FILLED' };
}

/**
 * How many lots the taker would get if it matched now, without changing anything: the FOK check. It walks
 * the book the way match() consumes it, tracking the positions the fills would leave behind.
 */
export function fillableLots(state: EngineState, taker: Taker): number {
  const orders = state.book.orders;
  const ladder = state.book.ladder(opposite(taker.side));
  const makerSide = opposite(taker.side);
  const projected = new Map<number, CompactPosition>();
  const position = (accountId: number) => projected.get(accountId) ?? positionOf(state, accountId);
  let remaining = taker.quantity;
  for (let depth = 0; remaining > 0; depth++) {
    const level = ladder.atDepth(depth);
    if (level === undefined || !crosses(taker, level.price)) break;
    let slot = level.head;
    let consumed = 0;
    while (slot !== NO_SLOT && remaining > 0) {
      const makerAccount = orders.accountIdOf(slot);
      const outcome = encounter(
        state,
        projected,
        taker,
        remaining,
        makerAccount,
        orders.remainingOf(slot) - consumed,
        orders.isReduceOnly(slot),
      );
      if (outcome === STOP_SELF_TRADE || outcome === STOP_REDUCE_ONLY || outcome === EXPIRE_BOTH) {
        return taker.quantity - remaining;
      }
      if (outcome > 0) {
        remaining -= outcome;
        consumed += outcome;
        projected.set(makerAccount, applyFillCompact(position(makerAccount), makerSide, outcome, 0));
        projected.set(taker.accountId, applyFillCompact(position(taker.accountId), taker.side, outcome, 0));
        // Like match(), meet the same maker again while it has quantity left.
        if (consumed < orders.remainingOf(slot)) continue;
      }
      slot = orders.nextOf(slot);
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
  const makerNumber = orders.accountNumberOf(slot);
  const makerAccount = state.book.accounts.idOf(makerNumber);
  // The fill's notional in money units: a safe integer whenever it fits, a bigint otherwise.
  const notional: CompactMoney =
    safeNotionalOf(instrument, price, lots) ?? compactMoney(notionalOf(instrument, price, lots));
  const makerFee = feeFor(notional, instrument.makerFeeRate, instrument.fast.makerFeeRate);
  const takerFee = taker.liquidation
    ? 0
    : feeFor(notional, instrument.takerFeeRate, instrument.fast.takerFeeRate);
  // Positions by account number: the maker's is in its order record, the taker's on the order in hand.
  const positions = state.positions;
  const makerRealizedBefore = positions.realizedPnlOf(makerNumber);
  const makerAfter = positions.afterFill(makerNumber, opposite(taker.side), lots, notional);
  const takerNumber = state.inHand!.accountNumber;
  // When one account is on both sides (STP NONE) its position takes the maker's fill first.
  const sameAccount = takerNumber === makerNumber;
  const takerRealizedBefore = sameAccount ? makerAfter.realizedPnl : positions.realizedPnlOf(takerNumber);
  const takerAfter = sameAccount
    ? applyFillCompact(makerAfter, taker.side, lots, notional)
    : positions.afterFill(takerNumber, taker.side, lots, notional);
  // Reduce-only orders resting now may have to be knocked out once the command is done. With none resting, none
  // can be: the only order that may come to rest before then is the taker itself, and a reduce-only taker that
  // rests marks its account changed on its own.
  if (state.book.reduceOnlyTotal !== 0) {
    d.positionChanged(makerAccount);
    d.positionChanged(taker.accountId);
  }
  d.traded(
    slot,
    state.nextTradeId,
    price,
    lots,
    taker.side,
    // The maker's side of the trade, then the taker's: order, account, open quantity left, fee, realized PnL,
    // position after.
    orders.orderIdOf(slot),
    makerAccount,
    orders.remainingOf(slot) - lots,
    makerFee,
    realizedBetween(makerRealizedBefore, makerAfter.realizedPnl),
    makerAfter,
    taker.orderId,
    taker.accountId,
    takerRemaining,
    takerFee,
    realizedBetween(takerRealizedBefore, takerAfter.realizedPnl),
    takerAfter,
    makerLevelQuantity,
  );
}

/** The fee of a fill, exactly; without bigint arithmetic while the amounts are safe integers. */
function feeFor(notional: CompactMoney, rate: Rate, fastRate: number): CompactMoney {
  const fast = typeof notional === 'number' ? feeOnSafe(notional, fastRate) : undefined;
  return fast ?? compactMoney(feeOn(BigInt(notional), rate));
}

/** Expires a resting order (self-trade prevention or reduce-only knock-out). */
export function expireMaker(
  d: Decision,
  slot: number,
  reason: 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY',
  levelQuantity: number,
): void {
  const orders = d.state.book.orders;
  d.expired(
    orders.orderIdOf(slot),
    orders.accountIdOf(slot),
    orders.side(slot),
    orders.priceOf(slot),
    orders.remainingOf(slot),
    levelQuantity,
    reason,
  );
}
