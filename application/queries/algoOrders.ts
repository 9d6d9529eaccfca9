import { Rejections } from '../../core/errors';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import {
  type AlgoOrderAnswer,
  type AlgoOrderReference,
  algoOrderByReference,
} from '../orderEntry/submitAlgoOrder';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { historyRange } from './historyRange';
import { WEEK_MS } from './orders';

/** GET /fapi/v1/algoOrder: the caller's conditional order by algo id or client algo id, or -2013. */
export async function findAlgoOrder(
  ctx: IngressContext,
  caller: Caller,
  ref: AlgoOrderReference,
): Promise<AlgoOrderAnswer> {
  if (ref.symbol !== undefined) await listedSymbol(ctx, ref.symbol);
  const view = await algoOrderByReference(ctx, caller, ref);
  if (view === undefined) throw new Rejected(Rejections.noSuchOrder);
  return { instrument: await listedSymbol(ctx, view.symbol), view };
}

/**
 * GET /fapi/v1/openAlgoOrders: the caller's untriggered conditional orders, in one symbol or all; with `algoId`,
 * only that one (none if it no longer waits).
 */
export async function openAlgoOrders(
  ctx: IngressContext,
  caller: Caller,
  symbol?: string,
  algoId?: number,
): Promise<AlgoOrderAnswer[]> {
  if (symbol !== undefined) await listedSymbol(ctx, symbol);
  const views = (await ctx.orders.openAlgo(caller.accountId, symbol)).filter(
    (view) => algoId === undefined || view.order.algoId === algoId,
  );
  const instruments = new Map((await ctx.symbols.all()).map((i) => [i.spec.symbol, i]));
  return views.flatMap((view) => {
    const instrument = instruments.get(view.symbol);
    return instrument === undefined ? [] : [{ instrument, view }];
  });
}

/**
 * GET /fapi/v1/allAlgoOrders: as allOrders (7 days at most, the last 7 without times), by algo id; `limit` (default
 * 500, at most 1000) per `page` (from 1): pages run forward from `algoId`, else back from the newest (in the times).
 */
export async function algoOrderHistory(
  ctx: IngressContext,
  caller: Caller,
  p: { symbol: string; algoId?: number; startTime?: number; endTime?: number; page?: number; limit?: number },
): Promise<AlgoOrderAnswer[]> {
  const instrument = await listedSymbol(ctx, p.symbol);
  const rules = { defaultLimit: 500, maxSpanMs: WEEK_MS, defaultLookbackMs: WEEK_MS, fromIdWithTime: true };
  const range = historyRange({ ...p, fromId: p.algoId }, rules, ctx.clock());
  const page = p.page ?? 1;
  const views = await ctx.orders.algoHistory(caller.accountId, p.symbol, {
    fromOrderId: range.fromId,
    startTime: range.startTime,
    endTime: range.endTime,
    limit: range.limit * page,
  });
  const skipped = (page - 1) * range.limit;
  const end = Math.max(0, views.length - skipped);
  // The store reads forward from an algo id only; without one (times or none) it reads back from the newest.
  const onPage =
    range.fromId === undefined
      ? views.slice(Math.max(0, end - range.limit), end)
      : views.slice(skipped, skipped + range.limit);
  return onPage.map((view) => ({ instrument, view }));
}
