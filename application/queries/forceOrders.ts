import { LIQUIDATION_CLIENT_ORDER_PREFIX } from '../../core/engine/liquidate';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import type { OrderAnswer } from '../orderEntry/orderAnswers';
import { listedSymbol } from '../symbols/listedSymbol';

export interface ForceOrdersParams {
  readonly symbol?: string;
  readonly autoCloseType?: 'LIQUIDATION' | 'ADL';
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit?: number;
}

/** How far back the orders of one symbol are searched for liquidation orders, at most. */
const SCAN = 1_000;

/**
 * GET /fapi/v1/forceOrders: the caller's liquidation orders (client id `autoclose-…`), newest first, from the orders
 * read model. An ADL has no order in shardex (it is a PositionTransferred, see docs/futures.md), so
 * autoCloseType=ADL finds none. Binance's default limit is 50, its maximum 100.
 */
export async function forceOrders(
  ctx: IngressContext,
  caller: Caller,
  p: ForceOrdersParams,
): Promise<OrderAnswer[]> {
  if (p.autoCloseType === 'ADL') return [];
  const instruments = p.symbol === undefined ? await ctx.symbols.all() : [await listedSymbol(ctx, p.symbol)];
  const found: OrderAnswer[] = [];
  for (const instrument of instruments) {
    const views = await ctx.orders.history(caller.accountId, instrument.spec.symbol, {
      startTime: p.startTime,
      endTime: p.endTime,
      limit: SCAN,
    });
    for (const view of views)
      if (view.order.clientOrderId.startsWith(LIQUIDATION_CLIENT_ORDER_PREFIX))
        found.push({ instrument, view });
  }
  found.sort((a, b) => b.view.order.orderId - a.view.order.orderId);
  return found.slice(0, p.limit ?? 50);
}
