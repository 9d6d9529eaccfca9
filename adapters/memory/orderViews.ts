import {
  newestAlgo,
  type OrderHistoryQuery,
  type OrderViews,
  ordersInHistoryRange,
} from '../../application/ports/orderViews';
import type { AlgoOrderView } from '../../core/projections/algoOrderView';
import type { OrderItem } from '../../core/projections/orderFold';
import { isOpen, type OrderView } from '../../core/projections/orderView';
import { putUnlessApplied } from './putUnlessApplied';

/** The order key the DynamoDB table sorts an account's orders by: symbol, then the 16-digit order id. */
const orderKey = (symbol: string, orderId: number) => `${symbol}#${String(orderId).padStart(16, '0')}`;

interface Stored {
  readonly accountId: number;
  readonly key: string;
  readonly view: OrderView;
}

/** The orders read model in memory, answering each query as the DynamoDB table and its indexes do. */
export class MemoryOrderViews implements OrderViews {
  private readonly orders = new Map<string, Stored>();
  private readonly algoOrders = new Map<string, { accountId: number; key: string; view: AlgoOrderView }>();

  async getAlgo(accountId: number, symbol: string, algoId: number): Promise<AlgoOrderView | undefined> {
    return structuredClone(this.algoOrders.get(`${accountId}/${orderKey(symbol, algoId)}`)?.view);
  }

  async algoByClientId(accountId: number, symbol: string | undefined, clientAlgoId: string) {
    const matching = this.algoOfAccount(accountId).filter(
      (a) => (symbol === undefined || a.view.symbol === symbol) && a.view.order.clientAlgoId === clientAlgoId,
    );
    return structuredClone(newestAlgo(matching.map((a) => a.view)));
  }

  async openAlgo(accountId: number, symbol?: string): Promise<AlgoOrderView[]> {
    return this.algoOfAccount(accountId)
      .filter((a) => a.view.status === 'NEW' && (symbol === undefined || a.view.symbol === symbol))
      .map((a) => structuredClone(a.view));
  }

  async algoHistory(accountId: number, symbol: string, query: OrderHistoryQuery): Promise<AlgoOrderView[]> {
    const { fromOrderId, startTime, endTime, limit } = query;
    const from = orderKey(symbol, fromOrderId ?? 0);
    const inRange = this.algoOfAccount(accountId).filter(
      (a) =>
        a.key >= from &&
        a.key <= `${symbol}#~` &&
        (startTime === undefined || a.view.createTime >= startTime) &&
        (endTime === undefined || a.view.createTime <= endTime),
    );
    const taken = fromOrderId !== undefined ? inRange.slice(0, limit) : inRange.slice(-limit);
    return taken.map((a) => structuredClone(a.view));
  }

  async putAlgo(accountId: number, view: AlgoOrderView, firstSeq: number): Promise<boolean> {
    const key = orderKey(view.symbol, view.order.algoId);
    return putUnlessApplied(
      this.algoOrders,
      `${accountId}/${key}`,
      { accountId, key, view },
      firstSeq,
      (a) => a.view.lastSeq,
    );
  }

  private algoOfAccount(accountId: number) {
    return [...this.algoOrders.values()]
      .filter((a) => a.accountId === accountId)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async get(accountId: number, symbol: string, orderId: number): Promise<OrderView | undefined> {
    return copy(this.orders.get(`${accountId}/${orderKey(symbol, orderId)}`)?.view);
  }

  async byClientOrderId(accountId: number, symbol: string, clientOrderId: string) {
    return copy(this.newestWithClientOrderId(accountId, symbol, clientOrderId)?.view);
  }

  async hasOpenClientOrderId(accountId: number, symbol: string, clientOrderId: string): Promise<boolean> {
    const newest = this.newestWithClientOrderId(accountId, symbol, clientOrderId);
    return newest !== undefined && isOpen(newest.view.status);
  }

  async open(accountId: number, symbol?: string): Promise<OrderView[]> {
    return this.ofAccount(accountId)
      .filter((o) => isOpen(o.view.status) && (symbol === undefined || o.key.startsWith(`${symbol}#`)))
      .map((o) => copy(o.view)!);
  }

  async history(accountId: number, symbol: string, query: OrderHistoryQuery): Promise<OrderView[]> {
    const ofSymbol = this.ofAccount(accountId).filter((o) => o.key.startsWith(`${symbol}#`));
    return ordersInHistoryRange(
      ofSymbol.map((o) => o.view),
      query,
    ).map((view) => copy(view)!);
  }

  async putMany(items: readonly OrderItem[], guarded: boolean): Promise<void> {
    // Unguarded: written whatever is stored (the runner vouches for the order of batches).
    for (const item of items) {
      const firstSeq = guarded ? item.view.lastSeq : Number.POSITIVE_INFINITY;
      if (item.kind === 'order') await this.put(item.view.order.accountId, item.view, firstSeq);
      else await this.putAlgo(item.view.order.accountId, item.view, firstSeq);
    }
  }

  async put(accountId: number, view: OrderView, firstSeq: number): Promise<boolean> {
    const key = orderKey(view.symbol, view.order.orderId);
    return putUnlessApplied(
      this.orders,
      `${accountId}/${key}`,
      { accountId, key, view },
      firstSeq,
      (o) => o.view.lastSeq,
    );
  }

  /** Drops the orders of one symbol, or all; returns how many. */
  drop(symbol?: string): number {
    let dropped = 0;
    for (const [id, stored] of this.algoOrders) {
      if (symbol !== undefined && stored.view.symbol !== symbol) continue;
      this.algoOrders.delete(id);
      dropped++;
    }
    for (const [id, stored] of this.orders) {
      if (symbol !== undefined && stored.view.symbol !== symbol) continue;
      this.orders.delete(id);
      dropped++;
    }
    return dropped;
  }

  private ofAccount(accountId: number): Stored[] {
    return [...this.orders.values()]
      .filter((o) => o.accountId === accountId)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Client order ids are unique among open orders: only the newest order with the id can still be open. */
  private newestWithClientOrderId(
    accountId: number,
    symbol: string,
    clientOrderId: string,
  ): Stored | undefined {
    let newest: Stored | undefined;
    for (const o of this.orders.values()) {
      if (
        o.accountId !== accountId ||
        o.view.symbol !== symbol ||
        o.view.order.clientOrderId !== clientOrderId
      )
        continue;
      if (newest === undefined || o.view.order.orderId > newest.view.order.orderId) newest = o;
    }
    return newest;
  }
}

function copy(view: OrderView | undefined): OrderView | undefined {
  return view === undefined ? undefined : structuredClone(view);
}
