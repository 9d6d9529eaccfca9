import type { EngineEvent } from '../../core/engine/events';
import { type AlgoOrderView, algoOrderOf, applyToAlgoOrder } from '../../core/projections/algoOrderView';
import { applyToOrder, type OrderView, ordersIn } from '../../core/projections/orderView';
import type { Instrument } from '../../core/symbol/instrument';
import type { OrderViews } from '../ports/orderViews';
import type { ReadModel } from './readModel';

/**
 * Orders by account (GET /order, /openOrders, /allOrders; cancel and amend answers). For every order a batch
 * touches, its view is folded from the events and written once, conditional on the stored view being older than
 * those events: a redelivered batch finds its writes already made. Rejected orders are not kept: Binance records
 * no order for them. Conditional (algo) orders are kept here too, beside the orders (OrderViews.putAlgo).
 */
export function ordersModel(orders: OrderViews): ReadModel {
  return {
    name: 'orders',
    async apply(batch, { instrument }) {
      const touched = new Map<number, EngineEvent[]>();
      for (const event of batch.events) {
        for (const orderId of ordersIn(event)) touched.set(orderId, [...(touched.get(orderId) ?? []), event]);
      }
      for (const [orderId, events] of touched) {
        await projectOrder(orders, batch.symbol, instrument, orderId, events);
      }
      await projectAlgoOrders(orders, batch.symbol, batch.events);
    },
  };
}

async function projectOrder(
  orders: OrderViews,
  symbol: string,
  instrument: Instrument,
  orderId: number,
  events: readonly EngineEvent[],
): Promise<void> {
  const first = events[0]!;
  const accountId = events.map((e) => accountOf(e, orderId)).find((a) => a !== undefined);
  if (accountId === undefined) return;
  let view: OrderView | undefined;
  if (first.type !== 'OrderAccepted' && first.type !== 'OrderRejected') {
    view = await orders.get(accountId, symbol, orderId);
    if (view === undefined) return; // an order the model never saw accepted (rebuild from a later point)
    if (view.lastSeq >= first.seq) return; // applied before
  }
  for (const event of events) view = applyToOrder(view, event, symbol, instrument);
  if (view === undefined || view.status === 'REJECTED') return;
  await orders.put(accountId, view, first.seq);
}

/** Conditional orders, folded the same way (a placement the engine refused leaves no record). */
async function projectAlgoOrders(
  orders: OrderViews,
  symbol: string,
  events: readonly EngineEvent[],
): Promise<void> {
  const touched = new Map<number, { accountId: number; events: EngineEvent[] }>();
  for (const event of events) {
    const ref = algoOrderOf(event);
    if (ref === undefined) continue;
    const entry = touched.get(ref.algoId) ?? { accountId: ref.accountId, events: [] };
    entry.events.push(event);
    touched.set(ref.algoId, entry);
  }
  for (const [algoId, { accountId, events: its }] of touched) {
    const first = its[0]!;
    let view: AlgoOrderView | undefined;
    if (first.type !== 'AlgoOrderPlaced') {
      view = await orders.getAlgo(accountId, symbol, algoId);
      if (view === undefined || view.lastSeq >= first.seq) continue;
    }
    for (const event of its) view = applyToAlgoOrder(view, event, symbol);
    if (view !== undefined) await orders.putAlgo(accountId, view, first.seq);
  }
}

function accountOf(event: EngineEvent, orderId: number): number | undefined {
  switch (event.type) {
    case 'OrderAccepted':
    case 'OrderRejected':
      return event.order.accountId;
    case 'Trade':
      return event.maker.orderId === orderId ? event.maker.accountId : event.taker.accountId;
    case 'OrderCanceled':
    case 'OrderExpired':
    case 'OrderAmended':
    case 'OrderRested':
      return event.accountId;
    default:
      return undefined;
  }
}
