import { fundingRateRecords } from '../../core/projections/fundingRates';
import type { FundingRateHistory } from '../ports/marketData';
import type { ReadModel } from './readModel';

/** The funding rate history: one record per FundingSettled (GET /fapi/v1/fundingRate). */
export function fundingRatesModel(history: FundingRateHistory): ReadModel {
  return {
    name: 'fundingRates',
    async apply(batch) {
      for (const record of fundingRateRecords(batch.events)) await history.put(batch.symbol, record);
    },
  };
}
