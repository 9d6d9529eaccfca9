import { MemoryPriceKlineSeries } from '../../adapters/memory/futuresMarketData';
import { MemoryDepthBook } from '../../adapters/memory/marketData';
import { depthRunner } from '../../application/projections/depthModel';
import { priceKlinesRunner } from '../../application/projections/priceKlinesModel';
import { insuranceBalanceJson } from '../../binance/responses/futuresJson';
import type { EngineEvent } from '../../core/engine/events';
import { INSURANCE_FUND_ACCOUNT } from '../../core/engine/state';
import { formatMoney } from '../../core/numbers/money';
import { candleKey } from '../../core/projections/candleFold';
import { depthFold, EMPTY_DEPTH } from '../../core/projections/depthFold';
import { EMPTY_INSURANCE_FUND } from '../../core/projections/insuranceFund';
import { KLINE_INTERVALS } from '../../core/projections/intervals';
import { priceKlinesFold } from '../../core/projections/klineFolds';
import { foldEvents } from '../../core/projections/readModelFold';
import { EMPTY_TICKER, tickerFold, tickerInsuranceBalance } from '../../core/projections/tickerFold';
import { compileInstrument } from '../../core/symbol/instrument';
import { BTCUSDT } from '../core/support/specs';

const instrument = compileInstrument(BTCUSDT);
const T0 = Date.parse('2026-12-06T10:00:00Z');
const event = (e: Record<string, unknown>) => e as unknown as EngineEvent;
const rested = (seq: number, side: 'BUY' | 'SELL', price: number, levelQuantity: number) =>
  event({ type: 'OrderRested', seq, time: T0 + seq, side, price, levelQuantity });
const traded = (seq: number, price: number, quantity: number, makerLevelQuantity: number) =>
  event({
    type: 'Trade',
    seq,
    time: T0 + seq,
    commandId: `c${seq}`,
    tradeId: seq,
    price,
    quantity,
    takerSide: 'BUY',
    // A maker that opens a short of `quantity` and a taker that opens a long of it.
    maker: {
      orderId: seq - 1,
      accountId: 1,
      position: { size: -quantity, entryNotional: 0, realizedPnl: 0 },
    },
    taker: { orderId: seq, accountId: 2, position: { size: quantity, entryNotional: 0, realizedPnl: 0 } },
    makerLevelQuantity,
  });
const marked = (seq: number, time: number, markPrice: number, indexPrice: number) =>
  event({
    type: 'MarkPriceUpdated',
    seq,
    time,
    markPrice,
    indexPrice,
    premium: markPrice - indexPrice,
    estimatedFundingRate: 10,
    lastFundingRate: 5,
    nextFundingTime: T0 + 28_800_000,
  });

describe('the depth fold', () => {
  const events = [rested(1, 'BUY', 100, 5), rested(2, 'SELL', 102, 3), traded(3, 102, 3, 0)];

  test('given an empty book, when orders rest and one level trades away, then the levels and the update id', () => {
    const book = foldEvents(depthFold, EMPTY_DEPTH, events, instrument);
    expect(book).toEqual({ lastUpdateId: 3, time: T0 + 3, bids: new Map([[100, 5]]), asks: new Map() });
  });

  test('one by one or at once, the same book; events at or below its update id change nothing', () => {
    let one = EMPTY_DEPTH;
    for (const e of events) one = depthFold.evolve(one, e, instrument);
    const all = depthFold.evolveAll!(EMPTY_DEPTH, events, instrument);
    expect(one).toEqual(all);
    expect(foldEvents(depthFold, all, events, instrument)).toBe(all);
  });

  test('the items of a batch: changed levels (0 = gone) and the head with the best levels', () => {
    const before = foldEvents(depthFold, EMPTY_DEPTH, events.slice(0, 2), instrument);
    const after = foldEvents(depthFold, before, events.slice(2), instrument);
    expect(depthFold.changes(before, after)).toEqual([
      { kind: 'level', side: 'SELL', price: 102, quantity: 0, lastSeq: 3 },
      { kind: 'head', lastUpdateId: 3, time: T0 + 3, bids: [[100, 5]], asks: [] },
    ]);
  });

  test('the runner writes what the fold says; a store reloaded gives the same book', async () => {
    const store = new MemoryDepthBook();
    await depthRunner(store).run({ symbol: 'BTCUSDT', firstSeq: 1, lastSeq: 3, events }, instrument, {
      follows: true,
      write: true,
    });
    expect(await store.load('BTCUSDT')).toEqual(foldEvents(depthFold, EMPTY_DEPTH, events, instrument));
    expect(await store.read('BTCUSDT', 5)).toEqual({
      lastUpdateId: 3,
      time: T0 + 3,
      bids: [[100, 5]],
      asks: [],
    });
  });
});

