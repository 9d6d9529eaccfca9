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
  ports: { readonly tickers: Pick<TickerViews, 'get'>; readonly symbols: SymbolDirectory },
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

/**
 * The tickers as pre-trade margin values positions: each symbol's ticker kept for `ttlMs` per process, so an order
 * from an account with positions does not read the tickers table once per position symbol. Stale for at most
 * `ttlMs` on top of the read model's own lag behind the matcher (the same kind of staleness): an order's margin may
 * value a position at a mark up to that much older. Withdrawals read the tickers themselves.
 */
export function recentTickers(
  tickers: Pick<TickerViews, 'get'>,
  ttlMs: number,
  clock: () => number,
): Pick<TickerViews, 'get'> {
  const kept = new Map<string, { view: Promise<TickerView>; until: number }>();
  return {
    get(symbol) {
      const now = clock();
      const hit = kept.get(symbol);
      if (hit !== undefined && hit.until > now) return hit.view;
      const view = tickers.get(symbol);
      kept.set(symbol, { view, until: now + ttlMs });
      // A failed read is not kept.
      view.catch(() => kept.delete(symbol));
      return view;
    },
  };
}
