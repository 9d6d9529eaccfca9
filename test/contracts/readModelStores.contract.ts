import type {
  AggTradeLog,
  DepthBook,
  FundingRateHistory,
  KlineSeries,
  MarketTradeLog,
  PriceKlineSeries,
  TickerViews,
} from '../../application/ports/marketData';
import { EMPTY_TICKER } from '../../application/ports/marketData';
import type { OrderViews } from '../../application/ports/orderViews';
import type { ProjectionProgress } from '../../application/ports/projectionProgress';
import type { ReadModelReset } from '../../application/ports/readModelReset';
import type { ReadModelWrites } from '../../application/ports/readModelWrites';
import type { SymbolDirectory } from '../../application/ports/symbolDirectory';
import type { UserTradeLog } from '../../application/ports/userTradeLog';
import type { NewOrder } from '../../core/orders/order';
import type { AggTrade } from '../../core/projections/aggTrades';
import type { AlgoOrderView } from '../../core/projections/algoOrderView';
import type { Candle } from '../../core/projections/candles';
import type { FundingRateRecord } from '../../core/projections/fundingRates';
import type { MarketTrade } from '../../core/projections/marketTrades';
import type { OrderStatus, OrderView } from '../../core/projections/orderView';
import type { UserTrade } from '../../core/projections/userTrades';
import { BTCUSDT } from '../core/support/specs';
import { type Make, testClock, unique, uniqueSymbol } from './support';

/** The read models' stores of one family, sharing their tables (a reset drops what the others wrote). */
export interface ReadModelFamily {
  readonly symbols: SymbolDirectory;
  readonly orders: OrderViews;
  readonly userTrades: UserTradeLog;
  readonly trades: MarketTradeLog;
  readonly aggTrades: AggTradeLog;
  readonly klines: KlineSeries;
  readonly depth: DepthBook;
  readonly tickers: TickerViews;
  readonly priceKlines: PriceKlineSeries;
  readonly fundingRates: FundingRateHistory;
  readonly progress: ProjectionProgress;
  readonly readModelReset: ReadModelReset;
  readonly readModelWrites: ReadModelWrites;
}

const T0 = Date.UTC(2026, 0, 5, 12);

function algoView(symbol: string, algoId: number, accountId: number): AlgoOrderView {
  return {
    symbol,
    order: {
      algoId,
      orderId: algoId + 1000,
      accountId,
      clientAlgoId: `a-${algoId}`,
      side: 'SELL',
      type: 'STOP_MARKET',
      timeInForce: 'GTC',
      price: 0,
      triggerPrice: 590_000,
      quantity: 10,
      workingType: 'MARK_PRICE',
      priceProtect: false,
      closePosition: false,
      reduceOnly: true,
      selfTradePreventionMode: 'EXPIRE_MAKER',
      goodTillDate: 0,
      activationPrice: 0,
      callbackRate: 0,
    },
    status: 'NEW',
    createTime: T0 + algoId,
    updateTime: T0 + algoId,
    triggerTime: 0,
    actualOrderId: null,
    executedQty: 0,
    cumQuote: 0n,
    lastSeq: algoId,
  };
}

