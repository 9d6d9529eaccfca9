import { aggregateTrades } from '../../core/projections/aggTrades';
import { type Candle, candleWithTrade, foldCandles } from '../../core/projections/candles';
import { nextFundingTime } from '../../core/projections/funding';
import {
  bucketClose,
  bucketOpen,
  KLINE_INTERVALS,
  type KlineInterval,
  nextBucketOpen,
} from '../../core/projections/intervals';
import { positionRisk } from '../../core/projections/positionRisk';
import { leverageBrackets, maintenanceMargin } from '../../core/projections/riskBracket';
import { priceChangePermille, rollingStats, rollingWindowStart } from '../../core/projections/rollingTicker';
import type { TradeFact } from '../../core/projections/tradeFacts';
import { compileInstrument } from '../../core/symbol/instrument';
import { BTCUSDT, TESTUSDT } from '../core/support/specs';

const at = (iso: string) => Date.parse(iso);

describe('kline buckets', () => {
  const t = at('2024-03-10T13:47:29.123Z'); // a Sunday
  const expected: Record<KlineInterval, string> = {
    '1m': '2024-03-10T13:47:00.000Z',
    '3m': '2024-03-10T13:45:00.000Z',
    '5m': '2024-03-10T13:45:00.000Z',
    '15m': '2024-03-10T13:45:00.000Z',
    '30m': '2024-03-10T13:30:00.000Z',
    '1h': '2024-03-10T13:00:00.000Z',
    '2h': '2024-03-10T12:00:00.000Z',
    '4h': '2024-03-10T12:00:00.000Z',
    '6h': '2024-03-10T12:00:00.000Z',
    '8h': '2024-03-10T08:00:00.000Z',
    '12h': '2024-03-10T12:00:00.000Z',
    '1d': '2024-03-10T00:00:00.000Z',
    '3d': '2024-03-09T00:00:00.000Z', // the epoch's 3-day grid: 19791 days since 1970-01-01 = 3 × 6597
    '1w': '2024-03-04T00:00:00.000Z', // the Monday before the Sunday
    '1M': '2024-03-01T00:00:00.000Z',
  };

  test.each(KLINE_INTERVALS)('%s opens where Binance opens it', (interval) => {
    expect(new Date(bucketOpen(interval, t)).toISOString()).toBe(expected[interval]);
  });

  test.each(KLINE_INTERVALS)(
    '%s: a bucket runs from its open to the millisecond before the next',
    (interval) => {
      for (const start of [
        '2023-12-31T23:59:59.999Z',
        '2024-02-28T10:00:00Z',
        '2024-02-29T23:59:59.999Z',
        '2025-06-30T23:00:00Z',
      ]) {
        const open = bucketOpen(interval, at(start));
        const next = nextBucketOpen(interval, open);
        expect(bucketOpen(interval, open)).toBe(open);
        expect(bucketClose(interval, open)).toBe(next - 1);
        expect(bucketOpen(interval, next - 1)).toBe(open);
        expect(bucketOpen(interval, next)).toBe(next);
        expect(open).toBeLessThanOrEqual(at(start));
        expect(next).toBeGreaterThan(at(start));
      }
    },
  );

  test('weeks start on Monday 00:00 UTC, also across a year end', () => {
    expect(new Date(bucketOpen('1w', at('2024-03-11T00:00:00.000Z'))).toISOString()).toBe(
      '2024-03-11T00:00:00.000Z',
    );
    expect(new Date(bucketOpen('1w', at('2024-03-10T23:59:59.999Z'))).toISOString()).toBe(
      '2024-03-04T00:00:00.000Z',
    );
    expect(new Date(bucketOpen('1w', at('2025-01-01T12:00:00Z'))).toISOString()).toBe(
      '2024-12-30T00:00:00.000Z',
    );
    expect(new Date(bucketClose('1w', at('2024-12-30T00:00:00Z'))).toISOString()).toBe(
      '2025-01-05T23:59:59.999Z',
    );
  });

  test('months are calendar months: 28, 29, 30 and 31 days, December into January', () => {
    const month = (iso: string) => {
      const open = bucketOpen('1M', at(iso));
      return [new Date(open).toISOString(), new Date(bucketClose('1M', open)).toISOString()];
    };
    expect(month('2024-02-15T00:00:00Z')).toEqual(['2024-02-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z']);
    expect(month('2023-02-28T23:59:59.999Z')).toEqual([
      '2023-02-01T00:00:00.000Z',
      '2023-02-28T23:59:59.999Z',
    ]);
    expect(month('2024-04-30T23:59:59.999Z')).toEqual([
      '2024-04-01T00:00:00.000Z',
      '2024-04-30T23:59:59.999Z',
    ]);
    expect(month('2024-12-31T23:59:59.999Z')).toEqual([
      '2024-12-01T00:00:00.000Z',
      '2024-12-31T23:59:59.999Z',
    ]);
    expect(new Date(nextBucketOpen('1M', at('2024-12-01T00:00:00Z'))).toISOString()).toBe(
      '2025-01-01T00:00:00.000Z',
    );
    expect(month('2025-01-01T00:00:00Z')[0]).toBe('2025-01-01T00:00:00.000Z');
  });
});

