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
      Promise.all([...missing.orders].map(([id, account]) => orders.get(account, symbol, id))),
      Promise.all([...missing.algos].map(([id, account]) => orders.getAlgo(account, symbol, id))),
    ]);
    const ids = [...missing.orders.keys()];
    const algoIds = [...missing.algos.keys()];
    return {
      orders: new Map([...state.orders, ...ids.map((id, i) => [id, views[i] ?? null] as const)]),
      algos: new Map([...state.algos, ...algoIds.map((id, i) => [id, algoViews[i] ?? null] as const)]),
    };
  };
  return {
    load: (symbol, events) => fill(symbol, NO_ORDERS, events),
    fill,
    write: (_symbol, items, guarded) => orders.putMany(items, guarded),
  };
}

/**
 * Orders by account (GET /order, /openOrders, /allOrders; cancel and amend answers) and conditional orders
 * beside them: the order fold (core/projections/orderFold.ts) on the runner.
 */
export function ordersModel(orders: OrderViews): ReadModel {
  return foldedModel('orders', new FoldRunner(orderFold, orderStore(orders)));
}
