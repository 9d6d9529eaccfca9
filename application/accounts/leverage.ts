import { setLeverage } from '../../core/accounts/decideAccount';
import { Rejections } from '../../core/errors';
import { maxNotionalValue } from '../../core/projections/riskBracket';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { UnknownAccount } from '../ports/accountStore';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { marksFor } from './markPrices';

/**
 * POST /fapi/v1/leverage: the caller's leverage in a symbol, at most the symbol's maximum (-4028 beyond); the
 * position must fit the new leverage's notional cap (-2027), and a lower leverage must leave enough margin for
 * the position and the symbol's open orders (-2028), valued as available margin values them.
 */
export async function changeLeverage(
  ctx: IngressContext,
  caller: Caller,
  symbol: string,
  leverage: number,
): Promise<{ readonly leverage: number; readonly maxNotionalValue: string }> {
  const instrument = await listedSymbol(ctx, symbol);
  const max = instrument.spec.maxLeverage;
  const current = await ctx.accounts.load(caller.accountId);
  const marks = await marksFor(ctx, [...new Set([symbol, ...Object.keys(current?.positions ?? {})])]);
  const risk = {
    instruments: { get: (s: string) => marks.instruments.get(s) ?? (s === symbol ? instrument : undefined) },
    markPriceOf: (s: string) => marks.last.get(s),
  };
  const outcome = await ctx.accounts
    .decide(caller.accountId, (state) => setLeverage(state, symbol, leverage, max, risk))
    .catch((error) => {
      if (error instanceof UnknownAccount) throw new Rejected(Rejections.rejectedMbxKey);
      throw error;
    });
  if (!outcome.ok) throw new Rejected(outcome.rejection);
  return { leverage, maxNotionalValue: maxNotionalValue(instrument, leverage) };
}
