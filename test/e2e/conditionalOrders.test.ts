// Conditional orders through ccxt 4.5, unchanged, against the running local stack: createOrder with
// stopLossPrice, takeProfitPrice, triggerPrice and trailingPercent goes to /fapi/v1/algoOrder; the index moves
// (operator set-index-price), the mark follows, the orders trigger and fill; fetchOpenOrders({ trigger: true })
// and cancelOrder({ trigger: true }) see and cancel them; watchOrders sees the ALGO_UPDATEs and the triggered
// order's ORDER_TRADE_UPDATEs.
import { type LocalExchange, startLocalExchange } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { ccxtBinanceUsdm, ccxtProBinanceUsdm } from './support/ccxtClient';

jest.setTimeout(90_000);

const SYMBOL = 'BTC/USDT:USDT';
let exchange: LocalExchange;
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
});
afterAll(() => exchange?.stop());

test('stops, take-profits and trailing stops placed with ccxt trigger on the mark and fill', async () => {
  const maker = ccxtBinanceUsdm(exchange.gateway.url, await exchange.trader('1000000'));
  const traderKeys = await exchange.trader('1000000');
  const trader = ccxtProBinanceUsdm(exchange.gateway.url, exchange.gateway.wsUrl, traderKeys);
  await Promise.all([maker.loadMarkets(), trader.loadMarkets()]);
  // ccxt in Node needs its HTTP agent to open a plain ws:// connection.
  await trader.loadHttpProxyAgent();
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');

  // Liquidity on both sides for the triggered MARKET orders.
  await maker.createOrder(SYMBOL, 'limit', 'buy', 1, 59000);
  await maker.createOrder(SYMBOL, 'limit', 'sell', 1, 61000);

  const seen: { id: string; status: string; type: string }[] = [];
  let watching = true;
  const watchErrors: string[] = [];
  const watcher = (async () => {
    while (watching) {
      const orders = await trader.watchOrders(SYMBOL).catch(async (error) => {
        if (watching) watchErrors.push(String(error));
        // A failed watch must not spin: wait before the next one.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return [];
      });
      for (const o of orders) seen.push({ id: String(o.id), status: String(o.status), type: String(o.type) });
    }
  })();
  // The watcher is stopped however the test ends: a failed expectation must not leave it polling a stopped stack
  // (it would keep Jest from exiting).
  const stopWatching = async () => {
    if (!watching) return;
    watching = false;
    await trader.close();
    await watcher;
  };
  try {
    // The user data stream is open before the orders (ccxt subscribes on the first watch).
    await new Promise((resolve) => setTimeout(resolve, 500));

    const stopLoss = await trader.createOrder(SYMBOL, 'market', 'sell', 0.01, undefined, {
      stopLossPrice: 59500,
      workingType: 'MARK_PRICE',
    });
    const takeProfit = await trader.createOrder(SYMBOL, 'market', 'sell', 0.01, undefined, {
      takeProfitPrice: 65000,
      workingType: 'MARK_PRICE',
    });
    const stopLimit = await trader.createOrder(SYMBOL, 'limit', 'buy', 0.01, 61500, {
      triggerPrice: 60500,
      workingType: 'MARK_PRICE',
    });
    const trailing = await trader.createOrder(SYMBOL, 'market', 'sell', 0.01, undefined, {
      trailingPercent: 1,
      workingType: 'MARK_PRICE',
    });
    for (const o of [stopLoss, takeProfit, stopLimit, trailing]) expect(o.status).toBe('open');
    expect(stopLoss.triggerPrice).toBe(59500);

    await exchange.settle();
    const open = await trader.fetchOpenOrders(SYMBOL, undefined, undefined, { trigger: true });
    expect(open.map((o) => o.id).sort()).toEqual(
      [stopLoss, takeProfit, stopLimit, trailing].map((o) => o.id).sort(),
    );

    await trader.cancelOrder(String(takeProfit.id), SYMBOL, { trigger: true });

    // The mark rises to 60,600 (with no trade yet the mark is the index): the stop-limit buy triggers and buys the
    // maker's 61,000 ask; the trailing stop's best mark is now 60,600.
    await exchange.operator.setIndexPrice('BTCUSDT', '60600');
    await exchange.settle();
    // Then the maker quotes around 59,400 and the index falls there. The mark is median(index, index + average
    // basis, last trade 61,000); whichever seconds the basis samples fell in (one per second), they average 0 or
    // below, so the mark is 59,400. The stop-loss and the trailing stop (1 % below 60,600 is 59,994) both trigger
    // and sell into the 58,900 bid. (Left quoting around 60,000, a sample of this second alone would hold the mark
    // at the book's mid, 60,000, and nothing would trigger.)
    await maker.cancelAllOrders(SYMBOL);
    await maker.createOrder(SYMBOL, 'limit', 'buy', 1, 58900);
    await maker.createOrder(SYMBOL, 'limit', 'sell', 1, 59900);
    await exchange.operator.setIndexPrice('BTCUSDT', '59400');
    await exchange.settle();

    expect(await trader.fetchOpenOrders(SYMBOL, undefined, undefined, { trigger: true })).toEqual([]);
    const position = (await trader.fetchPositions([SYMBOL]))[0];
    // Bought 0.01, sold 0.02: short 0.01.
    expect(position?.contracts).toBeCloseTo(0.01);
    expect(position?.side).toBe('short');

    // The stop-loss's order filled: the conditional order is FINISHED, with that order's average price.
    const algo = await trader.fetchOrder(String(stopLoss.id), SYMBOL, { trigger: true });
    expect(algo.info.algoStatus).toBe('FINISHED');
    expect(algo.status).toBe('closed');
    const filled = await trader.fetchOrder(algo.info.actualOrderId, SYMBOL);
    expect(filled.status).toBe('closed');
    expect(filled.filled).toBeCloseTo(0.01);
    expect(algo.info.actualPrice).toBe(filled.info.avgPrice);

    await new Promise((resolve) => setTimeout(resolve, 500));
    await stopWatching();
    expect(watchErrors.slice(0, 1)).toEqual([]);
    const ids = new Set(seen.map((o) => o.id));
    for (const o of [stopLoss, stopLimit, trailing]) expect(ids.has(String(o.id))).toBe(true);
    expect(seen.some((o) => o.id === takeProfit.id && o.status === 'canceled')).toBe(true);
    expect(seen.some((o) => o.id === String(algo.info.actualOrderId) && o.status === 'closed')).toBe(true);
  } finally {
    await stopWatching();
  }
});

test('countdownCancelAll: orders and conditional orders are canceled once the countdown runs out', async () => {
  const trader = ccxtBinanceUsdm(exchange.gateway.url, await exchange.trader('1000000'));
  await trader.loadMarkets();
  await trader.createOrder(SYMBOL, 'limit', 'buy', 0.01, 50000);
  await trader.createOrder(SYMBOL, 'market', 'sell', 0.01, undefined, { stopLossPrice: 40000 });
  const answer = await (
    trader as unknown as { fapiPrivatePostCountdownCancelAll(p: object): Promise<unknown> }
  ).fapiPrivatePostCountdownCancelAll({ symbol: 'BTCUSDT', countdownTime: 200 });
  expect(answer).toEqual({ symbol: 'BTCUSDT', countdownTime: '200' });
  await new Promise((resolve) => setTimeout(resolve, 400));
  // Any command of the symbol after the deadline fires it: the index feed's next price.
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  await exchange.settle();
  expect(await trader.fetchOpenOrders(SYMBOL)).toEqual([]);
  expect(await trader.fetchOpenOrders(SYMBOL, undefined, undefined, { trigger: true })).toEqual([]);
});
