import type { EngineEvent } from '../../core/engine/events';
import type { Rejection } from '../../core/errors';
import { Rejections } from '../../core/errors';
import { DAY_MS } from '../../core/projections/intervals';
import { accountOrdersAfter, isOpen, type OrderView } from '../../core/projections/orderView';
import type { Instrument } from '../../core/symbol/instrument';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { type OrderAnswer, shownInReadModel } from '../orderEntry/orderAnswers';
import { OrderIdGenerator } from '../orderEntry/orderIds';
import type { OrderRef } from '../orderEntry/orderRequest';
import { ordersInHistoryRange } from '../ports/orderViews';
import { withUnprojected } from '../projections/unprojected';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { historyRange } from './historyRange';

export const WEEK_MS = 7 * DAY_MS;

/**
 * GET /fapi/v1/order, WebSocket order.status: the caller's order, or -2013. Without either reference the answer is
 * `unreferenced` (REST and the WebSocket API word it differently).
 *
 * Ingress answers an order (ACK at the put, RESULT from the matcher's events) before the projector has written
 * it, so a client asking right after its own order (ccxt's createOrder then fetchOrder) may be ahead of the read
 * model. The read model's view is brought forward over the events it does not show yet (withUnprojected): an
 * order just placed, filled or canceled shows as it now stands. An ACK answer can be ahead of the matcher too: an
 * order id carries the time it was made, and one found nowhere, made less than ORDER_SHOWN_WITHIN_MS ago, is
 * waited for until that long after it was made, then -2013 (an order the engine refused after an ACK is never
 * shown: Binance records none). An id not made lately is answered at once.
 */
export async function findOrder(
  ctx: IngressContext,
  caller: Caller,
  ref: OrderRef,
  unreferenced: Rejection,
): Promise<OrderAnswer> {
  const instrument = await listedSymbol(ctx, ref.symbol);
  if (ref.orderId === undefined && ref.origClientOrderId === undefined) throw new Rejected(unreferenced);
  const [stored, tails] = await withUnprojected(ctx, [ref.symbol], () =>
    ref.orderId !== undefined
      ? ctx.orders.get(caller.accountId, ref.symbol, ref.orderId)
      : ctx.orders.byClientOrderId(caller.accountId, ref.symbol, ref.origClientOrderId!),
  );
  const now = accountOrdersAfter(
    stored ? [stored] : [],
    tails.get(ref.symbol) ?? [],
    caller.accountId,
    instrument,
  );
  let view = now
    .filter((v) =>
      ref.orderId !== undefined
        ? v.order.orderId === ref.orderId
        : v.order.clientOrderId === ref.origClientOrderId,
    )
    .reduce<OrderView | undefined>(
      (newest, v) => (newest && newest.order.orderId > v.order.orderId ? newest : v),
      undefined,
    );
  if (view === undefined && ref.orderId !== undefined)
    view = await orderMadeLately(ctx, caller, ref.symbol, ref.orderId);
  if (view === undefined) throw new Rejected(Rejections.noSuchOrder);
  return { instrument, view };
}

/**
 * GET /fapi/v1/openOrder: as GET /fapi/v1/order, for an order still open; a filled, canceled or expired one is
 * -2013, as Binance answers it.
 */
export async function findOpenOrder(
  ctx: IngressContext,
  caller: Caller,
  ref: OrderRef,
): Promise<OrderAnswer> {
  const answer = await findOrder(ctx, caller, ref, Rejections.eitherOrderReference);
  if (!isOpen(answer.view.status)) throw new Rejected(Rejections.noSuchOrder);
  return answer;
}

/**
 * How long after its id was made an order is shown by the orders read model, at the latest: on AWS the projector's
 * write trails the ACK by the two polled hops, ≈ 0.3–0.55 s p50 and about a second at p99 (docs/deploy.md, latency
 * of each hop); locally by 7–42 ms. Never longer than a RESULT order waits for the matcher.
 */
export const ORDER_SHOWN_WITHIN_MS = 2_000;

/** How far order ids may run ahead of the clock: a burst borrows milliseconds, and processes' clocks differ. */
const ID_CLOCK_LEAD_MS = 1_000;

/**
 * The caller's order by id from the read model, waited for while its id is younger than ORDER_SHOWN_WITHIN_MS
 * (see findOrder); undefined at once for an older id.
 */
