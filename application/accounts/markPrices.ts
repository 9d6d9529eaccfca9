import type { Instrument } from '../../core/symbol/instrument';
import type { TickerViews } from '../ports/marketData';
import type { SymbolDirectory } from '../ports/symbolDirectory';

/**
 * The prices an account's positions are valued at for available margin, and their symbols' specs: the last
 * trade price of each symbol (the mark price until mark prices exist), from the tickers read model.
 */
export interface PositionMarks {
  readonly last: ReadonlyMap<string, number>;
  readonly instruments: ReadonlyMap<string, Instrument>;
}

export async function marksFor(
  ports: { readonly tickers: TickerViews; readonly symbols: SymbolDirectory },
  symbols: readonly string[],
): Promise<PositionMarks> {
  const last = new Map<string, number>();
  const instruments = new Map<string, Instrument>();
  await Promise.all(
    symbols.map(async (s) => {
      const [ticker, instrument] = await Promise.all([ports.tickers.get(s), ports.symbols.get(s)]);
      if (ticker.lastPrice !== null) last.set(s, ticker.lastPrice);
      if (instrument !== undefined) instruments.set(s, instrument);
    }),
  );
  return { last, instruments };
}
