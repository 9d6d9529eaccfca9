import { jsonWithMoney } from '../../core/numbers/money';
import type { AlgoOrderView } from '../../core/projections/algoOrderView';
import type { OrderItem } from '../../core/projections/orderFold';
import type { OrderView } from '../../core/projections/orderView';

export interface OrderHistoryQuery {
  readonly fromOrderId?: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit: number;
}

/**
 * The orders read model, always read within one account: an account only ever sees its own orders.
 */
export interface OrderViews {
  get(accountId: number, symbol: string, orderId: number): Promise<OrderView | undefined>;
  /** The newest order of the account with this client order id (ids are unique among open orders only). */
  byClientOrderId(accountId: number, symbol: string, clientOrderId: string): Promise<OrderView | undefined>;
  /**
   * True if the read model shows an open order of the account with this client order id. It may trail the
   * matcher (an order placed or closed a moment ago may not show yet): a quick answer for ingress, never the
   * last word (the engine's is).
   */
  hasOpenClientOrderId(accountId: number, symbol: string, clientOrderId: string): Promise<boolean>;
  /** Open orders of the account, in one symbol or all, by symbol then order id. */
  open(accountId: number, symbol?: string): Promise<OrderView[]>;
  /**
   * The account's orders in a symbol placed within [startTime, endTime]: from `fromOrderId` up (the oldest
   * `limit`), or else the newest `limit`; answered oldest first either way.
   */
  history(accountId: number, symbol: string, query: OrderHistoryQuery): Promise<OrderView[]>;
  /**
   * The projection's write: the order's view, unless the stored one already reflects the events from `firstSeq`
   * on (a redelivered batch). false when it was held back.
   */
  put(accountId: number, view: OrderView, firstSeq: number): Promise<boolean>;
  /**
   * A batch's changed order and conditional order views at once, each in its account (`guarded`: each unless the
   * stored view is as new).
   */
  putMany(items: readonly OrderItem[], guarded: boolean): Promise<void>;

  /**
   * Conditional (algo) orders, kept beside the orders of the account but never among them: the order queries
   * above do not see them. Their ids come from the same generator as order ids, so they never collide.
   */
  getAlgo(accountId: number, symbol: string, algoId: number): Promise<AlgoOrderView | undefined>;
  /** The newest conditional order of the account with this client algo id, in the symbol or (none given) any. */
  algoByClientId(
    accountId: number,
    symbol: string | undefined,
    clientAlgoId: string,
  ): Promise<AlgoOrderView | undefined>;
  /** The account's untriggered conditional orders, in one symbol or all, by symbol then algo id. */
  openAlgo(accountId: number, symbol?: string): Promise<AlgoOrderView[]>;
  /** As history, for conditional orders (fromOrderId is an algo id). */
  algoHistory(accountId: number, symbol: string, query: OrderHistoryQuery): Promise<AlgoOrderView[]>;
  putAlgo(accountId: number, view: AlgoOrderView, firstSeq: number): Promise<boolean>;
}

/**
 * An order view as text, as stores and the request log keep it: JSON, money as decimal integer strings, read
 * back into bigint by field.
 */
export function encodeOrderView(view: OrderView): string {
  return jsonWithMoney(view);
}

export function decodeOrderView(json: string): OrderView {
  const raw = JSON.parse(json);
  return {
    ...raw,
    cumQuote: BigInt(raw.cumQuote),
    commission: BigInt(raw.commission),
    realizedPnl: BigInt(raw.realizedPnl),
  };
}

/**
 * A conditional order view as text, as the store and the request log keep it: money as a decimal integer string.
 * Views stored before FINISHED existed carry no fills and read as none.
 */
export function encodeAlgoOrderView(view: AlgoOrderView): string {
  return jsonWithMoney(view);
}

export function decodeAlgoOrderView(json: string): AlgoOrderView {
  const raw = JSON.parse(json);
  return { ...raw, executedQty: raw.executedQty ?? 0, cumQuote: BigInt(raw.cumQuote ?? 0) };
}

/** Algo ids grow with time across symbols: the newest of several conditional orders has the highest. */
export function newestAlgo(views: readonly AlgoOrderView[]): AlgoOrderView | undefined {
  return views.reduce<AlgoOrderView | undefined>(
    (newest, view) => (newest === undefined || view.order.algoId > newest.order.algoId ? view : newest),
    undefined,
  );
}

/**
 * The orders of a history query (`history`), as the stores answer it: from `fromOrderId` forward the `limit`
 * oldest, else the `limit` newest, within the times (an order's `time`), by order id. The in-memory store answers
 * with it, and the query for the orders the store does not hold yet (application/queries/orders.ts).
 */
export function ordersInHistoryRange(views: readonly OrderView[], query: OrderHistoryQuery): OrderView[] {
  const { fromOrderId, startTime, endTime, limit } = query;
  const inRange = views
    .filter(
      (v) =>
        (fromOrderId === undefined || v.order.orderId >= fromOrderId) &&
        (startTime === undefined || v.time >= startTime) &&
        (endTime === undefined || v.time <= endTime),
    )
    .sort((a, b) => a.order.orderId - b.order.orderId);
  return fromOrderId !== undefined
    ? inRange.slice(0, limit)
    : inRange.slice(Math.max(0, inRange.length - limit));
}