async function orderMadeLately(
  ctx: IngressContext,
  caller: Caller,
  symbol: string,
  orderId: number,
): Promise<OrderView | undefined> {
  const now = ctx.clock();
  const made = OrderIdGenerator.timeOf(orderId);
  // An id from the future (mistyped, or made up) was never made: ids run at most a moment ahead of the clock.
  if (made > now + ID_CLOCK_LEAD_MS) return undefined;
  const deadline = Math.min(made, now) + Math.min(ORDER_SHOWN_WITHIN_MS, ctx.resultTimeoutMs);
  if (deadline <= now) return undefined;
  return shownInReadModel(
    ctx,
    () => ctx.orders.get(caller.accountId, symbol, orderId),
    () => true,
    deadline,
  );
}

/**
 * GET /fapi/v1/openOrders: the caller's open orders, in one symbol or all, by symbol then order id: the orders read
 * model brought forward over the events it does not show yet (withUnprojected), so an order the caller just placed
 * is there and one that just filled or was canceled is not.
 */
export async function openOrders(
  ctx: IngressContext,
  caller: Caller,
  symbol?: string,
): Promise<OrderAnswer[]> {
  if (symbol !== undefined) await listedSymbol(ctx, symbol);
  const listed = await ctx.symbols.all();
  const instruments = symbol === undefined ? listed : listed.filter((i) => i.spec.symbol === symbol);
  const [views, tails] = await withUnprojected(
    ctx,
    instruments.map((i) => i.spec.symbol),
    () => ctx.orders.open(caller.accountId, symbol),
  );
  return openOrdersNow(views, tails, caller.accountId, instruments);
}

/**
 * An account's open orders (`views`, as the read model shows them) brought forward over each symbol's tail
 * (withUnprojected): by symbol, then order id. GET /openOrders, and the account queries' open orders.
 */
export function openOrdersNow(
  views: readonly OrderView[],
  tails: ReadonlyMap<string, readonly EngineEvent[] | undefined>,
  accountId: number,
  instruments: readonly Instrument[],
): OrderAnswer[] {
  const bySymbol = [...instruments].sort((a, b) => (a.spec.symbol < b.spec.symbol ? -1 : 1));
  return bySymbol.flatMap((instrument) => {
    const inSymbol = views.filter((view) => view.symbol === instrument.spec.symbol);
    const tail = tails.get(instrument.spec.symbol);
    const now = tail === undefined ? inSymbol : accountOrdersAfter(inSymbol, tail, accountId, instrument);
    return now
      .filter((view) => isOpen(view.status))
      .sort((a, b) => a.order.orderId - b.order.orderId)
      .map((view) => ({ instrument, view }));
  });
}

export interface OrderHistoryParams {
  readonly symbol: string;
  readonly orderId?: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit?: number;
}

/**
 * GET /fapi/v1/allOrders. Binance: at most 7 days between startTime and endTime; without orderId or times, the
 * last 7 days. The read model's orders brought forward over the events it does not show yet (withUnprojected),
 * with the orders placed in them, in the same range.
 */
export async function orderHistory(
  ctx: IngressContext,
  caller: Caller,
  p: OrderHistoryParams,
): Promise<OrderAnswer[]> {
  const instrument = await listedSymbol(ctx, p.symbol);
  const rules = { defaultLimit: 500, maxSpanMs: WEEK_MS, defaultLookbackMs: WEEK_MS, fromIdWithTime: true };
  const range = historyRange({ ...p, fromId: p.orderId }, rules, ctx.clock());
  const query = {
    fromOrderId: range.fromId,
    startTime: range.startTime,
    endTime: range.endTime,
    limit: range.limit,
  };
  const [stored, tails] = await withUnprojected(ctx, [p.symbol], () =>
    ctx.orders.history(caller.accountId, p.symbol, query),
  );
  const tail = tails.get(p.symbol);
  if (tail === undefined || tail.length === 0) return stored.map((view) => ({ instrument, view }));
  // The store's range again over what it holds and the tail adds: forward from an order id, else the newest
  // (Binance: "otherwise most recent orders").
  const now = accountOrdersAfter(stored, tail, caller.accountId, instrument);
  return ordersInHistoryRange(now, query).map((view) => ({ instrument, view }));
}
