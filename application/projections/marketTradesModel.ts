import { marketTradesOf } from '../../core/projections/marketTrades';
import type { MarketTradeLog } from '../ports/marketData';
import { inParallel, type ReadModel } from './readModel';

/** Public trades (GET /fapi/v1/trades): one item per trade, written once (its lastSeq holds back a rewrite). */
export function marketTradesModel(log: MarketTradeLog): ReadModel {
  return {
    name: 'marketTrades',
    async apply(batch, { instrument }) {
      const trades = marketTradesOf(batch.events, instrument);
      await inParallel(trades, 16, (trade) => log.put(batch.symbol, trade));
    },
  };
}
