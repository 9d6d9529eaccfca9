import { NO_SLOT } from '../book/orderStore';
import { type Rejection, Rejections, withDetail } from '../errors';
import { MAX_GOOD_TILL_DATE, type NewOrder, opposite } from '../orders/order';
import { checkLotSize, checkMinNotional, checkPriceFilter } from '../orders/orderFilters';
import { reducibleLots } from '../position/position';
import type { Decision } from './decision';
import type { ExpiryReason } from './events';
import { fillableLots, type MatchEnd, match, type Taker } from './matching';
import { knockOutReduceOnly, reduceOnlyAllowance } from './reduceOnly';
import {
  checkMarketMinNotional,
  checkPercentPriceAtReference,
  marketTakeLimitAt,
  percentPriceLimit,
} from './reference';
import { type EngineState, positionOf } from './state';

/** What admission makes of a new order: the taker to match, or why it is rejected (no wrapper: one per order). */
type Admission = Taker | Rejection;

function isRejection(admission: Admission): admission is Rejection {
  return (admission as Partial<Rejection>).code !== undefined;
}

/**
 * A new order: admitted or rejected as a whole, then matched, then its remainder rests (GTC, GTX) or expires
 * (IOC, FOK, MARKET, or when self-trade prevention or reduce-only stopped it).
 */
export function placeOrder(d: Decision, order: NewOrder): void {
  const admission = admit(d.state, order, d.time);
  if (isRejection(admission)) {
    d.emit({
      type: 'OrderRejected',
      seq: d.seq,
      time: d.time,
      commandId: d.commandId,
      order,
      code: admission.code,
      reason: admission.msg,
    });
    return;
  }
  const taker = admission;
  d.accepted(order, taker.quantity);
  const result = match(d, taker);
  if (result.remaining > 0) {
    const expiry = expiryOf(order, result.end);
    if (expiry === undefined) restInHand(d, order, result.remaining);
    else expireInHand(d, order, result.remaining, expiry);
  }
  if (order.reduceOnly && result.remaining > 0) d.positionChanged(order.accountId);
  if (d.positionsChanged) knockOutReduceOnly(d, d.positionsChanged);
}

/**
 * The checks Binance makes before an order reaches the book, in its order: symbol status, PRICE_FILTER,
 * LOT_SIZE, PERCENT_PRICE, MIN_NOTIONAL, ids, reduce-only, open-order limit, then the time-in-force conditions
 * that need the book (GTX would take, FOK cannot fill).
 */
