import type {
  FundingRange,
  FundingRateHistory,
  KlineSeries,
  PriceKlineSeries,
} from '../../application/ports/marketData';
import type { FundingRateRecord } from '../../core/projections/fundingRates';
import type { PriceCandle } from '../../core/projections/klineFolds';
import { PRICE_SERIES, type PriceSeries } from '../../core/projections/priceSamples';
import { dropSymbols, MemoryKlineSeries } from './marketData';
import { putUnlessApplied } from './putUnlessApplied';

/** The futures market read models in memory, answering as their DynamoDB tables do (test/contracts/). */

/** One memory kline series per price series. */
export class MemoryPriceKlineSeries implements PriceKlineSeries {
  private readonly series = new Map<PriceSeries, MemoryKlineSeries>(
    PRICE_SERIES.map((s) => [s, new MemoryKlineSeries()]),
  );

  of(series: PriceSeries): KlineSeries {
    return this.series.get(series)!;
  }

  async putMany(symbol: string, candles: readonly PriceCandle[], guarded: boolean): Promise<void> {
    for (const { series, ...candle } of candles)
      await this.series.get(series)!.putMany(symbol, [candle], guarded);
  }

  drop(symbol?: string): number {
    let dropped = 0;
    for (const series of this.series.values()) dropped += series.drop(symbol);
    return dropped;
  }
}

export class MemoryFundingRateHistory implements FundingRateHistory {
  private readonly records = new Map<string, Map<number, FundingRateRecord>>();

  async put(symbol: string, record: FundingRateRecord): Promise<boolean> {
    const bySymbol = this.records.get(symbol) ?? new Map<number, FundingRateRecord>();
    this.records.set(symbol, bySymbol);
    return putUnlessApplied(bySymbol, record.fundingTime, record, record.lastSeq);
  }

  async putMany(symbol: string, records: readonly FundingRateRecord[]): Promise<void> {
    // A record never changes: guarded or not, a second write is the same value.
    for (const record of records) await this.put(symbol, record);
  }

  async range(symbol: string, range: FundingRange): Promise<FundingRateRecord[]> {
    const from = range.startTime ?? 0;
    const to = range.endTime ?? Number.MAX_SAFE_INTEGER;
    const sorted = [...(this.records.get(symbol)?.values() ?? [])]
      .filter((r) => r.fundingTime >= from && r.fundingTime <= to)
      .sort((a, b) => a.fundingTime - b.fundingTime);
    const window = range.newest
      ? sorted.slice(Math.max(0, sorted.length - range.limit))
      : sorted.slice(0, range.limit);
    return window.map((r) => structuredClone(r));
  }

  drop(symbol?: string): number {
    return dropSymbols(this.records, symbol, (records) => records.size);
  }
}
