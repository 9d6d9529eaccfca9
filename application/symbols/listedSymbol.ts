import { Rejections } from '../../core/errors';
import type { Instrument } from '../../core/symbol/instrument';
import type { SymbolDirectory } from '../ports/symbolDirectory';
import { Rejected } from '../rejected';

/** The symbol's compiled spec, or -1121 for a symbol that is not listed. */
export async function listedSymbol(
  ctx: { readonly symbols: SymbolDirectory },
  symbol: string,
): Promise<Instrument> {
  const instrument = await ctx.symbols.get(symbol);
  if (instrument === undefined) throw new Rejected(Rejections.invalidSymbol);
  return instrument;
}
