import type { Rejection } from '../../core/errors';
import { Rejections } from '../../core/errors';
import { DAY_MS } from '../../core/projections/intervals';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import type { OrderAnswer } from '../orderEntry/orderAnswers';
import type { OrderRef } from '../orderEntry/orderRequest';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { historyRange } from './historyRange';

export const WEEK_MS = 7 * DAY_MS;

/**
 * GET /fapi/v1/order, WebSocket order.status: the caller's order from the orders read model, or -2013. Without
 * either reference the answer is `unreferenced` (REST and the WebSocket API word it differently).
 */
export async function findOrder(
  ctx: IngressContext,
  caller: Caller,
  ref: OrderRef,
  unreferenced: Rejection,
): Promise<OrderAnswer> {
  const instrument = await listedSymbol(ctx, ref.symbol);
  if (ref.orderId === undefined && ref.origClientOrderId === undefined) throw new Rejected(unreferenced);
  const view =
    ref.orderId !== undefined
      ? await ctx.orders.get(caller.accountId, ref.symbol, ref.orderId)
      : await ctx.orders.byClientOrderId(caller.accountId, ref.symbol, ref.origClientOrderId!);
  if (view === undefined) throw new Rejected(Rejections.noSuchOrder);
  return { instrument, view };
}

/** GET /fapi/v1/openOrders: the caller's open orders, in one symbol or all. */
export async function openOrders(
  ctx: IngressContext,
  caller: Caller,
  symbol?: string,
): Promise<OrderAnswer[]> {
  if (symbol !== undefined) await listedSymbol(ctx, symbol);
  const views = await ctx.orders.open(caller.accountId, symbol);
  const instruments = new Map((await ctx.symbols.all()).map((i) => [i.spec.symbol, i]));
  return views.flatMap((view) => {
    const instrument = instruments.get(view.symbol);
    return instrument === undefined ? [] : [{ instrument, view }];
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
 * last 7 days.
 */
export async function orderHistory(
  ctx: IngressContext,
  caller: Caller,
  p: OrderHistoryParams,
): Promise<OrderAnswer[]> {
  const instrument = await listedSymbol(ctx, p.symbol);
  const rules = { defaultLimit: 500, maxSpanMs: WEEK_MS, defaultLookbackMs: WEEK_MS, fromIdWithTime: true };
  const range = historyRange({ ...p, fromId: p.orderId }, rules, ctx.clock());
  const views = await ctx.orders.history(caller.accountId, p.symbol, {
    fromOrderId: range.fromId,
    startTime: range.startTime,
    endTime: range.endTime,
    limit: range.limit,
  });
  return views.map((view) => ({ instrument, view }));
}
