import type { Instrument } from '../../core/symbol/instrument';
import { markPrice, type ValuationPrice } from '../../core/symbol/valuation';
import type { TickerView, TickerViews } from '../ports/marketData';
import type { SymbolDirectory } from '../ports/symbolDirectory';

/**
 * The prices an account's positions are valued at for available margin, and their symbols' specs: each symbol's
 * mark price, or its last trade price while it has no index price yet, from the tickers read model.
 */
export interface PositionMarks {
  readonly last: ReadonlyMap<string, ValuationPrice>;
  readonly instruments: ReadonlyMap<string, Instrument>;
}

export async function marksFor(
  ports: { readonly tickers: TickerViews; readonly symbols: SymbolDirectory },
  symbols: readonly string[],
): Promise<PositionMarks> {
  const last = new Map<string, ValuationPrice>();
  const instruments = new Map<string, Instrument>();
  await Promise.all(
    symbols.map(async (s) => {
      const [ticker, instrument] = await Promise.all([ports.tickers.get(s), ports.symbols.get(s)]);
      const valuation = valuationOf(ticker);
      if (valuation !== undefined) last.set(s, valuation);
      if (instrument !== undefined) instruments.set(s, instrument);
    }),
  );
  return { last, instruments };
}

/** The mark once the symbol has one, else its last trade price in ticks, else nothing (valued at entry). */
export function valuationOf(ticker: TickerView): ValuationPrice | undefined {
  if (ticker.markPrice !== null) return markPrice(ticker.markPrice);
  return ticker.lastPrice ?? undefined;
}
