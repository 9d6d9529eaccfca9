import { appendFold } from '../../core/projections/appendFold';
import { userTradesOf } from '../../core/projections/userTrades';
import type { UserTradeLog } from '../ports/userTradeLog';
import { foldedModel } from './foldedModel';
import { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

export const userTradesFold = appendFold((event, instrument) =>
  userTradesOf([event], instrument.spec.symbol, instrument),
);

/** Each account's fills (GET /fapi/v1/userTrades): two items per trade, one per side, a batch's written together. */
export function userTradesModel(log: UserTradeLog): ReadModel {
  return foldedModel(
    'userTrades',
    new FoldRunner(userTradesFold, {
      load: async () => userTradesFold.initial,
      write: (_symbol, fills, guarded) => log.putMany(fills, guarded),
    }),
  );
}
