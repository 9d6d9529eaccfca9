import type { UserTrade } from '../../core/projections/userTrades';
import type { Instrument } from '../../core/symbol/instrument';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { listedSymbol } from '../symbols/listedSymbol';
import { historyRange, withTradeIds } from './historyRange';
import { WEEK_MS } from './orders';

export interface UserTradeParams {
  readonly symbol: string;
  readonly orderId?: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly fromId?: number;
  readonly limit?: number;
}

/**
 * GET /fapi/v1/userTrades: the caller's fills in a symbol. Binance: fromId goes alone; at most 7 days between
 * startTime and endTime; by default the last 7 days.
 */
export async function userTradeHistory(
  ctx: IngressContext,
  caller: Caller,
  p: UserTradeParams,
): Promise<{ readonly instrument: Instrument; readonly fills: UserTrade[] }> {
  const instrument = await listedSymbol(ctx, p.symbol);
  const rules = { defaultLimit: 500, maxSpanMs: WEEK_MS, defaultLookbackMs: WEEK_MS, fromIdWithTime: false };
  const range = await withTradeIds(ctx.klines, p.symbol, historyRange(p, rules, ctx.clock()));
  if (range === 'none') return { instrument, fills: [] };
  const fills = await ctx.userTrades.range(caller.accountId, p.symbol, { ...range, orderId: p.orderId });
  return { instrument, fills };
}
