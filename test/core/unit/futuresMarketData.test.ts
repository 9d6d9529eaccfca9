import type { EngineEvent, FundingSettled, MarkPriceUpdated } from '../../../core/engine/events';
import { foldCandles } from '../../../core/projections/candles';
import { fundingRateRecords } from '../../../core/projections/fundingRates';
import { priceSamples } from '../../../core/projections/priceSamples';

/**
 * The futures market data folds: the price series a MarkPriceUpdated feeds (mark, index, premium klines go
 * through the trade klines' one candle fold) and the funding rate history a FundingSettled feeds.
 */
const T0 = Date.UTC(2026, 0, 5, 12);

function marked(seq: number, time: number, markPrice: number, indexPrice: number, premium: number) {
  return {
    type: 'MarkPriceUpdated',
    seq,
    time,
    commandId: `idx-${seq}`,
    indexPrice,
    markPrice,
    premium,
    basis: null,
    sampled: true,
    estimatedFundingRate: 10_000,
    lastFundingRate: 0,
    nextFundingTime: T0 + 4 * 3_600_000,
    sources: [],
  } satisfies MarkPriceUpdated;
}

const settled = (seq: number, fundingTime: number, fundingRate: number, markPrice: number) =>
  ({
    type: 'FundingSettled',
    seq,
    time: fundingTime + 7,
    commandId: `fund-${seq}`,
    fundingTime,
    fundingRate,
    markPrice,
    indexPrice: markPrice - 1,
    payers: 1,
    receivers: 1,
    total: 5,
    paymentEvents: 1,
  }) satisfies FundingSettled;

describe('price series', () => {
  const events: EngineEvent[] = [
    marked(1, T0 + 1_000, 5_000_000_000_000, 4_999_000_000_000, -4_821),
    marked(2, T0 + 2_000, 5_000_100_000_000, 4_999_500_000_000, 1_200),
    marked(3, T0 + 61_000, 4_999_900_000_000, 4_999_800_000_000, -12),
  ];

  test('given index updates, the mark candles hold the marks: open, high, low, close, samples counted, no volume', () => {
    const candles = foldCandles('1m', priceSamples(events, 'mark'));
    expect([...candles.values()]).toEqual([
      {
        openTime: T0,
        closeTime: T0 + 59_999,
        open: 5_000_000_000_000,
        high: 5_000_100_000_000,
        low: 5_000_000_000_000,
        close: 5_000_100_000_000,
        volume: 0,
        quoteVolume: 0n,
        trades: 2,
        takerBuyVolume: 0,
        takerBuyQuoteVolume: 0n,
        firstTradeId: 1,
        lastTradeId: 2,
        lastSeq: 2,
      },
      expect.objectContaining({ openTime: T0 + 60_000, open: 4_999_900_000_000, trades: 1, lastSeq: 3 }),
    ]);
  });

  test('the index and the (signed) premium index are series of their own', () => {
    const index = [...foldCandles('1h', priceSamples(events, 'index')).values()];
    expect(index).toEqual([
      expect.objectContaining({ open: 4_999_000_000_000, high: 4_999_800_000_000, close: 4_999_800_000_000 }),
    ]);
    const premium = [...foldCandles('1h', priceSamples(events, 'premium')).values()];
    expect(premium).toEqual([
      expect.objectContaining({ open: -4_821, high: 1_200, low: -4_821, close: -12 }),
    ]);
  });

  test('events other than MarkPriceUpdated make no samples', () => {
    expect(priceSamples([settled(4, T0, 1, 2)], 'mark')).toEqual([]);
  });
});

describe('funding rate history', () => {
  test('given settlements, one record each: funding time, rate, mark, and the event sequence', () => {
    const events: EngineEvent[] = [
      marked(1, T0, 5_000_000_000_000, 4_999_000_000_000, 0),
      settled(2, T0 + 4 * 3_600_000, -3_750_000, 5_000_012_345_678),
      settled(9, T0 + 12 * 3_600_000, 10_000, 4_900_000_000_000),
    ];
    expect(fundingRateRecords(events)).toEqual([
      { fundingTime: T0 + 4 * 3_600_000, fundingRate: -3_750_000, markPrice: 5_000_012_345_678, lastSeq: 2 },
      { fundingTime: T0 + 12 * 3_600_000, fundingRate: 10_000, markPrice: 4_900_000_000_000, lastSeq: 9 },
    ]);
  });
});
