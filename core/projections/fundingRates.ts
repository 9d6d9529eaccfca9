import type { EngineEvent } from '../engine/events';

/**
 * One settled funding of a symbol, as Binance's funding rate history lists it: the funding time, the rate (10^-8)
 * and the mark price it was valued at (10^-8 USDT per base unit). `lastSeq` is the FundingSettled event's
 * sequence: the read model keeps a record once.
 */
export interface FundingRateRecord {
  readonly fundingTime: number;
  readonly fundingRate: number;
  readonly markPrice: number;
  readonly lastSeq: number;
}

/** The funding settlements among a run of events, in order (one per FundingSettled). */
export function fundingRateRecords(events: readonly EngineEvent[]): FundingRateRecord[] {
  const records: FundingRateRecord[] = [];
  for (const event of events)
    if (event.type === 'FundingSettled')
      records.push({
        fundingTime: event.fundingTime,
        fundingRate: event.fundingRate,
        markPrice: event.markPrice,
        lastSeq: event.seq,
      });
  return records;
}
