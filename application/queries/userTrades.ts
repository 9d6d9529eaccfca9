import { fillsInRange, type UserTrade, userTradesOf } from '../../core/projections/userTrades';
import type { Instrument } from '../../core/symbol/instrument';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { withUnprojected } from '../projections/unprojected';
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
 * startTime and endTime; by default the last 7 days. The read model's fills with those in the events it does not
 * show yet (withUnprojected): a fill answered a moment ago is there.
 */
export async function userTradeHistory(
  ctx: IngressContext,
  caller: Caller,
  p: UserTradeParams,
): Promise<{ readonly instrument: Instrument; readonly fills: UserTrade[] }> {
  const instrument = await listedSymbol(ctx, p.symbol);
  const rules = { defaultLimit: 500, maxSpanMs: WEEK_MS, defaultLookbackMs: WEEK_MS, fromIdWithTime: false };
  const asked = { ...historyRange(p, rules, ctx.clock()), orderId: p.orderId };
  const [stored, tails] = await withUnprojected(ctx, [p.symbol], async () => {
    // The 1m candles narrow a time range to trade ids; they are a read model too, so the tail is filtered by time.
    const range = await withTradeIds(ctx.klines, p.symbol, asked);
    return range === 'none'
      ? []
      : ctx.userTrades.range(caller.accountId, p.symbol, { ...range, orderId: p.orderId });
  });
  const tail = tails.get(p.symbol);
  if (tail === undefined || tail.length === 0) return { instrument, fills: stored };
  const held = new Set(stored.map(fillKey));
  const later = userTradesOf(tail, p.symbol, instrument).filter(
    (f) => f.accountId === caller.accountId && !held.has(fillKey(f)),
  );
  return { instrument, fills: fillsInRange([...stored, ...later], asked) };
}

const fillKey = (f: UserTrade) => `${f.id}#${f.maker ? 'M' : 'T'}`;