const trade = (
  id: number,
  price: number,
  qty: number,
  time: number,
  extra: Partial<TradeFact> = {},
): TradeFact => ({
  id,
  price,
  qty,
  quoteQty: BigInt(price * qty) * 100_000_000n,
  time,
  takerSide: 'BUY',
  takerOrderId: 100,
  commandId: 'c1',
  seq: id * 10,
  ...extra,
});

describe('candles', () => {
  const minute = at('2024-05-01T00:00:00Z');

  test('open, high, low, close, volumes and taker-buy volumes of one bucket', () => {
    const trades = [
      trade(1, 100, 2, minute + 1_000),
      trade(2, 105, 1, minute + 2_000, { takerSide: 'SELL' }),
      trade(3, 98, 3, minute + 59_999),
    ];
    let candle: Candle | undefined;
    for (const t of trades) candle = candleWithTrade('1m', candle, t);
    expect(candle).toEqual({
      openTime: minute,
      closeTime: minute + 59_999,
      open: 100,
      high: 105,
      low: 98,
      close: 98,
      volume: 6,
      quoteVolume: (200n + 105n + 294n) * 100_000_000n,
      trades: 3,
      takerBuyVolume: 5,
      takerBuyQuoteVolume: (200n + 294n) * 100_000_000n,
      firstTradeId: 1,
      lastTradeId: 3,
      lastSeq: 30,
    });
  });

  test('a trade on the next minute opens the next candle; the hour holds both', () => {
    const trades = [trade(1, 100, 1, minute + 59_999), trade(2, 90, 1, minute + 60_000)];
    expect([...foldCandles('1m', trades).keys()]).toEqual([minute, minute + 60_000]);
    const [hour] = foldCandles('1h', trades).values();
    expect(hour).toMatchObject({ open: 100, close: 90, low: 90, high: 100, trades: 2, volume: 2 });
  });
});

describe('aggregate trades', () => {
  test('consecutive fills of one taker order at one price in one command aggregate; id = first trade id', () => {
    const aggregates = aggregateTrades(undefined, [
      trade(1, 100, 1, 5),
      trade(2, 100, 2, 5),
      trade(3, 101, 1, 5), // another price
      trade(4, 101, 1, 5, { takerOrderId: 200 }), // another taker
      trade(5, 101, 4, 5, { takerOrderId: 200, commandId: 'c2' }), // another command (an amendment crossing)
    ]);
    expect(aggregates.map((a) => [a.a, a.f, a.l, a.p, a.q])).toEqual([
      [1, 1, 2, 100, 3],
      [3, 3, 3, 101, 1],
      [4, 4, 4, 101, 1],
      [5, 5, 5, 101, 4],
    ]);
    expect(aggregates[0]).toMatchObject({ T: 5, m: false, lastSeq: 20 });
  });

  test('the buyer is the maker when the taker sold', () => {
    expect(aggregateTrades(undefined, [trade(1, 100, 1, 5, { takerSide: 'SELL' })])[0]!.m).toBe(true);
  });

  test('trades continue the aggregate before them across an item boundary, and only then', () => {
    const [before] = aggregateTrades(undefined, [trade(1, 100, 1, 5), trade(2, 100, 1, 5)]);
    const continued = aggregateTrades(before, [trade(3, 100, 5, 5), trade(4, 99, 1, 5)]);
    expect(continued.map((a) => [a.a, a.l, a.q])).toEqual([
      [1, 3, 7],
      [4, 4, 1],
    ]);
    const gap = aggregateTrades(before, [trade(4, 100, 5, 5)]);
    expect(gap.map((a) => a.a)).toEqual([4]);
  });
});