describe('the ticker fold', () => {
  test('given nothing, when orders rest, trade and an index price comes, then last trade, touch and marks', () => {
    const state = foldEvents(
      tickerFold,
      tickerFold.initial,
      [
        rested(1, 'BUY', 100, 5),
        rested(2, 'SELL', 103, 3),
        traded(3, 103, 1, 2),
        marked(4, T0 + 4, 10_300, 10_250),
      ],
      instrument,
    );
    expect(state.ticker).toEqual({
      ...EMPTY_TICKER,
      lastPrice: 103,
      lastQty: 1,
      lastTime: T0 + 3,
      bestBid: 100,
      bestBidQty: 5,
      bestAsk: 103,
      bestAskQty: 2,
      markPrice: 10_300,
      indexPrice: 10_250,
      estimatedFundingRate: 10,
      lastFundingRate: 5,
      nextFundingTime: T0 + 28_800_000,
      markTime: T0 + 4,
      openInterest: 1,
      updateId: 4,
      time: T0 + 4,
    });
    expect(tickerFold.changes(tickerFold.initial, state)).toEqual([state.ticker]);
    expect(tickerFold.changes(state, state)).toEqual([]);
  });
});

describe('open interest in the ticker fold', () => {
  const position = (size: number) => ({ size, entryNotional: 0, realizedPnl: 0 });
  const fill = (accountId: number, size: number) => ({
    orderId: accountId,
    accountId,
    position: position(size),
  });
  const trade = (seq: number, quantity: number, takerSide: 'BUY' | 'SELL', maker: object, taker: object) =>
    event({
      type: 'Trade',
      seq,
      time: T0 + seq,
      tradeId: seq,
      price: 100,
      quantity,
      takerSide,
      maker,
      taker,
    });

  test('given trades that open, flip, close and cross one account, and a takeover, then the sum of the longs', () => {
    const steps: [EngineEvent, number][] = [
      // 7 buys 5 from 8: 7 long 5, 8 short 5.
      [trade(1, 5, 'BUY', fill(8, -5), fill(7, 5)), 5],
      // 9 buys 3 from 7: 7 long 2, 9 long 3.
      [trade(2, 3, 'BUY', fill(7, 2), fill(9, 3)), 5],
      // 7 sells 8 to 8's bid: 8 flips short 5 to long 3, 7 flips long 2 to short 6.
      [trade(3, 8, 'SELL', fill(8, 3), fill(7, -6)), 6],
      // 9 on both sides (maker sells 2, then the taker buys them back): nothing moves.
      [trade(4, 2, 'BUY', fill(9, 1), fill(9, 3)), 6],
      // 7's short of 6 taken over by the fund: the fund is short 6 now, no long changes.
      [
        event({
          type: 'PositionTransferred',
          seq: 5,
          time: T0 + 5,
          reason: 'INSURANCE_CLEAR',
          side: 'BUY',
          quantity: 6,
          price: 100,
          liquidated: { accountId: 7, realizedPnl: 0, position: position(0) },
          counterparty: { accountId: INSURANCE_FUND_ACCOUNT, realizedPnl: 0, position: position(-6) },
        }),
        6,
      ],
      // 8 sells its long of 3 to the fund, which closes 3 of its short: 9's long of 3 is what is left.
      [trade(6, 3, 'SELL', fill(INSURANCE_FUND_ACCOUNT, -3), fill(8, 0)), 3],
    ];
    let state = tickerFold.initial;
    for (const [e, openInterest] of steps) {
      state = foldEvents(tickerFold, state, [e], instrument);
      expect([e.seq, state.ticker.openInterest]).toEqual([e.seq, openInterest]);
    }
  });

  test('a ticker stored before open interest was kept stays unknown, not counted from 0', () => {
    const before = { ...tickerFold.initial, ticker: { ...EMPTY_TICKER, openInterest: null } };
    const after = foldEvents(tickerFold, before, [trade(1, 5, 'BUY', fill(8, -5), fill(7, 5))], instrument);
    expect(after.ticker.openInterest).toBeNull();
  });
});