function admit(state: EngineState, order: NewOrder, time: number): Admission {
  const instrument = state.instrument;
  if (instrument === undefined) return Rejections.invalidSymbol;
  if (instrument.spec.status !== 'TRADING') return Rejections.invalidSymbolStatus;
  const goodTillDate = checkGoodTillDate(order, time);
  if (goodTillDate) return goodTillDate;
  const book = state.book;
  const isMarket = order.type === 'MARKET';
  const bestOpposite = book.bestPrice(opposite(order.side));

  const filtered =
    (isMarket ? undefined : checkPriceFilter(instrument, order.price)) ??
    checkLotSize(instrument, order.type, order.quantity) ??
    (isMarket ? undefined : checkPercentPriceAtReference(state, order.side, order.price));
  if (filtered) return filtered;

  if (isMarket && bestOpposite !== undefined) {
    // The best opposite price must lie inside the reference's PERCENT_PRICE band.
    const limit = percentPriceLimit(state, order.side);
    const outsideBand =
      limit !== undefined && (order.side === 'BUY' ? bestOpposite > limit : bestOpposite < limit);
    if (outsideBand) return Rejections.marketOrderOutsideBand;
  }
  // MARKET orders are valued at the reference (mark) price; with none yet, at the best opposite price.
  if (!order.reduceOnly) {
    const tooSmall = isMarket
      ? checkMarketMinNotional(state, order.quantity, bestOpposite)
      : checkMinNotional(instrument, order.price, order.quantity);
    if (tooSmall) return tooSmall;
  }

  if (book.mayHold(order.orderId)) return Rejections.newOrderRejected;
  if (book.slotOfClientOrderId(order.accountId, order.clientOrderId) !== NO_SLOT) {
    return Rejections.duplicateClientOrderId;
  }

  let quantity = order.quantity;
  if (order.reduceOnly) {
    if (reducibleLots(positionOf(state, order.accountId), order.side) === 0) {
      return Rejections.reduceOnlyRejected;
    }
    // A MARKET order goes ahead of every resting reduce-only order; a limit order behind the better-priced ones.
    const priority = isMarket ? (order.side === 'BUY' ? Number.MAX_SAFE_INTEGER : 0) : order.price;
    const allowance = reduceOnlyAllowance(state, order.accountId, order.side, priority);
    if (allowance === 0) return Rejections.reduceOnlyMarginCheckFailed;
    quantity = Math.min(quantity, allowance);
  }

  const mayRest =
    !isMarket && (order.timeInForce === 'GTC' || order.timeInForce === 'GTX' || order.timeInForce === 'GTD');
  if (mayRest && book.openOrderCount(order.accountId) >= instrument.spec.maxNumOrders) {
    return Rejections.maxOpenOrders;
  }

  const taker: Taker = {
    orderId: order.orderId,
    accountId: order.accountId,
    side: order.side,
    limitPrice: isMarket ? marketTakeLimitAt(state, order.side, bestOpposite) : order.price,
    quantity,
    reduceOnly: order.reduceOnly,
    // Binance: STP takes effect for GTC, IOC and MARKET takers, not for FOK or GTX.
    selfTradePreventionMode:
      order.timeInForce === 'FOK' || order.timeInForce === 'GTX' ? 'NONE' : order.selfTradePreventionMode,
  };
  if (order.timeInForce === 'GTX' && !isMarket && bestOpposite !== undefined) {
    const wouldTake = order.side === 'BUY' ? bestOpposite <= order.price : bestOpposite >= order.price;
    if (wouldTake) return Rejections.postOnlyWouldTake;
  }
  if (order.timeInForce === 'FOK' && !isMarket && fillableLots(state, taker) < quantity) {
    return Rejections.fokNotFilled;
  }
  return taker;
}

/**
 * A GTD order needs a goodTillDate after the command's time (ingress holds clients to Binance's stricter rule, now
 * + 600 s; this is what the log itself guarantees, whatever sent the command); no other order has one.
 */
function checkGoodTillDate(order: NewOrder, time: number): Rejection | undefined {
  const date = order.goodTillDate;
  if (order.timeInForce !== 'GTD') {
    return date === undefined || date === 0
      ? undefined
      : withDetail(Rejections.paramNotRequired, 'goodTillDate');
  }
  if (order.type === 'MARKET') return Rejections.invalidTimeInForce;
  if (date === undefined || date <= time || date > MAX_GOOD_TILL_DATE)
    return Rejections.goodTillDateOutOfRange;
  return undefined;
}

/** Why the unfilled rest of an order ends now, or undefined if it rests on the book. */
function expiryOf(order: NewOrder, end: MatchEnd): ExpiryReason | undefined {
  if (end === 'SELF_TRADE_PREVENTION' || end === 'REDUCE_ONLY') return end;
  if (order.type === 'MARKET') return 'MARKET';
  if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') return 'IOC';
  return undefined;
}

interface OrderInHandRef {
  readonly orderId: number;
  readonly accountId: number;
  readonly side: NewOrder['side'];
  readonly price: number;
}

export function restInHand(d: Decision, order: OrderInHandRef, quantity: number): void {
  d.rested(order.orderId, order.accountId, order.side, order.price, quantity);
}

export function expireInHand(
  d: Decision,
  order: OrderInHandRef,
  quantity: number,
  reason: ExpiryReason,
): void {
  d.expired(order.orderId, order.accountId, order.side, order.price, quantity, null, reason);
}
