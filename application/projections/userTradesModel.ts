import { userTradesOf } from '../../core/projections/userTrades';
import type { UserTradeLog } from '../ports/userTradeLog';
import { inParallel, type ReadModel } from './readModel';

/** Each account's fills (GET /fapi/v1/userTrades): two items per trade, one per side, each written once. */
export function userTradesModel(log: UserTradeLog): ReadModel {
  return {
    name: 'userTrades',
    async apply(batch, { instrument }) {
      const fills = userTradesOf(batch.events, batch.symbol, instrument);
      await inParallel(fills, 16, (fill) => log.put(fill));
    },
  };
}
