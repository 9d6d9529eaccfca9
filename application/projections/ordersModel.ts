import type { EngineEvent } from '../../core/engine/events';
import {
  NO_ORDERS,
  type OrderItem,
  type OrderState,
  orderFold,
  ordersToLoad,
} from '../../core/projections/orderFold';
import type { OrderViews } from '../ports/orderViews';
import { foldedModel } from './foldedModel';
import { FoldRunner, type FoldStore } from './foldRunner';
import type { ReadModel } from './readModel';

/**
 * The orders table as the order fold's store: before a batch, the views of the orders it touches that the kept
 * state lacks (makers resting since before this process's memory) are read, each once; the batch's changed views
 * are written together.
 */
export function orderStore(orders: OrderViews): FoldStore<OrderState, OrderItem> {
  const fill = async (symbol: string, state: OrderState, events: readonly EngineEvent[]) => {
    const missing = ordersToLoad(state, events);
    if (missing.orders.size === 0 && missing.algos.size === 0) return state;
    const [views, algoViews] = await Promise.all([
      readAll(missing.orders, (id, account) => orders.get(account, symbol, id)),
      readAll(missing.algos, (id, account) => orders.getAlgo(account, symbol, id)),
    ]);
    // An order a conditional order became ends it (FINISHED): its conditional order is read with it.
    const followed = new Map<number, number>();
    for (const view of views.values())
      if (view?.algoId !== undefined && !state.algos.has(view.algoId) && !algoViews.has(view.algoId))
        followed.set(view.algoId, view.order.accountId);
    const followedViews = await readAll(followed, (id, account) => orders.getAlgo(account, symbol, id));
    return {
      orders: new Map([...state.orders, ...views]),
      algos: new Map([...state.algos, ...algoViews, ...followedViews]),
      triggered: state.triggered,
    };
  };
  return {
    load: (symbol, events) => fill(symbol, NO_ORDERS, events),
    fill,
    write: (_symbol, items, guarded) => orders.putMany(items, guarded),
  };
}

/** Reads each id (with its account) once, in parallel: the view, or null where the store has none. */
async function readAll<V>(
  ids: ReadonlyMap<number, number>,
  read: (id: number, account: number) => Promise<V | undefined>,
): Promise<Map<number, V | null>> {
  const entries = [...ids];
  const views = await Promise.all(entries.map(([id, account]) => read(id, account)));
  return new Map(entries.map(([id], i) => [id, views[i] ?? null]));
}

/**
 * Orders by account (GET /order, /openOrders, /allOrders; cancel and amend answers) and conditional orders
 * beside them: the order fold (core/projections/orderFold.ts) on the runner.
 */
export function ordersModel(orders: OrderViews): ReadModel {
  return foldedModel('orders', new FoldRunner(orderFold, orderStore(orders)));
}
