import { assertNever } from '../assertNever';
import type { EngineEvent } from '../engine/events';
import { type Money, moneyOf } from '../numbers/money';
import type { NewOrder } from '../orders/order';
import type { Instrument } from '../symbol/instrument';
import { notionalOf } from '../symbol/instrument';

/** Binance order statuses. REJECTED is what shardex records for an order the engine refused after an ACK. */
export type OrderStatus =
  | 'NEW'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELED'
  | 'EXPIRED'
  | 'EXPIRED_IN_MATCH'
  | 'REJECTED';

/** An order as users see it, folded from the symbol's events: what GET /order and ORDER_TRADE_UPDATE show. */
export interface OrderView {
  readonly symbol: string;
  readonly order: NewOrder;
  readonly status: OrderStatus;
  /** Current total quantity in lots (amendments change it). */
  readonly origQty: number;
  readonly price: number;
  readonly executedQty: number;
  /** Σ price × quantity of the fills, in money. */
  readonly cumQuote: Money;
  /** Σ commission of the fills, in money. */
  readonly commission: Money;
  readonly realizedPnl: Money;
  readonly time: number;
  readonly updateTime: number;
  /** Set when the order was rejected or expired: the contract code or the expiry reason. */
  readonly rejectCode: number | null;
  readonly expiryReason: string | null;
  /** Sequence of the last event folded in (read models use it for idempotency). */
  readonly lastSeq: number;
  /** The conditional order this order was triggered from (its algoId); absent for any other order. */
  readonly algoId?: number;
}

export function isOpen(status: OrderStatus): boolean {
  return status === 'NEW' || status === 'PARTIALLY_FILLED';
}

/**
 * Folds one event into an order's view; `view` is undefined before the order exists. Events that do not concern
 * the order return the view unchanged.
 */
export function applyToOrder(
  view: OrderView | undefined,
  event: EngineEvent,
  symbol: string,
  instrument: Instrument,
): OrderView | undefined {
  switch (event.type) {
    case 'OrderAccepted':
    case 'OrderRejected': {
      if (view !== undefined && view.order.orderId !== event.order.orderId) return view;
      const rejected = event.type === 'OrderRejected';
      return {
        symbol,
        order: event.order,
        status: rejected ? 'REJECTED' : 'NEW',
        origQty: event.order.quantity,
        price: event.order.price,
        executedQty: 0,
        cumQuote: 0n,
        commission: 0n,
        realizedPnl: 0n,
        time: event.time,
        updateTime: event.time,
        rejectCode: rejected ? event.code : null,
        expiryReason: null,
        lastSeq: event.seq,
      };
    }
    case 'Trade': {
      if (view === undefined) return view;
      const fill =
        event.maker.orderId === view.order.orderId
          ? event.maker
          : event.taker.orderId === view.order.orderId
            ? event.taker
            : undefined;
      if (fill === undefined) return view;
      const executedQty = view.executedQty + event.quantity;
      return {
        ...view,
        executedQty,
        cumQuote: view.cumQuote + notionalOf(instrument, event.price, event.quantity),
        commission: view.commission + moneyOf(fill.fee),
        realizedPnl: view.realizedPnl + moneyOf(fill.realizedPnl),
        status: fill.remaining === 0 ? 'FILLED' : 'PARTIALLY_FILLED',
        updateTime: event.time,
        lastSeq: event.seq,
      };
    }
    case 'OrderCanceled':
      if (view === undefined || view.order.orderId !== event.orderId) return view;
      return { ...view, status: 'CANCELED', updateTime: event.time, lastSeq: event.seq };
    case 'OrderExpired':
      if (view === undefined || view.order.orderId !== event.orderId) return view;
      return {
        ...view,
        status: event.reason === 'SELF_TRADE_PREVENTION' ? 'EXPIRED_IN_MATCH' : 'EXPIRED',
        expiryReason: event.reason,
        updateTime: event.time,
        lastSeq: event.seq,
      };
    case 'OrderAmended':
      if (view === undefined || view.order.orderId !== event.orderId) return view;
      return {
        ...view,
        // The engine lets an amended order trade with its owner's (core/engine/amendOrder.ts), as Binance does.
        order:
          view.order.selfTradePreventionMode === 'NONE'
            ? view.order
            : { ...view.order, selfTradePreventionMode: 'NONE' },
        origQty: event.quantity,
        price: event.price,
        updateTime: event.time,
        lastSeq: event.seq,
      };
    case 'OrderRested':
      if (view === undefined || view.order.orderId !== event.orderId) return view;
      return { ...view, lastSeq: event.seq };
    case 'CommandRejected':
    case 'SymbolListed':
    case 'SymbolUpdated':
    case 'AllOrdersCanceled':
    case 'MarkPriceUpdated':
    case 'FundingSettled':
    case 'FundingPaid':
    case 'Liquidated':
    case 'PositionTransferred':
    case 'AlgoOrderPlaced':
    case 'AlgoOrderTriggered':
    case 'AlgoOrderCanceled':
    case 'AlgoOrderExpired':
    case 'CancelCountdownSet':
      return view;
    default:
      return assertNever(event);
  }
}

/**
 * One account's orders in a symbol brought forward over later events of it: each event goes into the views of the
 * orders it concerns (applyToOrder; one already in a view is skipped), and an order the account placed among them
 * joins. Orders of other accounts, and orders of this one the views do not hold and the events do not place, are
 * left out.
 */
export function accountOrdersAfter(
  views: readonly OrderView[],
  events: readonly EngineEvent[],
  accountId: number,
  instrument: Instrument,
): OrderView[] {
  const symbol = instrument.spec.symbol;
  const byId = new Map(views.map((view) => [view.order.orderId, view]));
  for (const event of events)
    for (const orderId of ordersIn(event)) {
      const view = byId.get(orderId);
      const placed = event.type === 'OrderAccepted' && event.order.accountId === accountId;
      if (view === undefined && !placed) continue;
      if (view !== undefined && view.lastSeq >= event.seq) continue;
      const next = applyToOrder(view, event, symbol, instrument);
      if (next !== undefined) byId.set(orderId, next);
    }
  return [...byId.values()];
}

/** The order ids a run of events concerns. */
export function ordersIn(event: EngineEvent): readonly number[] {
  switch (event.type) {
    case 'OrderAccepted':
    case 'OrderRejected':
      return [event.order.orderId];
    case 'Trade':
      return [event.maker.orderId, event.taker.orderId];
    case 'OrderCanceled':
    case 'OrderExpired':
    case 'OrderAmended':
    case 'OrderRested':
      return [event.orderId];
    case 'CommandRejected':
    case 'SymbolListed':
    case 'SymbolUpdated':
    case 'AllOrdersCanceled':
    case 'MarkPriceUpdated':
    case 'FundingSettled':
    case 'FundingPaid':
    case 'Liquidated':
    case 'PositionTransferred':
    case 'AlgoOrderPlaced':
    case 'AlgoOrderTriggered':
    case 'AlgoOrderCanceled':
    case 'AlgoOrderExpired':
    case 'CancelCountdownSet':
      return [];
    default:
      return assertNever(event);
  }
}
