import type { EngineEvent } from '../engine/events';
import { type AlgoOrderView, algoOrderOf, applyToAlgoOrder, followActualOrder } from './algoOrderView';
import { applyToOrder, isOpen, type OrderView, ordersIn } from './orderView';
import type { ReadModelFold } from './readModelFold';

/**
 * The orders a fold knows, by id: a view, or null where the store holds none (an order never accepted here, or
 * one whose first events came before a rebuild's starting point). Conditional (algo) orders beside them.
 */
export interface OrderState {
  readonly orders: ReadonlyMap<number, OrderView | null>;
  readonly algos: ReadonlyMap<number, AlgoOrderView | null>;
  /**
   * Orders a conditional order has just become (AlgoOrderTriggered), by order id, with its algo id: the order's
   * acceptance (or refusal), the next event, takes the algo id into its view and the entry goes.
   */
  readonly triggered: ReadonlyMap<number, number>;
}

/** An order view or a conditional order view: the orders model's items (one table, two kinds). */
export type OrderItem =
  | { readonly kind: 'order'; readonly view: OrderView }
  | { readonly kind: 'algo'; readonly view: AlgoOrderView };

export const NO_ORDERS: OrderState = { orders: new Map(), algos: new Map(), triggered: new Map() };

/** Open orders kept in memory per symbol at most; beyond, the oldest are read again when an event needs them. */
export const RETAINED_OPEN_ORDERS = 20_000;

/**
 * Orders by account as a fold: each event goes into the view of every order it concerns (applyToOrder). An event
 * at or below a view's lastSeq is in it already; an order that has no view and is not accepted by this event is
 * one the store never saw accepted, and is left alone. Rejected orders are folded but never written (Binance
 * records no order for them).
 */
export const orderFold: ReadModelFold<OrderState, OrderItem> = {
  initial: NO_ORDERS,
  evolve: (state, event, instrument) => orderFold.evolveAll!(state, [event], instrument),
  evolveAll(state, events, instrument) {
    const symbol = instrument.spec.symbol;
    let orders: Map<number, OrderView | null> | undefined;
    let algos: Map<number, AlgoOrderView | null> | undefined;
    let triggered: Map<number, number> | undefined;
    for (const event of events) {
      for (const orderId of ordersIn(event)) {
        const view = (orders ?? state.orders).get(orderId) ?? undefined;
        const accepting = event.type === 'OrderAccepted' || event.type === 'OrderRejected';
        if (view === undefined && !accepting) continue;
        let current = view;
        if (view === undefined || view.lastSeq < event.seq) {
          let next = applyToOrder(view, event, symbol, instrument);
          if (next === undefined) continue;
          const algoId = accepting ? (triggered ?? state.triggered).get(orderId) : undefined;
          if (algoId !== undefined) {
            next = { ...next, algoId };
            triggered ??= new Map(state.triggered);
            triggered.delete(orderId);
          }
          if (next !== view) {
            orders ??= new Map(state.orders);
            orders.set(orderId, next);
          }
          current = next;
        }
        // The conditional order it was triggered from follows it (FINISHED or REJECTED when it ends); also when
        // the order's view holds the event already: a batch written half (the order, not yet its conditional order)
        // and delivered again still finishes it.
        const from = current?.algoId === undefined ? undefined : (algos ?? state.algos).get(current.algoId);
        if (from != null) {
          const reason = event.type === 'OrderRejected' ? event.reason : undefined;
          const followed = followActualOrder(from, current!, reason);
          if (followed !== from) {
            algos ??= new Map(state.algos);
            algos.set(followed.order.algoId, followed);
          }
        }
      }
      if (event.type === 'AlgoOrderTriggered') {
        triggered ??= new Map(state.triggered);
        triggered.set(event.orderId, event.algoId);
      }
      const algo = algoOrderOf(event);
      if (algo !== undefined) {
        const view = (algos ?? state.algos).get(algo.algoId) ?? undefined;
        if (view === undefined && event.type !== 'AlgoOrderPlaced') continue;
        if (view !== undefined && view.lastSeq >= event.seq) continue;
        const next = applyToAlgoOrder(view, event, symbol);
        if (next === undefined || next === view) continue;
        algos ??= new Map(state.algos);
        algos.set(algo.algoId, next);
      }
    }
    if (orders === undefined && algos === undefined && triggered === undefined) return state;
    return {
      orders: orders ?? state.orders,
      algos: algos ?? state.algos,
      triggered: triggered ?? state.triggered,
    };
  },
  changes(before, after) {
    const items: OrderItem[] = [];
    for (const [id, view] of after.orders)
      if (view !== null && view !== before.orders.get(id) && view.status !== 'REJECTED')
        items.push({ kind: 'order', view });
    for (const [id, view] of after.algos)
      if (view !== null && view !== before.algos.get(id)) items.push({ kind: 'algo', view });
    return items;
  },
  retain(state) {
    const open = [...state.orders].filter(
      (entry): entry is [number, OrderView] => entry[1] !== null && isOpen(entry[1].status),
    );
    const orders = new Map(open.slice(Math.max(0, open.length - RETAINED_OPEN_ORDERS)));
    // Waiting conditional orders, and triggered ones whose order is kept (it ends them: FINISHED) or not yet
    // accepted (a command's events cut between two batches right after the trigger).
    const waiting = (view: AlgoOrderView | null) =>
      view?.status === 'NEW' ||
      (view?.status === 'TRIGGERED' &&
        view.actualOrderId !== null &&
        (orders.has(view.actualOrderId) || state.triggered.has(view.actualOrderId)));
    return {
      orders,
      algos: new Map([...state.algos].filter((entry): entry is [number, AlgoOrderView] => waiting(entry[1]))),
      triggered: state.triggered,
    };
  },
};

/**
 * The orders (and conditional orders) a batch concerns that the state does not know and that the batch does not
 * create: the views to read before folding it, with their accounts.
 */
export function ordersToLoad(
  state: OrderState,
  events: readonly EngineEvent[],
): { orders: Map<number, number>; algos: Map<number, number> } {
  const orders = new Map<number, number>();
  const algos = new Map<number, number>();
  const created = new Set<number>();
  for (const event of events) {
    if (event.type === 'OrderAccepted' || event.type === 'OrderRejected') created.add(event.order.orderId);
    if (event.type === 'AlgoOrderPlaced') created.add(event.algoOrder.algoId);
    for (const orderId of ordersIn(event)) {
      if (created.has(orderId) || state.orders.has(orderId) || orders.has(orderId)) continue;
      const accountId = accountOf(event, orderId);
      if (accountId !== undefined) orders.set(orderId, accountId);
    }
    const algo = algoOrderOf(event);
    if (algo !== undefined && !created.has(algo.algoId) && !state.algos.has(algo.algoId))
      algos.set(algo.algoId, algo.accountId);
  }
  return { orders, algos };
}

function accountOf(event: EngineEvent, orderId: number): number | undefined {
  switch (event.type) {
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
