// The queries as use cases (application/queries), on the in-memory exchange after a little trading: each answers
// from the read models the projector kept, and only within the caller's own account.

import { ID_EPOCH } from '../../application/orderEntry/orderIds';
import { submitCancel } from '../../application/orderEntry/submitCancel';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { activeExposures, loadAccountOverview } from '../../application/queries/accountOverview';
import { premiumIndex } from '../../application/queries/futuresMarketData';
import {
  aggregateTrades,
  candles,
  dayStats,
  orderBook,
  perSymbol,
  recentTrades,
} from '../../application/queries/marketData';
import { findOpenOrder, findOrder, openOrders, orderHistory } from '../../application/queries/orders';
import { userTradeHistory } from '../../application/queries/userTrades';
import { Rejections } from '../../core/errors';
import { formatMoney } from '../../core/numbers/money';
import { DAY_MS } from '../../core/projections/intervals';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { callerOf, codeOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;
let maker: Trader;
let taker: Trader;
let restingId: number;
let filledId: number;

beforeAll(async () => {
  exchange = await exchangeWithBtc();
  maker = await exchange.trader('100000');
  taker = await exchange.trader('100000');
  const ctx = exchange.ctx;
  // The maker quotes two asks and a bid; the taker buys through the first ask and part of the second.
  await submitOrder(
    ctx,
    callerOf(maker),
    limit('SELL', '60000.0', '0.010', { newClientOrderId: 'ask-1' }),
    'm1',
  );
  restingId = (await submitOrder(ctx, callerOf(maker), limit('SELL', '60100.0', '0.020'), 'm2')).view.order
    .orderId;
  await submitOrder(ctx, callerOf(maker), limit('BUY', '59000.0', '0.005'), 'm3');
  const taken = await submitOrder(
    ctx,
    callerOf(taker),
    limit('BUY', '60100.0', '0.015', { timeInForce: 'IOC', newOrderRespType: 'RESULT' }),
    't1',
  );
  filledId = taken.view.order.orderId;
  expect(taken.view).toMatchObject({ status: 'FILLED', executedQty: 15 });
});

describe('orders', () => {
  test("an order by id or client order id, only the caller's own; -2013 otherwise", async () => {
    const unreferenced = Rejections.mandatoryParam;
    const byClientId = await findOrder(
      exchange.ctx,
      callerOf(maker),
      { symbol: 'BTCUSDT', origClientOrderId: 'ask-1' },
      unreferenced,
    );
    expect(byClientId.view).toMatchObject({ status: 'FILLED', executedQty: 10 });
    const ref = { symbol: 'BTCUSDT', orderId: filledId };
    expect((await findOrder(exchange.ctx, callerOf(taker), ref, unreferenced)).view.status).toBe('FILLED');
    expect(await codeOf(findOrder(exchange.ctx, callerOf(maker), ref, unreferenced))).toBe(-2013);
    expect(await codeOf(findOrder(exchange.ctx, callerOf(maker), { symbol: 'BTCUSDT' }, unreferenced))).toBe(
      -1102,
    );
  });

  test('an order the read model does not show yet is waited for while its id is young; an old id is -2013 at once', async () => {
    // A read model a few reads behind, as the projector is right after an ACK or a RESULT answer.
    let reads = 0;
    const behind = (hidden: number) => ({
      ...exchange.ctx,
      orders: {
        ...exchange.ctx.orders,
        get: async (...args: Parameters<typeof exchange.ctx.orders.get>) =>
          ++reads <= hidden ? undefined : exchange.ctx.orders.get(...args),
      },
    });
    const trader = await exchange.trader();
    const placed = await submitOrder(
      exchange.ctx,
      callerOf(trader),
      limit('BUY', '58000.0', '0.001'),
      'young',
    );
    const young = { symbol: 'BTCUSDT', orderId: placed.view.order.orderId };
    const found = await findOrder(behind(3), callerOf(trader), young, Rejections.eitherOrderReference);
    expect([found.view.status, reads]).toEqual(['NEW', 4]);
    await submitCancel(exchange.ctx, callerOf(trader), young); // the other tests' book stays as it was
    // An id made a day ago (ids carry their time) that the read model does not show: no wait, one read.
    reads = 0;
    const old = { symbol: 'BTCUSDT', orderId: (Date.now() - DAY_MS - ID_EPOCH) * 8192 };
    expect(await codeOf(findOrder(behind(0), callerOf(maker), old, Rejections.eitherOrderReference))).toBe(
      -2013,
    );
    expect(reads).toBe(1);
    // An id from the future (the largest safe integer) was never made: no wait either.
    reads = 0;
    const future = { symbol: 'BTCUSDT', orderId: Number.MAX_SAFE_INTEGER };
    expect(await codeOf(findOrder(behind(0), callerOf(maker), future, Rejections.eitherOrderReference))).toBe(
      -2013,
    );
    expect(reads).toBe(1);
  });

  test('the open order by id: -2013 once it is filled, as Binance', async () => {
    const resting = { symbol: 'BTCUSDT', orderId: restingId };
    expect((await findOpenOrder(exchange.ctx, callerOf(maker), resting)).view.status).toBe(
      'PARTIALLY_FILLED',
    );
    const filled = { symbol: 'BTCUSDT', orderId: filledId };
    expect(await codeOf(findOpenOrder(exchange.ctx, callerOf(taker), filled))).toBe(-2013);
  });

  test('open orders and the order history of the caller', async () => {
    const open = await openOrders(exchange.ctx, callerOf(maker), 'BTCUSDT');
    expect(open.map((o) => [o.view.order.side, o.view.status, o.view.executedQty])).toEqual([
      ['SELL', 'PARTIALLY_FILLED', 5],
      ['BUY', 'NEW', 0],
    ]);
    expect(open[0]!.view.order.orderId).toBe(restingId);
    expect(await openOrders(exchange.ctx, callerOf(taker))).toEqual([]);
    const history = await orderHistory(exchange.ctx, callerOf(maker), { symbol: 'BTCUSDT' });
    expect(history.map((o) => o.view.status)).toEqual(['FILLED', 'PARTIALLY_FILLED', 'NEW']);
  });

  test("fills: the taker's two, with their prices and commissions", async () => {
    const { fills } = await userTradeHistory(exchange.ctx, callerOf(taker), { symbol: 'BTCUSDT' });
    expect(fills.map((f) => [f.price, f.qty, f.maker, formatMoney(f.commission)])).toEqual([
      [600_000, 10, false, '0.30000000'],
      [601_000, 5, false, '0.15025000'],
    ]);
    const ofOrder = await userTradeHistory(exchange.ctx, callerOf(maker), {
      symbol: 'BTCUSDT',
      orderId: restingId,
    });
    expect(ofOrder.fills.map((f) => [f.qty, f.maker])).toEqual([[5, true]]);
  });
});

describe('account overview', () => {
  test("the taker's long: position, entry, open orders none; the maker's reservations for what is left", async () => {
    const taking = await loadAccountOverview(exchange.ctx, taker.accountId);
    expect(
      activeExposures(taking).map((e) => [e.instrument.spec.symbol, e.position.size, e.openOrders]),
    ).toEqual([['BTCUSDT', 15, 0]]);
    expect(formatMoney(taking.summary.walletBalance)).toBe('99999.54975000');
    const making = await loadAccountOverview(exchange.ctx, maker.accountId);
    const btc = activeExposures(making)[0]!;
    expect([
      btc.position.size,
      btc.openOrders,
      formatMoney(btc.askNotional),
      formatMoney(btc.bidNotional),
    ]).toEqual([-15, 2, '901.50000000', '295.00000000']);
    expect(await codeOf(loadAccountOverview(exchange.ctx, 999_999))).toBe(-2015);
  });
});

describe('market data', () => {
  test('the book, the tape, aggregates and candles as of the last trade', async () => {
    const { book } = await orderBook(exchange.ctx, 'BTCUSDT', 5);
    expect([book.bids, book.asks]).toEqual([[[590_000, 5]], [[601_000, 15]]]);
    const { trades } = await recentTrades(exchange.ctx, 'BTCUSDT', 10);
    expect(trades.map((t) => [t.id, t.price, t.qty, t.isBuyerMaker])).toEqual([
      [1, 600_000, 10, false],
      [2, 601_000, 5, false],
    ]);
    const { aggregates } = await aggregateTrades(exchange.ctx, 'BTCUSDT', {});
    expect(aggregates.map((a) => [a.a, a.f, a.l, a.p])).toEqual([
      [1, 1, 1, 600_000],
      [2, 2, 2, 601_000],
    ]);
    const minute = await candles(exchange.ctx, 'BTCUSDT', { interval: '1m' });
    expect(minute.candles.map((c) => [c.open, c.high, c.close, c.volume, c.trades])).toEqual([
      [600_000, 601_000, 601_000, 15, 2],
    ]);
    expect(await codeOf(candles(exchange.ctx, 'BTCUSDT', { interval: '1m', startTime: 2, endTime: 1 }))).toBe(
      -1023,
    );
  });

  test('tickers per symbol or for every listed one; -1121 for a symbol that is not listed', async () => {
    const one = await perSymbol(exchange.ctx, 'BTCUSDT', (i) => dayStats(exchange.ctx, i));
    expect(Array.isArray(one)).toBe(false);
    const { stats, ticker } = one as Awaited<ReturnType<typeof dayStats>>;
    expect([stats.open, stats.last, stats.volume, stats.count, ticker.bestBid, ticker.bestAsk]).toEqual([
      600_000, 601_000, 15, 2, 590_000, 601_000,
    ]);
    const all = await perSymbol(exchange.ctx, undefined, (i) => premiumIndex(exchange.ctx, i));
    expect((all as Awaited<ReturnType<typeof premiumIndex>>[]).map((p) => p.ticker.lastPrice)).toEqual([
      601_000,
    ]);
    expect(await codeOf(perSymbol(exchange.ctx, 'NOPEUSDT', (i) => dayStats(exchange.ctx, i)))).toBe(-1121);
  });
});