function orderView(
  symbol: string,
  orderId: number,
  accountId: number,
  o: Partial<OrderView> = {},
): OrderView {
  const order: NewOrder = {
    orderId,
    accountId,
    clientOrderId: `c-${orderId}`,
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: 600_000,
    quantity: 10,
    reduceOnly: false,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  return {
    symbol,
    order,
    status: 'NEW',
    origQty: 10,
    price: 600_000,
    executedQty: 0,
    cumQuote: 0n,
    commission: 0n,
    realizedPnl: 0n,
    time: T0 + orderId,
    updateTime: T0 + orderId,
    rejectCode: null,
    expiryReason: null,
    lastSeq: orderId,
    ...o,
  };
}

const trade = (id: number, o: Partial<MarketTrade> = {}): MarketTrade => ({
  id,
  price: 600_000 + id,
  qty: 3,
  quoteQty: 180_000_000_000n + BigInt(id),
  time: T0 + id * 1_000,
  isBuyerMaker: id % 2 === 0,
  lastSeq: id * 2,
  ...o,
});

const aggregate = (a: number, l: number, o: Partial<AggTrade> = {}): AggTrade => ({
  a,
  p: 600_000,
  q: l - a + 1,
  f: a,
  l,
  T: T0 + a * 1_000,
  m: false,
  takerOrderId: 90 + a,
  takerSide: 'BUY',
  commandId: `cmd-${a}`,
  lastSeq: l * 2,
  ...o,
});

const candle = (openTime: number, o: Partial<Candle> = {}): Candle => ({
  openTime,
  closeTime: openTime + 59_999,
  open: 10,
  high: 12,
  low: 9,
  close: 11,
  volume: 7,
  quoteVolume: 77_000_000_000n,
  trades: 3,
  takerBuyVolume: 4,
  takerBuyQuoteVolume: 44_000_000_000n,
  firstTradeId: openTime / 60_000,
  lastTradeId: openTime / 60_000 + 2,
  lastSeq: 5,
  ...o,
});

const fill = (accountId: number, symbol: string, id: number, o: Partial<UserTrade> = {}): UserTrade => ({
  accountId,
  symbol,
  id,
  orderId: 1_000 + (id % 2),
  side: 'BUY',
  price: 600_000,
  qty: 2,
  quoteQty: 120_000_000_000n,
  commission: -24_000_000n,
  realizedPnl: 5n,
  maker: true,
  time: T0 + id * 1_000,
  lastSeq: id,
  ...o,
});

export function readModelsContract(make: Make<ReadModelFamily>): void {
  describe('SymbolDirectory', () => {
    test('a listed spec reads back compiled; a later one replaces it, an earlier one does not', async () => {
      const { symbols } = await make(testClock());
      const s = uniqueSymbol();
      const spec = { ...BTCUSDT, symbol: s };
      await symbols.record(spec, 1, T0);
      symbols.invalidate();
      expect((await symbols.get(s))?.spec).toEqual(spec);
      await symbols.record({ ...spec, status: 'HALT' }, 5);
      await symbols.record({ ...spec, maxLeverage: 3 }, 4);
      symbols.invalidate();
      expect((await symbols.get(s))?.spec).toEqual({ ...spec, status: 'HALT' });
      const all = (await symbols.all()).map((i) => i.spec.symbol);
      expect(all).toContain(s);
      expect(all).toEqual([...all].sort((a, b) => a.localeCompare(b)));
    });
  });

  describe('OrderViews', () => {
    test('a view reads back exact; a write older than the stored view is held back', async () => {
      const { orders } = await make(testClock());
      const [s, account] = [uniqueSymbol(), unique()];
      const view = orderView(s, 7, account, { cumQuote: 123_456_789n, commission: -3n, realizedPnl: 99n });
      expect(await orders.put(account, view, 7)).toBe(true);
      expect(await orders.get(account, s, 7)).toEqual(view);
      const filled = { ...view, status: 'FILLED' as OrderStatus, executedQty: 10, lastSeq: 9 };
      expect(await orders.put(account, filled, 8)).toBe(true);
      expect(await orders.put(account, view, 7)).toBe(false);
      expect(await orders.put(account, filled, 9)).toBe(false);
      expect(await orders.get(account, s, 7)).toEqual(filled);
      expect(await orders.get(account + 1, s, 7)).toBeUndefined();
    });

    test('open orders by symbol then id; a closed one leaves; client order ids find the newest order', async () => {
      const { orders } = await make(testClock());
      const [s1, s2, account] = [uniqueSymbol(), uniqueSymbol(), unique()];
      for (const [s, id] of [
        [s2, 3],
        [s1, 12],
        [s1, 4],
      ] as const)
        await orders.put(account, orderView(s, id, account), 1);
      await orders.put(account, orderView(s1, 5, account, { status: 'CANCELED', lastSeq: 50 }), 1);
      expect((await orders.open(account)).map((v) => [v.symbol, v.order.orderId])).toEqual(
        [
          [s1, 4],
          [s1, 12],
          [s2, 3],
        ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
      );
      expect((await orders.open(account, s1)).map((v) => v.order.orderId)).toEqual([4, 12]);
      const reused = {
        ...orderView(s1, 20, account),
        order: { ...orderView(s1, 20, account).order, clientOrderId: 'c-5' },
      };
      expect(await orders.hasOpenClientOrderId(account, s1, 'c-5')).toBe(false);
      await orders.put(account, reused, 20);
      expect((await orders.byClientOrderId(account, s1, 'c-5'))?.order.orderId).toBe(20);
      expect(await orders.hasOpenClientOrderId(account, s1, 'c-5')).toBe(true);
      expect(await orders.hasOpenClientOrderId(account, s2, 'c-5')).toBe(false);
    });

    test('history: from an order id up the oldest, else the newest; within the times; oldest first', async () => {
      const { orders } = await make(testClock());
      const [s, account] = [uniqueSymbol(), unique()];
      for (let id = 1; id <= 6; id++) await orders.put(account, orderView(s, id, account), 1);
      const ids = async (q: Parameters<OrderViews['history']>[2]) =>
        (await orders.history(account, s, q)).map((v) => v.order.orderId);
      expect(await ids({ limit: 3 })).toEqual([4, 5, 6]);
      expect(await ids({ fromOrderId: 2, limit: 3 })).toEqual([2, 3, 4]);
      expect(await ids({ startTime: T0 + 2, endTime: T0 + 4, limit: 10 })).toEqual([2, 3, 4]);
      expect(await ids({ fromOrderId: 3, endTime: T0 + 5, limit: 10 })).toEqual([3, 4, 5]);
    });

    test('conditional orders: kept beside the orders, never among them; open ones, by client id, history', async () => {
      const { orders } = await make(testClock());
      const [s, account] = [uniqueSymbol(), unique()];
      await orders.put(account, orderView(s, 1, account), 1);
      for (let id = 2; id <= 4; id++)
        expect(await orders.putAlgo(account, algoView(s, id, account), id)).toBe(true);
      const canceled = { ...algoView(s, 3, account), status: 'CANCELED' as const, lastSeq: 9 };
      expect(await orders.putAlgo(account, canceled, 9)).toBe(true);
      expect(await orders.putAlgo(account, algoView(s, 3, account), 3)).toBe(false);
      expect(await orders.getAlgo(account, s, 3)).toEqual(canceled);
      expect(await orders.getAlgo(account + 1, s, 3)).toBeUndefined();
      expect((await orders.openAlgo(account, s)).map((v) => v.order.algoId)).toEqual([2, 4]);
      expect((await orders.openAlgo(account)).map((v) => v.order.algoId)).toEqual([2, 4]);
      expect((await orders.algoByClientId(account, s, 'a-4'))?.order.algoId).toBe(4);
      // Without a symbol, every symbol's: the newest (highest algo id) of those with the client id.
      const elsewhere = algoView(`${s}X`, 9, account);
      await orders.putAlgo(account, { ...elsewhere, order: { ...elsewhere.order, clientAlgoId: 'a-4' } }, 9);
      expect((await orders.algoByClientId(account, undefined, 'a-4'))?.order.algoId).toBe(9);
      expect((await orders.algoByClientId(account, s, 'a-4'))?.order.algoId).toBe(4);
      expect(await orders.algoByClientId(account + 1, undefined, 'a-4')).toBeUndefined();
      expect((await orders.algoHistory(account, s, { limit: 2 })).map((v) => v.order.algoId)).toEqual([3, 4]);
      // The order queries do not see them.
      expect((await orders.open(account, s)).map((v) => v.order.orderId)).toEqual([1]);
      expect((await orders.history(account, s, { limit: 10 })).map((v) => v.order.orderId)).toEqual([1]);
      expect(await orders.get(account, s, 2)).toBeUndefined();
    });

    test('a FINISHED conditional order keeps its fills, money past 2^53 exactly; it is no longer open', async () => {
      const { orders } = await make(testClock());
      const [s, account] = [uniqueSymbol(), unique()];
      const finished = {
        ...algoView(s, 7, account),
        status: 'FINISHED' as const,
        actualOrderId: 1007,
        executedQty: 10,
        cumQuote: 9_007_199_254_740_993n,
        lastSeq: 12,
      };
      expect(await orders.putAlgo(account, finished, 12)).toBe(true);
      expect(await orders.getAlgo(account, s, 7)).toEqual(finished);
      expect(await orders.algoHistory(account, s, { limit: 5 })).toEqual([finished]);
      expect(await orders.openAlgo(account, s)).toEqual([]);
    });
  });

  describe('MarketTradeLog, AggTradeLog', () => {
    test('trades: written once each; the newest, oldest first', async () => {
      const { trades } = await make(testClock());
      const s = uniqueSymbol();
      for (let id = 1; id <= 5; id++) expect(await trades.put(s, trade(id))).toBe(true);
      expect(await trades.put(s, trade(3, { qty: 99 }))).toBe(false);
      expect(await trades.recent(s, 3)).toEqual([trade(3), trade(4), trade(5)]);
    });

    test('aggregates: the one at or before a trade id, id and time ranges, oldest or newest', async () => {
      const { aggTrades } = await make(testClock());
      const s = uniqueSymbol();
      for (const [a, l] of [
        [1, 2],
        [3, 3],
        [4, 7],
        [8, 9],
      ] as const)
        await aggTrades.put(s, aggregate(a, l), a * 2);
      expect(await aggTrades.put(s, aggregate(4, 6), 8)).toBe(false);
      expect(await aggTrades.put(s, aggregate(4, 8), 15)).toBe(true);
      expect((await aggTrades.atOrBefore(s, 6))?.a).toBe(4);
      expect(await aggTrades.atOrBefore(s, 0)).toBeUndefined();
      const ids = async (range: Parameters<AggTradeLog['range']>[1]) =>
        (await aggTrades.range(s, range)).map((x) => x.a);
      expect(await ids({ newest: false, limit: 2 })).toEqual([1, 3]);
      expect(await ids({ newest: true, limit: 2 })).toEqual([4, 8]);
      expect(await ids({ fromId: 3, toId: 4, newest: false, limit: 10 })).toEqual([3, 4]);
      expect(await ids({ startTime: T0 + 3_000, endTime: T0 + 4_000, newest: false, limit: 10 })).toEqual([
        3, 4,
      ]);
      expect(await aggTrades.range(s, { fromId: 4, newest: false, limit: 1 })).toEqual([aggregate(4, 8)]);
    });
  });

  describe('ReadModelWrites', () => {
    test("a batch's writes to several tables, gathered, are all there once the work is done; guarded ones hold back", async () => {
      const { klines, tickers, readModelWrites } = await make(testClock());
      const s = uniqueSymbol();
      const view = { ...EMPTY_TICKER, lastPrice: 5, updateId: 9, time: T0 };
      const done = await readModelWrites.gathered(async () => {
        await klines.putMany(
          s,
          [
            { interval: '1m', candle: candle(T0) },
            { interval: '1m', candle: candle(T0 + 60_000) },
          ],
          false,
        );
        await tickers.putMany(s, [view], false);
        return 'done';
      });
      expect(done).toBe('done');
      expect((await klines.range(s, '1m', { newest: false, limit: 5 })).map((c) => c.openTime)).toEqual([
        T0,
        T0 + 60_000,
      ]);
      expect(await tickers.latest(s)).toEqual(view);
      await tickers.putMany(s, [{ ...view, lastPrice: 1, updateId: 8 }], true);
      expect((await tickers.latest(s)).lastPrice).toBe(5);
    });
  });

  describe('KlineSeries', () => {
    test('candles by interval and open time: one, several, a range; a write older than the stored candle is held back', async () => {
      const { klines } = await make(testClock());
      const s = uniqueSymbol();
      const minutes = [0, 1, 2, 3].map((i) => T0 + i * 60_000);
      for (const t of minutes) expect(await klines.put(s, '1m', candle(t), 1)).toBe(true);
      await klines.put(s, '1h', candle(T0, { closeTime: T0 + 3_599_999 }), 1);
      expect(await klines.put(s, '1m', candle(minutes[1]!, { close: 1 }), 5)).toBe(false);
      expect(await klines.put(s, '1m', candle(minutes[1]!, { close: 13, lastSeq: 9 }), 6)).toBe(true);
      expect(await klines.get(s, '1m', minutes[1]!)).toEqual(candle(minutes[1]!, { close: 13, lastSeq: 9 }));
      expect(await klines.get(s, '5m', T0)).toBeUndefined();
      const many = await klines.getMany(s, [
        { interval: '1m', openTime: minutes[0]! },
        { interval: '1h', openTime: T0 },
        { interval: '1d', openTime: T0 },
      ]);
      expect([...many.keys()].sort()).toEqual([`1h@${T0}`, `1m@${minutes[0]}`].sort());
      const opens = async (range: Parameters<KlineSeries['range']>[2]) =>
        (await klines.range(s, '1m', range)).map((c) => c.openTime);
      expect(await opens({ newest: true, limit: 2 })).toEqual(minutes.slice(2));
      expect(await opens({ newest: false, limit: 2 })).toEqual(minutes.slice(0, 2));
      expect(await opens({ startTime: minutes[1], endTime: minutes[2], newest: false, limit: 9 })).toEqual(
        minutes.slice(1, 3),
      );
    });
  });

  describe('PriceKlineSeries', () => {
    test('the mark, index and premium series of a symbol are apart from each other and from other symbols', async () => {
      const { priceKlines, klines } = await make(testClock());
      const [s1, s2] = [uniqueSymbol(), uniqueSymbol()];
      const noVolume = { volume: 0, quoteVolume: 0n, takerBuyVolume: 0, takerBuyQuoteVolume: 0n };
      const premium = candle(T0, { ...noVolume, open: -4_821, high: 1_200, low: -5_000, close: -12 });
      expect(await priceKlines.of('mark').put(s1, '1m', candle(T0, { ...noVolume, close: 50 }), 1)).toBe(
        true,
      );
      expect(await priceKlines.of('premium').put(s1, '1m', premium, 1)).toBe(true);
      expect(await priceKlines.of('mark').put(s1, '1m', candle(T0, { close: 1 }), 5)).toBe(false);
      expect((await priceKlines.of('mark').get(s1, '1m', T0))?.close).toBe(50);
      expect(await priceKlines.of('premium').get(s1, '1m', T0)).toEqual(premium);
      expect(await priceKlines.of('index').get(s1, '1m', T0)).toBeUndefined();
      expect(await priceKlines.of('mark').get(s2, '1m', T0)).toBeUndefined();
      expect(await klines.get(s1, '1m', T0)).toBeUndefined();
      const many = await priceKlines.of('premium').getMany(s1, [
        { interval: '1m', openTime: T0 },
        { interval: '5m', openTime: T0 },
      ]);
      expect([...many.keys()]).toEqual([`1m@${T0}`]);
      expect(
        (await priceKlines.of('mark').range(s1, '1m', { newest: true, limit: 5 })).map((c) => c.close),
      ).toEqual([50]);
    });
  });

  describe('FundingRateHistory', () => {
    const HOURS_8 = 8 * 3_600_000;
    const record = (i: number, o: Partial<FundingRateRecord> = {}): FundingRateRecord => ({
      fundingTime: T0 + i * HOURS_8,
      fundingRate: i % 2 === 0 ? 10_000 : -3_750_000,
      markPrice: 5_000_012_345_678,
      lastSeq: 10 * (i + 1),
      ...o,
    });

    test('records by funding time: the newest or oldest, within times; a record is written once', async () => {
      const { fundingRates } = await make(testClock());
      const s = uniqueSymbol();
      for (const i of [0, 1, 2, 3]) expect(await fundingRates.put(s, record(i))).toBe(true);
      expect(await fundingRates.put(s, record(1, { fundingRate: 1 }))).toBe(false);
      const times = async (range: Parameters<FundingRateHistory['range']>[1]) =>
        (await fundingRates.range(s, range)).map((r) => r.fundingTime);
      expect(await fundingRates.range(s, { newest: false, limit: 2 })).toEqual([record(0), record(1)]);
      expect(await times({ newest: true, limit: 2 })).toEqual(
        [record(2), record(3)].map((r) => r.fundingTime),
      );
      expect(
        await times({
          startTime: record(1).fundingTime,
          endTime: record(2).fundingTime,
          newest: false,
          limit: 9,
        }),
      ).toEqual([record(1), record(2)].map((r) => r.fundingTime));
      expect(await fundingRates.range(uniqueSymbol(), { newest: true, limit: 9 })).toEqual([]);
    });
  });

  describe('DepthBook', () => {
    test('levels and the head written, read best first as of the head; loaded whole; a guarded older write is held back', async () => {
      const { depth } = await make(testClock());
      const s = uniqueSymbol();
      expect(await depth.read(s, 5)).toEqual({ lastUpdateId: 0, time: 0, bids: [], asks: [] });
      expect(await depth.load(s)).toEqual({ lastUpdateId: 0, time: 0, bids: new Map(), asks: new Map() });
      const level = (side: 'BUY' | 'SELL', price: number, quantity: number, lastSeq: number) =>
        ({ kind: 'level', side, price, quantity, lastSeq }) as const;
      const head = (lastUpdateId: number, time: number, bids: [number, number][], asks: [number, number][]) =>
        ({ kind: 'head', lastUpdateId, time, bids, asks }) as const;
      await depth.write(
        s,
        [
          level('BUY', 100, 5, 3),
          level('BUY', 101, 2, 3),
          level('SELL', 103, 4, 3),
          level('SELL', 102, 1, 3),
          head(
            3,
            7,
            [
              [101, 2],
              [100, 5],
            ],
            [
              [102, 1],
              [103, 4],
            ],
          ),
        ],
        false,
      );
      await depth.write(
        s,
        [
          level('BUY', 101, 0, 5),
          level('SELL', 104, 9, 5),
          head(
            5,
            8,
            [[100, 5]],
            [
              [102, 1],
              [103, 4],
              [104, 9],
            ],
          ),
        ],
        false,
      );
      // Held back: the level and the head stored are newer.
      await depth.write(s, [level('SELL', 104, 1, 4), head(4, 9, [[100, 5]], [[104, 1]])], true);
      expect(await depth.read(s, 2)).toEqual({
        lastUpdateId: 5,
        time: 8,
        bids: [[100, 5]],
        asks: [
          [102, 1],
          [103, 4],
        ],
      });
      expect(await depth.touch(s)).toEqual({ bid: [100, 5], ask: [102, 1] });
      expect(await depth.load(s)).toEqual({
        lastUpdateId: 5,
        time: 8,
        bids: new Map([[100, 5]]),
        asks: new Map([
          [102, 1],
          [103, 4],
          [104, 9],
        ]),
      });
    });
  });

  describe('TickerViews', () => {
    test('empty before the first write; a write older than the stored ticker is held back', async () => {
      const { tickers } = await make(testClock());
      const s = uniqueSymbol();
      expect(await tickers.get(s)).toEqual(EMPTY_TICKER);
      const view = {
        ...EMPTY_TICKER,
        lastPrice: 5,
        lastQty: 2,
        lastTime: T0,
        bestBid: 4,
        bestBidQty: 1,
        updateId: 9,
        time: T0,
      };
      expect(await tickers.put(s, view)).toBe(true);
      expect(await tickers.put(s, { ...view, lastPrice: 1 })).toBe(false);
      expect(await tickers.latest(s)).toEqual(view);
    });
  });

  describe('UserTradeLog', () => {
    test("an account's fills in a symbol: id and time ranges, one order's, the newest; its last fill's time", async () => {
      const { userTrades } = await make(testClock());
      const [s, other, account] = [uniqueSymbol(), uniqueSymbol(), unique()];
      for (let id = 1; id <= 5; id++) await userTrades.put(fill(account, s, id));
      await userTrades.put(fill(account, s, 3, { maker: false, side: 'SELL' }));
      await userTrades.put(fill(account, other, 9));
      expect(await userTrades.put(fill(account, s, 2))).toBe(false);
      const ids = async (range: Parameters<UserTradeLog['range']>[2]) =>
        (await userTrades.range(account, s, range)).map((f) => `${f.id}${f.maker ? 'M' : 'T'}`);
      expect(await ids({ newest: false, limit: 10 })).toEqual(['1M', '2M', '3M', '3T', '4M', '5M']);
      expect(await ids({ newest: true, limit: 2 })).toEqual(['4M', '5M']);
      expect(await ids({ fromId: 3, toId: 4, newest: false, limit: 10 })).toEqual(['3M', '3T', '4M']);
      expect(await ids({ startTime: T0 + 2_000, endTime: T0 + 3_000, newest: false, limit: 10 })).toEqual([
        '2M',
        '3M',
        '3T',
      ]);
      expect(await ids({ orderId: 1_001, newest: false, limit: 10 })).toEqual(['1M', '3M', '3T', '5M']);
      expect((await userTrades.range(account, s, { fromId: 1, newest: false, limit: 1 }))[0]).toEqual(
        fill(account, s, 1),
      );
      expect(await userTrades.lastTime(account, s)).toBe(T0 + 5_000);
      expect(await userTrades.lastTime(account + 1, s)).toBe(0);
    });
  });

  describe('ProjectionProgress', () => {
    test('moves only from the value it is at', async () => {
      const { progress } = await make(testClock());
      const s = uniqueSymbol();
      expect(await progress.get('projector', s)).toBe(0);
      expect(await progress.advance('projector', s, 0, 4)).toBe(true);
      expect(await progress.advance('projector', s, 0, 9)).toBe(false);
      expect(await progress.advance('projector', s, 4, 9)).toBe(true);
      expect(await progress.get('projector', s)).toBe(9);
      expect(await progress.get('fanout', s)).toBe(0);
    });
  });

  describe('ReadModelReset', () => {
    test("dropping a model takes one symbol's items, or all, and leaves the other models alone", async () => {
      const family = await make(testClock());
      const [s1, s2] = [uniqueSymbol(), uniqueSymbol()];
      for (const s of [s1, s2]) {
        await family.trades.put(s, trade(1));
        await family.trades.put(s, trade(2));
        await family.depth.write(
          s,
          [
            { kind: 'level', side: 'BUY', price: 100, quantity: 1, lastSeq: 1 },
            { kind: 'head', lastUpdateId: 1, time: 1, bids: [[100, 1]], asks: [] },
          ],
          false,
        );
      }
      expect(await family.readModelReset.drop('marketTrades', s1)).toBe(2);
      expect(await family.trades.recent(s1, 10)).toEqual([]);
      expect(await family.trades.recent(s2, 10)).toHaveLength(2);
      expect(await family.readModelReset.drop('depth', s1)).toBe(2); // one level and the head
      expect((await family.depth.read(s1, 10)).bids).toEqual([]);
      expect((await family.depth.read(s2, 10)).bids).toEqual([[100, 1]]);
    });

    test("the futures market models drop one symbol's items (every price series), or all", async () => {
      const family = await make(testClock());
      const [s1, s2] = [uniqueSymbol(), uniqueSymbol()];
      for (const s of [s1, s2]) {
        for (const series of ['mark', 'index', 'premium'] as const)
          await family.priceKlines.of(series).put(s, '1m', candle(T0), 1);
        await family.priceKlines.of('mark').put(s, '1h', candle(T0, { closeTime: T0 + 3_599_999 }), 1);
        await family.fundingRates.put(s, { fundingTime: T0, fundingRate: 1, markPrice: 2, lastSeq: 3 });
      }
      expect(await family.readModelReset.drop('priceKlines', s1)).toBe(4);
      expect(await family.priceKlines.of('index').get(s1, '1m', T0)).toBeUndefined();
      expect(await family.priceKlines.of('index').get(s2, '1m', T0)).toBeDefined();
      expect(await family.readModelReset.drop('fundingRates', s1)).toBe(1);
      expect(await family.fundingRates.range(s1, { newest: true, limit: 9 })).toEqual([]);
      expect(await family.fundingRates.range(s2, { newest: true, limit: 9 })).toHaveLength(1);
    });
  });
}
