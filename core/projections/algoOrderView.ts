import type { EngineEvent } from '../engine/events';
import type { Money } from '../numbers/money';
import type { NewAlgoOrder } from '../orders/algoOrder';
import { isOpen, type OrderView } from './orderView';

/**
 * Binance's algoStatus: NEW while it waits, TRIGGERED once it became an order (actualOrderId), FINISHED once that
 * order ended in the engine (filled, canceled or expired), REJECTED if the engine refused the order it became,
 * CANCELED, EXPIRED (GTD). A conditional order the engine refused at placement is not kept (none is recorded).
 */
export type AlgoStatus = 'NEW' | 'TRIGGERED' | 'FINISHED' | 'REJECTED' | 'CANCELED' | 'EXPIRED';

/** A conditional order as users see it (GET /fapi/v1/algoOrder, openAlgoOrders, ALGO_UPDATE). */
export interface AlgoOrderView {
  readonly symbol: string;
  readonly order: NewAlgoOrder;
  readonly status: AlgoStatus;
  readonly createTime: number;
  readonly updateTime: number;
  /** When it triggered; 0 before. */
  readonly triggerTime: number;
  /** The order it became, once triggered. */
  readonly actualOrderId: number | null;
  /** What the order it became filled, in lots and Σ price × quantity: 0 until it ends (FINISHED). */
  readonly executedQty: number;
  readonly cumQuote: Money;
  /** Why the engine refused the order it became (REJECTED only). */
  readonly rejectReason?: string;
  /** Sequence of the last event folded in (read models use it for idempotency). */
  readonly lastSeq: number;
}

/** The conditional order an event concerns, and its account; undefined for every other event. */
export function algoOrderOf(event: EngineEvent): { algoId: number; accountId: number } | undefined {
  switch (event.type) {
    case 'AlgoOrderPlaced':
      return { algoId: event.algoOrder.algoId, accountId: event.algoOrder.accountId };
    case 'AlgoOrderTriggered':
    case 'AlgoOrderCanceled':
    case 'AlgoOrderExpired':
      return { algoId: event.algoId, accountId: event.accountId };
    default:
      return undefined;
  }
}

/** Folds one event into a conditional order's view; undefined before it exists. */
export function applyToAlgoOrder(
  view: AlgoOrderView | undefined,
  event: EngineEvent,
  symbol: string,
): AlgoOrderView | undefined {
  switch (event.type) {
    case 'AlgoOrderPlaced':
      return {
        symbol,
        order: event.algoOrder,
        status: 'NEW',
        createTime: event.time,
        updateTime: event.time,
        triggerTime: 0,
        actualOrderId: null,
        executedQty: 0,
        cumQuote: 0n,
        lastSeq: event.seq,
      };
    case 'AlgoOrderTriggered':
      if (view === undefined || view.order.algoId !== event.algoId) return view;
      return {
        ...view,
        status: 'TRIGGERED',
        updateTime: event.time,
        triggerTime: event.time,
        actualOrderId: event.orderId,
        lastSeq: event.seq,
      };
    case 'AlgoOrderCanceled':
    case 'AlgoOrderExpired':
      if (view === undefined || view.order.algoId !== event.algoId) return view;
      return {
        ...view,
        status: event.type === 'AlgoOrderCanceled' ? 'CANCELED' : 'EXPIRED',
        updateTime: event.time,
        lastSeq: event.seq,
      };
    default:
      return view;
  }
}

/**
 * The conditional order once the order it became has changed (`order`, as it now stands): when that order has
 * ended, the conditional order is FINISHED with its fills, or REJECTED (with the engine's `rejectReason`) if the
 * engine refused it, as of the order's last event; otherwise it is unchanged.
 */
export function followActualOrder(
  view: AlgoOrderView,
  order: OrderView,
  rejectReason?: string,
): AlgoOrderView {
  if (view.status !== 'TRIGGERED' || view.actualOrderId !== order.order.orderId) return view;
  if (view.lastSeq >= order.lastSeq || isOpen(order.status)) return view;
  return {
    ...view,
    status: order.status === 'REJECTED' ? 'REJECTED' : 'FINISHED',
    executedQty: order.executedQty,
    cumQuote: order.cumQuote,
    ...(rejectReason === undefined ? {} : { rejectReason }),
    updateTime: order.updateTime,
    lastSeq: order.lastSeq,
  };
}
