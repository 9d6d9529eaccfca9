import { type TickerState, type TickerView, tickerFold } from '../../core/projections/tickerFold';
import type { DepthBook, TickerViews } from '../ports/marketData';
import { foldedModel } from './foldedModel';
import { FoldRunner, type FoldStore } from './foldRunner';
import type { ReadModel } from './readModel';

/**
 * The ticker fold (core/projections/tickerFold.ts) over the tickers table; after a cold start its book is loaded
 * from the depth table. One item per symbol, written once per batch (its put keeps the lastSeq condition: one
 * request either way).
 */
export const tickersStore = (
  tickers: TickerViews,
  book: Pick<DepthBook, 'load'>,
): FoldStore<TickerState, TickerView> => ({
  load: async (symbol) => {
    const [ticker, depth] = await Promise.all([tickers.latest(symbol), book.load(symbol)]);
    return { ticker, book: depth };
  },
  write: (symbol, views, guarded) => tickers.putMany(symbol, views, guarded),
});

export const tickersRunner = (tickers: TickerViews, book: Pick<DepthBook, 'load'>) =>
  new FoldRunner(tickerFold, tickersStore(tickers, book));

/** The latest facts of a market (TickerView): last trade, the touch, and the rates of its last index price. */
export function tickersModel(tickers: TickerViews, book: DepthBook): ReadModel {
  return foldedModel('tickers', tickersRunner(tickers, book));
}