describe('24 h rolling stats', () => {
  const now = at('2024-05-02T12:30:15Z');
  const start = rollingWindowStart(now);
  const candle = (
    openTime: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    first: number,
    last: number,
  ) => ({
    openTime,
    closeTime: openTime + 59_999,
    open,
    high,
    low,
    close,
    volume,
    quoteVolume: BigInt(volume * close) * 100_000_000n,
    trades: last - first + 1,
    takerBuyVolume: 0,
    takerBuyQuoteVolume: 0n,
    firstTradeId: first,
    lastTradeId: last,
    lastSeq: last,
  });

  test('the window is the 1,440 minutes ending with the current one', () => {
    expect(new Date(start).toISOString()).toBe('2024-05-01T12:31:00.000Z');
  });

  test('open from the first candle in the window, extremes and sums over it; older candles ignored', () => {
    const stats = rollingStats(
      [
        candle(start - 60_000, 50, 500, 1, 50, 9, 1, 3), // just outside
        candle(start, 100, 110, 95, 105, 2, 4, 5),
        candle(now - 15_000, 105, 120, 90, 118, 3, 6, 8),
      ],
      118,
      now,
    );
    expect(stats).toMatchObject({
      open: 100,
      high: 120,
      low: 90,
      last: 118,
      volume: 5,
      count: 5,
      firstId: 4,
      lastId: 8,
    });
    expect(stats.openTime).toBe(start);
    expect(stats.closeTime).toBe(now);
  });

  test('no trade in the window: every price is the last price, ids -1', () => {
    expect(rollingStats([], 118, now)).toMatchObject({
      open: 118,
      high: 118,
      low: 118,
      volume: 0,
      count: 0,
      firstId: -1,
      lastId: -1,
    });
  });

  test('price change percent with three decimals, rounded half away from zero', () => {
    expect(priceChangePermille(1000, 1012)).toBe(1200n); // 1.200 %
    expect(priceChangePermille(3, 2)).toBe(-33333n); // -33.333 %
    expect(priceChangePermille(30000, 30001)).toBe(3n); // 0.00333.. → 0.003
    expect(priceChangePermille(200000, 200001)).toBe(1n); // 0.0005 → 0.001
    expect(priceChangePermille(0, 5)).toBe(0n);
  });
});

describe('funding, brackets and position risk', () => {
  test('next funding time is on the 8 h grid, strictly after now', () => {
    expect(new Date(nextFundingTime(at('2024-05-02T07:59:59.999Z'))).toISOString()).toBe(
      '2024-05-02T08:00:00.000Z',
    );
    expect(new Date(nextFundingTime(at('2024-05-02T08:00:00Z'))).toISOString()).toBe(
      '2024-05-02T16:00:00.000Z',
    );
    expect(new Date(nextFundingTime(at('2024-05-02T23:00:00Z'))).toISOString()).toBe(
      '2024-05-03T00:00:00.000Z',
    );
  });

  test("a spec without brackets has one: the symbol's max leverage, half its initial margin rate as maintenance", () => {
    expect(leverageBrackets(compileInstrument(BTCUSDT))[0]).toEqual({
      bracket: 1,
      initialLeverage: 125,
      notionalCap: 400000,
      notionalFloor: 0,
      maintMarginRatio: 0.004,
      cum: 0,
    });
    expect(leverageBrackets(compileInstrument(TESTUSDT))[0]!.maintMarginRatio).toBe(0.025);
    expect(maintenanceMargin(compileInstrument(BTCUSDT), 1_000_000_000n)).toBe(4_000_000n); // 10 USDT × 0.4 %
  });

  test('a long valued at the mark; a short mirrored; break-even covers the closing taker fee', () => {
    const btc = compileInstrument(BTCUSDT); // 0.0001 USDT per tick × lot, taker 0.05 %
    const entry = 650_000n * 2_000n * 10_000n; // 2 BTC at 65000.0 = 130000 USDT
    const long = positionRisk({ size: 2_000, entryNotional: entry, realizedPnl: 0n }, btc, 660_000, 20);
    expect(long.notional).toBe(132_000n * 100_000_000n);
    expect(long.unrealizedPnl).toBe(2_000n * 100_000_000n);
    expect(long.positionInitialMargin).toBe(6_600n * 100_000_000n);
    expect(long.maintMargin).toBe(528n * 100_000_000n);
    expect(long.breakEvenNotional).toBe(entry + 65n * 100_000_000n);
    const short = positionRisk({ size: -2_000, entryNotional: entry, realizedPnl: 0n }, btc, 660_000, 20);
    expect(short.notional).toBe(-132_000n * 100_000_000n);
    expect(short.unrealizedPnl).toBe(-2_000n * 100_000_000n);
    expect(short.breakEvenNotional).toBe(entry - 65n * 100_000_000n);
    const unmarked = positionRisk({ size: 2_000, entryNotional: entry, realizedPnl: 0n }, btc, undefined, 20);
    expect(unmarked.unrealizedPnl).toBe(0n);
  });
});
