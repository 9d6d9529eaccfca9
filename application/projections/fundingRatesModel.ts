import { appendFold } from '../../core/projections/appendFold';
import { fundingRateRecords } from '../../core/projections/fundingRates';
import type { FundingRateHistory } from '../ports/marketData';
import { foldedModel } from './foldedModel';
import { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

export const fundingRatesFold = appendFold((event) => fundingRateRecords([event]));

/** The funding rate history: one record per FundingSettled (GET /fapi/v1/fundingRate). */
export function fundingRatesModel(history: FundingRateHistory): ReadModel {
  return foldedModel(
    'fundingRates',
    new FoldRunner(fundingRatesFold, {
      load: async () => fundingRatesFold.initial,
      write: (symbol, records, guarded) => history.putMany(symbol, records, guarded),
    }),
  );
}