describe('the insurance fund in the ticker fold', () => {
  const USDT = 100_000_000;
  test('given fees, a takeover, funding and a mark, then GET /fapi/v1/insuranceBalance shows its margin balance', () => {
    // Fees 20; the fund takes 0.010 BTC over at 60,000 (600 USDT); it pays 0.5 funding; at mark 61,000 its long is
    // worth 610: margin balance 20 − 0.5 + 10 = 29.5 USDT.
    const state = foldEvents(
      tickerFold,
      tickerFold.initial,
      [
        event({ type: 'Liquidated', seq: 1, time: T0 + 1, insuranceBalance: 20 * USDT }),
        event({
          type: 'PositionTransferred',
          seq: 2,
          time: T0 + 2,
          reason: 'INSURANCE_CLEAR',
          liquidated: {
            accountId: 7,
            realizedPnl: -5 * USDT,
            position: { size: 0, entryNotional: 0, realizedPnl: 0 },
          },
          counterparty: {
            accountId: INSURANCE_FUND_ACCOUNT,
            realizedPnl: 0,
            position: { size: 10, entryNotional: 600 * USDT, realizedPnl: 0 },
          },
        }),
        event({
          type: 'FundingPaid',
          seq: 3,
          time: T0 + 3,
          payments: [
            [INSURANCE_FUND_ACCOUNT, -USDT / 2],
            [8, USDT / 2],
          ],
        }),
        marked(4, T0 + 4, 61_000 * USDT, 61_000 * USDT),
      ],
      instrument,
    );
    expect(state.ticker.insuranceFund).toEqual({
      balance: String(19.5 * USDT),
      realizedPnl: '0',
      positionSize: 10,
      entryNotional: String(600 * USDT),
      time: T0 + 3,
    });
    expect(tickerInsuranceBalance(state.ticker, instrument)).toBe(BigInt(29.5 * USDT));
    expect(insuranceBalanceJson(instrument, state.ticker).assets[0]!.marginBalance).toBe(
      formatMoney(BigInt(29.5 * USDT)),
    );
  });

  test("transfers and funding that are not the fund's change nothing of it", () => {
    const state = foldEvents(
      tickerFold,
      tickerFold.initial,
      [
        event({
          type: 'PositionTransferred',
          seq: 1,
          time: T0 + 1,
          reason: 'ADL',
          liquidated: {
            accountId: 7,
            realizedPnl: 0,
            position: { size: 0, entryNotional: 0, realizedPnl: 0 },
          },
          counterparty: {
            accountId: 8,
            realizedPnl: 0,
            position: { size: 0, entryNotional: 0, realizedPnl: 0 },
          },
        }),
        event({
          type: 'FundingPaid',
          seq: 2,
          time: T0 + 2,
          payments: [
            [7, -1],
            [8, 1],
          ],
        }),
      ],
      instrument,
    );
    expect(state.ticker.insuranceFund).toBe(EMPTY_INSURANCE_FUND);
  });
});

describe('the price klines fold', () => {
  test('given nothing, when two index updates in a minute, then one candle per series and interval', () => {
    const state = foldEvents(
      priceKlinesFold,
      priceKlinesFold.initial,
      [marked(1, T0 + 1_000, 10_300, 10_250), marked(2, T0 + 2_000, 10_100, 10_200)],
      instrument,
    );
    expect(state.mark.candles.get(candleKey('1m', T0))).toMatchObject({
      open: 10_300,
      close: 10_100,
      trades: 2,
    });
    expect(state.premium.candles.get(candleKey('1h', T0))).toMatchObject({
      open: 50,
      low: -100,
      close: -100,
    });
    expect(priceKlinesFold.changes(priceKlinesFold.initial, state)).toHaveLength(3 * KLINE_INTERVALS.length);
  });

  test('the runner: an index update costs one coalesced write of its 45 candles, a second delivery none', async () => {
    const store = new MemoryPriceKlineSeries();
    const runner = priceKlinesRunner(store);
    const batch = { symbol: 'BTCUSDT', firstSeq: 1, lastSeq: 1, events: [marked(1, T0, 10_300, 10_250)] };
    const first = await runner.run(batch, instrument, { follows: true, write: true });
    expect(first.changes).toHaveLength(45);
    const again = await runner.run(batch, instrument, { follows: false, write: true });
    expect(again.changes).toEqual([]);
    expect((await store.of('index').range('BTCUSDT', '1d', { newest: true, limit: 5 }))[0]?.close).toBe(
      10_250,
    );
  });
});
