import fc from 'fast-check';
import { MemoryKlineSeries } from '../../adapters/memory/marketData';
import { klinesRunner } from '../../application/projections/klinesModel';
import type { EngineEvent } from '../../core/engine/events';
import { candleKey, NO_CANDLES } from '../../core/projections/candleFold';
import { KLINE_INTERVALS } from '../../core/projections/intervals';
import { tradeKlinesFold } from '../../core/projections/klineFolds';
import { foldEvents } from '../../core/projections/readModelFold';
import { compileInstrument } from '../../core/symbol/instrument';
import { BTCUSDT } from '../core/support/specs';

const instrument = compileInstrument(BTCUSDT);
const T0 = Date.parse('2026-12-06T10:00:00Z');
const SYMBOL = BTCUSDT.symbol;

/** A Trade event with what the kline fold reads. */
function trade(
  seq: number,
  time: number,
  price: number,
  quantity: number,
  takerSide: 'BUY' | 'SELL' = 'BUY',
) {
  return {
    type: 'Trade',
    seq,
    time,
    commandId: `c${seq}`,
    tradeId: seq,
    price,
    quantity,
    takerSide,
    taker: { orderId: seq },
    maker: { orderId: 0 },
    makerLevelQuantity: 0,
  } as unknown as EngineEvent;
}
const other = (seq: number, time: number) => ({ type: 'OrderRested', seq, time }) as unknown as EngineEvent;

describe('the trade klines fold', () => {
  test('given no candles, when two trades in one minute and one in the next, then the 1m candles and one 1h candle', () => {
    const state = foldEvents(
      tradeKlinesFold,
      NO_CANDLES,
      [trade(1, T0 + 1_000, 100, 2), trade(2, T0 + 2_000, 105, 1, 'SELL'), trade(3, T0 + 61_000, 99, 1)],
      instrument,
    );
    const first = state.candles.get(candleKey('1m', T0))!;
    expect(first).toMatchObject({
      open: 100,
      high: 105,
      low: 100,
      close: 105,
      volume: 3,
      trades: 2,
      lastSeq: 2,
    });
    expect(first.takerBuyVolume).toBe(2);
    expect(state.candles.get(candleKey('1m', T0 + 60_000))).toMatchObject({
      open: 99,
      trades: 1,
      lastSeq: 3,
    });
    expect(state.candles.get(candleKey('1h', T0))).toMatchObject({
      open: 100,
      close: 99,
      low: 99,
      trades: 3,
    });
    expect(state.newest.get('1m')).toBe(T0 + 60_000);
  });

  test('given a candle, when a trade at or below its lastSeq comes again, then nothing changes', () => {
    const once = foldEvents(
      tradeKlinesFold,
      NO_CANDLES,
      [trade(1, T0, 100, 2), trade(2, T0, 101, 1)],
      instrument,
    );
    expect(foldEvents(tradeKlinesFold, once, [trade(2, T0, 101, 1)], instrument)).toBe(once);
  });

  test('given the open candle only, when a trade of an older unknown bucket comes (a batch applied again), then it is skipped', () => {
    const open = foldEvents(tradeKlinesFold, NO_CANDLES, [trade(5, T0 + 120_000, 100, 1)], instrument);
    const retained = tradeKlinesFold.retain(open);
    expect(foldEvents(tradeKlinesFold, retained, [trade(3, T0, 90, 1)], instrument)).toBe(retained);
  });

  test("events other than trades leave the state as it is; retain keeps each interval's open candle", () => {
    const state = foldEvents(
      tradeKlinesFold,
      NO_CANDLES,
      [trade(1, T0, 100, 1), trade(2, T0 + 60_000, 101, 1), other(3, T0 + 61_000)],
      instrument,
    );
    const retained = tradeKlinesFold.retain(state);
    expect(retained.candles.size).toBe(KLINE_INTERVALS.length);
    expect(retained.candles.has(candleKey('1m', T0))).toBe(false);
    expect(tradeKlinesFold.changes(NO_CANDLES, state)).toHaveLength(KLINE_INTERVALS.length + 1);
  });
});

/** Trades at non-decreasing times, with other events between: what a symbol's log holds. */
const sessions = fc
  .array(
    fc.record({
      gap: fc.constantFrom(0, 500, 20_000, 61_000, 3_700_000),
      price: fc.integer({ min: 90, max: 110 }),
      qty: fc.integer({ min: 1, max: 5 }),
      isTrade: fc.boolean(),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((steps) => {
    let time = T0;
    return steps.map((s, i) => {
      time += s.gap;
      return s.isTrade ? trade(i + 1, time, s.price, s.qty) : other(i + 1, time);
    });
  });

/** Cuts events into consecutive batches at the given points. */
function cut(events: readonly EngineEvent[], cuts: readonly number[]) {
  const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
  const batches: EngineEvent[][] = [];
  let from = 0;
  for (const p of [...points, events.length]) {
    if (p > from) batches.push(events.slice(from, p));
    from = Math.max(from, p);
  }
  return batches.map((batch) => ({
    symbol: SYMBOL,
    firstSeq: batch[0]!.seq,
    lastSeq: batch[batch.length - 1]!.seq,
    events: batch,
  }));
}

async function storedCandles(series: MemoryKlineSeries) {
  const out: Record<string, unknown> = {};
  for (const interval of KLINE_INTERVALS)
    out[interval] = await series.range(SYMBOL, interval, { newest: false, limit: 10_000 });
  return out;
}

test('the runner: a batch coalesced, or cut anywhere, warm or from a cold start each batch, stores the same items as applying events one by one', async () => {
  await fc.assert(
    fc.asyncProperty(
      sessions,
      fc.array(fc.nat(), { maxLength: 8 }),
      fc.boolean(),
      async (events, cuts, cold) => {
        const oneByOne = new MemoryKlineSeries();
        const runner = klinesRunner(oneByOne);
        for (const batch of cut(
          events,
          events.map((e) => e.seq),
        ))
          await runner.run(batch, instrument, { follows: true, write: true });

        const coalesced = new MemoryKlineSeries();
        let batched = klinesRunner(coalesced);
        for (const batch of cut(events, cuts)) {
          if (cold) batched = klinesRunner(coalesced);
          await batched.run(batch, instrument, { follows: true, write: true });
        }
        expect(await storedCandles(coalesced)).toEqual(await storedCandles(oneByOne));

        // Every batch again, not vouched for (loaded afresh, guarded writes): nothing changes.
        const before = await storedCandles(coalesced);
        for (const batch of cut(events, cuts))
          await batched.run(batch, instrument, { follows: false, write: true });
        expect(await storedCandles(coalesced)).toEqual(before);
      },
    ),
    { numRuns: 150 },
  );
});
