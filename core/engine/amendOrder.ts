import { NO_SLOT } from '../book/orderStore';
import { type Rejection, Rejections, withDetail } from '../errors';
import { opposite, type Side } from '../orders/order';
import { checkLotSize, checkMinNotional, checkPriceFilter } from '../orders/orderFilters';
import { cancelResting, findAccountOrder } from './cancelOrder';
import type { AmendOrder } from './commands';
import type { Decision } from './decision';
import { match } from './matching';
import { expireInHand, restInHand } from './placeOrder';
import { knockOutReduceOnly } from './reduceOnly';
import { checkPercentPriceAtReference } from './reference';
import { rejectCommand } from './rejectCommand';
import type { EngineState } from './state';

/** Binance: "One order can only be modified for less than 10000 times". */
export const MAX_AMENDMENTS_PER_ORDER = 9_999;

/**
 * Binance's modify order (PUT /fapi/v1/order): a new price and total quantity for an open LIMIT order.
 *
 * - A filter failure rejects the amendment and leaves the order as it was.
 * - A quantity decrease at the same price keeps the order's place in the queue; any other change sends it to
 *   the back of its (new) level. (Binance futures re-queues on every change; shardex keeps priority on a pure
 *   decrease, as spot Binance and most venues do, because a smaller order never jumps anyone.)
 * - A new quantity at or below what has already filled cancels the order; so does a post-only order re-priced
 *   through the book. Any other order re-priced through the book trades as a taker, then rests.
 * - The amended order no longer prevents self-trades (Binance sets its mode to NONE).
 */
export function amendOrder(d: Decision, command: AmendOrder): void {
  const verdict = assess(d.state, command);
  switch (verdict.kind) {
    case 'REJECT':
      rejectCommand(d, 'AmendOrder', verdict.rejection, verdict.ref);
      return;
    case 'CANCEL':
      cancelResting(d, verdict.slot, 'AMEND');
      return;
    case 'AMEND':
      amend(d, verdict);
      return;
  }
}

interface Amendment {
  readonly kind: 'AMEND';
  readonly slot: number;
  readonly orderId: number;
  readonly accountId: number;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  readonly crosses: boolean;
}

type Verdict =
  | { readonly kind: 'REJECT'; readonly rejection: Rejection; readonly ref: OrderRef }
  | { readonly kind: 'CANCEL'; readonly slot: number }
  | Amendment;

interface OrderRef {
  readonly accountId: number;
  readonly orderId?: number;
  readonly clientOrderId?: string;
}

function assess(state: EngineState, command: AmendOrder): Verdict {
  const reject = (rejection: Rejection, ref: OrderRef = command): Verdict => ({
    kind: 'REJECT',
    rejection,
    ref,
  });
  const instrument = state.instrument;
  if (instrument === undefined) return reject(Rejections.invalidSymbol);
  if (instrument.spec.status !== 'TRADING') return reject(Rejections.amendSymbolNotTrading);
  const book = state.book;
  const orders = book.orders;
  const slot = findAccountOrder(state, command);
  if (slot === NO_SLOT) return reject(Rejections.noSuchOrder);

  const { price, quantity } = command;
  const side = orders.side(slot);
  const orderId = orders.orderIdOf(slot);
  const ref = { accountId: command.accountId, orderId, clientOrderId: orders.clientOrderIdOf(slot) };
  if (command.side !== side) return reject(withDetail(Rejections.invalidParameter, 'side'), ref);
  const filtered =
    checkPriceFilter(instrument, price) ??
    checkLotSize(instrument, 'LIMIT', quantity) ??
    checkPercentPriceAtReference(state, side, price);
  if (filtered) return reject(filtered, ref);
  if ((state.amendCounts.get(orderId) ?? 0) >= MAX_AMENDMENTS_PER_ORDER)
    return reject(Rejections.amendLimitReached, ref);

  const filled = orders.filledOf(slot);
  if (price === orders.priceOf(slot) && quantity === filled + orders.remainingOf(slot)) {
    return reject(Rejections.noNeedToModify, ref);
  }
  if (!orders.isReduceOnly(slot)) {
    const tooSmall = checkMinNotional(instrument, price, quantity, Rejections.amendNotionalTooSmall);
    if (tooSmall) return reject(tooSmall, ref);
  }
  if (quantity <= filled) return { kind: 'CANCEL', slot };
  const bestOpposite = book.bestPrice(opposite(side));
  const crosses =
    bestOpposite !== undefined && (side === 'BUY' ? bestOpposite <= price : bestOpposite >= price);
  if (crosses && orders.isPostOnly(slot)) return { kind: 'CANCEL', slot };
  return { kind: 'AMEND', slot, orderId, accountId: command.accountId, side, price, quantity, crosses };
}

function amend(d: Decision, a: Amendment): void {
  const book = d.state.book;
  const orders = book.orders;
  const filled = orders.filledOf(a.slot);
  const remaining = orders.remainingOf(a.slot);
  const oldPrice = orders.priceOf(a.slot);
  const oldQuantity = filled + remaining;
  const reduceOnly = orders.isReduceOnly(a.slot);
  const newRemaining = a.quantity - filled;
  const oldLevel = book.levelQuantity(a.side, oldPrice);
  const keepsPriority = a.price === oldPrice && a.quantity < oldQuantity;
  const oldLevelQuantity = keepsPriority ? oldLevel - (remaining - newRemaining) : oldLevel - remaining;
  let levelQuantity: number | null;
  if (a.crosses) levelQuantity = null;
  else if (keepsPriority) levelQuantity = oldLevelQuantity;
  else if (a.price === oldPrice) levelQuantity = oldLevelQuantity + newRemaining;
  else levelQuantity = book.levelQuantity(a.side, a.price) + newRemaining;

  d.emit({
    type: 'OrderAmended',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    orderId: a.orderId,
    accountId: a.accountId,
    side: a.side,
    oldPrice,
    oldQuantity,
    price: a.price,
    quantity: a.quantity,
    remaining: newRemaining,
    priority: keepsPriority ? 'KEPT' : 'LOST',
    oldLevelQuantity,
    levelQuantity,
  });

  if (a.crosses) {
    const inHand = { orderId: a.orderId, accountId: a.accountId, side: a.side, price: a.price };
    const result = match(d, {
      ...inHand,
      limitPrice: a.price,
      quantity: newRemaining,
      reduceOnly,
      selfTradePreventionMode: 'NONE',
    });
    if (result.remaining > 0) {
      if (result.end === 'REDUCE_ONLY') expireInHand(d, inHand, result.remaining, 'REDUCE_ONLY');
      else restInHand(d, inHand, result.remaining);
    }
  }
  if (reduceOnly) d.positionChanged(a.accountId);
  if (d.positionsChanged) knockOutReduceOnly(d, d.positionsChanged);
}
