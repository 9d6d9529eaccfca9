import { appendFold } from '../../core/projections/appendFold';
import { marketTradesOf } from '../../core/projections/marketTrades';
import type { MarketTradeLog } from '../ports/marketData';
import { foldedModel } from './foldedModel';
import { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

export const marketTradesFold = appendFold((event, instrument) => marketTradesOf([event], instrument));

/** Public trades (GET /fapi/v1/trades): one item per trade, a batch's written together. */
export function marketTradesModel(log: MarketTradeLog): ReadModel {
  return foldedModel(
    'marketTrades',
    new FoldRunner(marketTradesFold, {
      load: async () => marketTradesFold.initial,
      write: (symbol, trades, guarded) => log.putMany(symbol, trades, guarded),
    }),
  );
}
