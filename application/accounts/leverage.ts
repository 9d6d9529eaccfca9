import { setLeverage } from '../../core/accounts/decideAccount';
import { Rejections } from '../../core/errors';
import { maxNotionalValue } from '../../core/projections/riskBracket';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { UnknownAccount } from '../ports/accountStore';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';

/** POST /fapi/v1/leverage: the caller's leverage in a symbol, at most the symbol's maximum (-4028 beyond). */
export async function changeLeverage(
  ctx: IngressContext,
  caller: Caller,
  symbol: string,
  leverage: number,
): Promise<{ readonly leverage: number; readonly maxNotionalValue: string }> {
  const instrument = await listedSymbol(ctx, symbol);
  const max = instrument.spec.maxLeverage;
  const outcome = await ctx.accounts
    .decide(caller.accountId, (state) => setLeverage(state, symbol, leverage, max))
    .catch((error) => {
      if (error instanceof UnknownAccount) throw new Rejected(Rejections.rejectedMbxKey);
      throw error;
    });
  if (!outcome.ok) throw new Rejected(outcome.rejection);
  return { leverage, maxNotionalValue: maxNotionalValue(instrument, leverage) };
}
