import { type Rejection, Rejections, withDetail } from '../errors';
import {
  isMarketKind,
  isMet,
  MAX_CALLBACK_RATE,
  MIN_CALLBACK_RATE,
  type NewAlgoOrder,
  triggerDirection,
} from '../orders/algoOrder';
import { checkLotSize, checkPriceFilter } from '../orders/orderFilters';
import type { CancelAlgoOrder, CancelAllAlgoOrders } from './commands';
import type { Decision } from './decision';
import type { AlgoCancelReason } from './events';
import { workingPriceOf } from './evolve';
import { rejectCommand } from './rejectCommand';
import type { EngineState } from './state';

/** Binance's MAX_NUM_ALGO_ORDERS for most symbols. */
export const DEFAULT_MAX_NUM_ALGO_ORDERS = 10;

/**
 * A new conditional order: checked as Binance checks it (status, filters on its prices and quantity, ids, the
 * per-account limit, and that it would not trigger at once), then it waits, off the book, for its trigger. It
 * reserves nothing in the book; the order it becomes is checked again, as any new order, when it triggers.
 */
export function placeAlgoOrder(d: Decision, order: NewAlgoOrder): void {
  const rejection = admitAlgoOrder(d.state, order, d.time);
  if (rejection !== undefined) {
    rejectCommand(d, 'PlaceAlgoOrder', rejection, {
      accountId: order.accountId,
      orderId: order.algoId,
      clientOrderId: order.clientAlgoId,
    });
    return;
  }
  d.emit({ type: 'AlgoOrderPlaced', seq: d.seq, time: d.time, commandId: d.commandId, algoOrder: order });
}

function admitAlgoOrder(state: EngineState, order: NewAlgoOrder, time: number): Rejection | undefined {
  const instrument = state.instrument;
  if (instrument === undefined) return Rejections.invalidSymbol;
  if (instrument.spec.status !== 'TRADING') return Rejections.invalidSymbolStatus;
  const market = isMarketKind(order.type);
  const trailing = order.type === 'TRAILING_STOP_MARKET';
  if (!market) {
    const priceRejection = checkPriceFilter(instrument, order.price);
    if (priceRejection) return priceRejection;
  }
  if (trailing) {
    if (order.callbackRate < MIN_CALLBACK_RATE || order.callbackRate > MAX_CALLBACK_RATE) {
      return withDetail(Rejections.invalidParameter, 'callbackRate');
    }
    if (order.activationPrice !== 0) {
      const activation = checkPriceFilter(instrument, order.activationPrice);
      if (activation) return activation;
    }
  } else {
    const trigger = checkPriceFilter(instrument, order.triggerPrice);
    if (trigger) return trigger;
  }
  if (order.closePosition) {
    if (order.quantity !== 0) return withDetail(Rejections.invalidParameter, 'quantity');
  } else {
    const lots = checkLotSize(instrument, market ? 'MARKET' : 'LIMIT', order.quantity);
    if (lots) return lots;
  }
  if (order.timeInForce === 'GTD' ? order.goodTillDate <= time : order.goodTillDate !== 0) {
    return withDetail(Rejections.invalidParameter, 'goodTillDate');
  }
  const algoOrders = state.algoOrders;
  if (algoOrders.get(order.algoId) !== undefined || state.book.mayHold(order.orderId)) {
    return Rejections.newOrderRejected;
  }
  if (algoOrders.algoIdOfClientId(order.accountId, order.clientAlgoId) !== undefined) {
    return Rejections.duplicateClientOrderId;
  }
  const limit = instrument.spec.maxNumAlgoOrders ?? DEFAULT_MAX_NUM_ALGO_ORDERS;
  if (algoOrders.countOf(order.accountId) >= limit) return Rejections.maxStopOrders;
  if (!trailing) {
    const price = workingPriceOf(state, order.workingType);
    const scale = order.workingType === 'MARK_PRICE' ? instrument.unitsPerTick : 1;
    const direction = triggerDirection(order.type, order.side);
    if (price !== undefined && isMet(direction, price, order.triggerPrice * scale)) {
      return Rejections.orderWouldTrigger;
    }
  }
  return undefined;
}

/** Cancels an untriggered conditional order; one that is not waiting, or not the account's, is -2011. */
export function cancelAlgoOrder(d: Decision, command: CancelAlgoOrder): void {
  const algoOrders = d.state.algoOrders;
  const algoId =
    command.algoId ??
    (command.clientAlgoId === undefined
      ? undefined
      : algoOrders.algoIdOfClientId(command.accountId, command.clientAlgoId));
  const entry = algoId === undefined ? undefined : algoOrders.get(algoId);
  if (entry === undefined || entry.order.accountId !== command.accountId) {
    rejectCommand(d, 'CancelAlgoOrder', Rejections.unknownOrderSent, {
      accountId: command.accountId,
      orderId: command.algoId,
      clientOrderId: command.clientAlgoId,
    });
    return;
  }
  algoCanceled(d, entry.order, 'USER');
}

/**
 * Cancels every untriggered conditional order of the account, in placement order, then records that it is done
 * (AllOrdersCanceled, counting the conditional orders canceled: the command's outcome even when there were none).
 */
export function cancelAllAlgoOrders(d: Decision, command: CancelAllAlgoOrders): void {
  const entries = d.state.algoOrders.ofAccount(command.accountId);
  for (const entry of entries) algoCanceled(d, entry.order, 'CANCEL_ALL');
  d.emit({
    type: 'AllOrdersCanceled',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    accountId: command.accountId,
    count: entries.length,
  });
}

function algoCanceled(d: Decision, order: NewAlgoOrder, reason: AlgoCancelReason): void {
  d.emit({
    type: 'AlgoOrderCanceled',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    algoId: order.algoId,
    accountId: order.accountId,
    reason,
  });
}
