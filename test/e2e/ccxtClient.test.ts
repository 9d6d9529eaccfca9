// ccxt's binanceusdm, the contract's reference client, against the running local stack: it loads the markets and
// reads its own open orders with a signed call, so the other end-to-end tests can trust the client helper; and
// ccxt pro's order entry over the WebSocket API (createOrderWs, fetchOrderWs, editOrderWs, cancelOrderWs).
import { type LocalExchange, startLocalExchange } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { ccxtBinanceUsdm, ccxtProBinanceUsdm } from './support/ccxtClient';

jest.setTimeout(60_000);

let exchange: LocalExchange;
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
});
afterAll(() => exchange?.stop());

test('loadMarkets lists the symbol; a signed call answers', async () => {
  const trader = await exchange.trader('1000');
  const client = ccxtBinanceUsdm(exchange.gateway.url, trader);
  const markets = await client.loadMarkets();
  expect(markets['BTC/USDT:USDT']?.id).toBe('BTCUSDT');
  const order = await client.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 60000);
  // The open orders are a read model: the order shows once the projector has it.
  await eventually(async () => {
    const open = await client.fetchOpenOrders('BTC/USDT:USDT');
    expect(open.map((o) => o.id)).toEqual([order.id]);
  });
});

test('ccxt pro places, reads, amends and cancels an order over the WebSocket API', async () => {
  const trader = await exchange.trader('10000');
  const client = ccxtProBinanceUsdm(exchange.gateway.url, exchange.gateway.wsUrl, trader);
  try {
    // ccxt signs `returnRateLimits: false` into every request (Binance's WebSocket API takes it on any method).
    await client.loadHttpProxyAgent();
    await client.loadMarkets();
    const placed = await client.createOrderWs('BTC/USDT:USDT', 'limit', 'buy', 0.01, 58000);
    expect(placed).toMatchObject({ status: 'open', amount: 0.01, price: 58000, filled: 0 });
    const id = String(placed.id);
    expect(await client.fetchOrderWs(id, 'BTC/USDT:USDT')).toMatchObject({
      id,
      status: 'open',
      price: 58000,
    });
    const amended = await client.editOrderWs(id, 'BTC/USDT:USDT', 'limit', 'buy', 0.02, 58100);
    expect(amended).toMatchObject({ id, status: 'open', amount: 0.02, price: 58100 });
    expect(await client.cancelOrderWs(id, 'BTC/USDT:USDT')).toMatchObject({ id, status: 'canceled' });
  } finally {
    await client.close();
  }
});

test('ccxt reads back the leverage it set (symbolConfig), the margin mode and the trading fee', async () => {
  const trader = await exchange.trader('1000');
  const client = ccxtBinanceUsdm(exchange.gateway.url, trader);
  await client.loadMarkets();
  await client.setLeverage(7, 'BTC/USDT:USDT');
  expect(await client.fetchLeverage('BTC/USDT:USDT')).toMatchObject({
    symbol: 'BTC/USDT:USDT',
    marginMode: 'cross',
    longLeverage: 7,
    shortLeverage: 7,
  });
  expect(await client.fetchMarginMode('BTC/USDT:USDT')).toMatchObject({ marginMode: 'cross' });
  // The symbol's own rates (commissionRate). ccxt's fetchTradingFees reads only the fee tier (accountConfig, 0)
  // and takes the rates from its own table of Binance's tiers, not from shardex.
  expect(await client.fetchTradingFee('BTC/USDT:USDT')).toMatchObject({ maker: 0.0002, taker: 0.0005 });
  expect(await client.fetchTradingFees()).toHaveProperty('BTC/USDT:USDT');
});

test('ccxt cancels several orders at once (cancelOrders), by ids or by client order ids', async () => {
  const trader = await exchange.trader('10000');
  const client = ccxtBinanceUsdm(exchange.gateway.url, trader);
  await client.loadMarkets();
  const orders = [];
  for (const [i, price] of [57000, 57100, 57200].entries())
    orders.push(
      await client.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, price, { clientOrderId: `many-${i}` }),
    );
  const byIds = await client.cancelOrders([String(orders[0]!.id), String(orders[1]!.id)], 'BTC/USDT:USDT');
  expect(byIds.map((o) => [o.id, o.status])).toEqual([
    [orders[0]!.id, 'canceled'],
    [orders[1]!.id, 'canceled'],
  ]);
  const byClientIds = await client.cancelOrders([], 'BTC/USDT:USDT', { clientOrderIds: ['many-2'] });
  expect(byClientIds.map((o) => [o.id, o.status])).toEqual([[orders[2]!.id, 'canceled']]);
});

test('ccxt amends several orders at once (editOrders)', async () => {
  const trader = await exchange.trader('10000');
  const client = ccxtBinanceUsdm(exchange.gateway.url, trader);
  await client.loadMarkets();
  const [first, second] = [
    await client.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 56000),
    await client.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 56100),
  ];
  const requests = [
    { id: String(first.id), symbol: 'BTC/USDT:USDT', type: 'limit', side: 'buy', amount: 0.02, price: 56050 },
    {
      id: String(second.id),
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.03,
      price: 56150,
    },
  ];
  // ccxt's OrderRequest type has no `id`, which editOrders reads from each entry.
  const amended = await client.editOrders(requests as unknown as Parameters<typeof client.editOrders>[0]);
  expect(amended.map((o) => [o.id, o.status, o.amount, o.price])).toEqual([
    [first.id, 'open', 0.02, 56050],
    [second.id, 'open', 0.03, 56150],
  ]);
});

test('ccxt reads the open interest: the sum of the longs, after trades that open and close', async () => {
  const [long, short] = [await exchange.trader('100000'), await exchange.trader('100000')];
  const [buyer, seller] = [
    ccxtBinanceUsdm(exchange.gateway.url, long),
    ccxtBinanceUsdm(exchange.gateway.url, short),
  ];
  await buyer.loadMarkets();
  await seller.loadMarkets();
  const before = (await buyer.fetchOpenInterest('BTC/USDT:USDT')).openInterestAmount ?? 0;
  await seller.createOrder('BTC/USDT:USDT', 'limit', 'sell', 0.05, 60000);
  // The ingress prices a MARKET order's margin from the tickers read model: on a symbol never traded and without
  // an index feed (this stack has none), it has no price for it until the resting ask is projected (-4131).
  await exchange.settle();
  await buyer.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.05);
  await exchange.settle();
  // The long closes 0.02 of it against the short's new bid.
  await seller.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.02, 59000);
  await buyer.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.02);
  await exchange.settle();
  const openInterest = await buyer.fetchOpenInterest('BTC/USDT:USDT');
  expect(openInterest.symbol).toBe('BTC/USDT:USDT');
  expect(Math.round(((openInterest.openInterestAmount ?? 0) - before) * 1000)).toBe(30);
  expect(openInterest.timestamp).toBeGreaterThan(0);
});

test('ccxt reads its own order right after placing it (fetchOrder), and the open one alone (fetchOpenOrder)', async () => {
  const client = ccxtBinanceUsdm(exchange.gateway.url, await exchange.trader('10000'));
  await client.loadMarkets();
  // The read model trails the answer by a few milliseconds here (a second on AWS): each read comes at once.
  for (let i = 0; i < 8; i++) {
    const placed = await client.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 55000 + i);
    expect((await client.fetchOrder(String(placed.id), 'BTC/USDT:USDT')).status).toBe('open');
    expect((await client.fetchOpenOrder(String(placed.id), 'BTC/USDT:USDT')).price).toBe(55000 + i);
    await client.cancelOrder(String(placed.id), 'BTC/USDT:USDT');
    // Canceled: the open order is no more (-2013), the order is.
    await expect(client.fetchOpenOrder(String(placed.id), 'BTC/USDT:USDT')).rejects.toThrow(/-2013/);
    expect((await client.fetchOrder(String(placed.id), 'BTC/USDT:USDT')).status).toBe('canceled');
  }
});

test('ccxt sees its position and balance right after its order filled (fetchPositions, fetchBalance)', async () => {
  const [makerKeys, takerKeys] = [await exchange.trader('1000000'), await exchange.trader('100000')];
  const maker = ccxtBinanceUsdm(exchange.gateway.url, makerKeys);
  const taker = ccxtBinanceUsdm(exchange.gateway.url, takerKeys);
  await Promise.all([maker.loadMarkets(), taker.loadMarkets()]);
  await maker.createOrder('BTC/USDT:USDT', 'limit', 'sell', 1, 60000);
  await exchange.settle();
  // Each fill is read at once, before the projector has (always) settled it.
  for (let i = 1; i <= 6; i++) {
    await taker.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 60000, { timeInForce: 'IOC' });
    const [position] = await taker.fetchPositions(['BTC/USDT:USDT']);
    expect(Math.round((position?.contracts ?? 0) * 1000)).toBe(10 * i);
    // 0.05 % taker fee on 600 USDT a fill.
    expect((await taker.fetchBalance()).USDT?.total).toBeCloseTo(100000 - 0.3 * i, 6);
  }
});

test('ccxt sees its open orders right after placing one and after one filled (fetchOpenOrders)', async () => {
  const [makerKeys, takerKeys] = [await exchange.trader('1000000'), await exchange.trader('1000000')];
  const maker = ccxtBinanceUsdm(exchange.gateway.url, makerKeys);
  const taker = ccxtBinanceUsdm(exchange.gateway.url, takerKeys);
  await Promise.all([maker.loadMarkets(), taker.loadMarkets()]);
  // Below the earlier tests' asks: the taker's IOC buys this one.
  for (let i = 0; i < 6; i++) {
    const placed = await maker.createOrder('BTC/USDT:USDT', 'limit', 'sell', 0.01, 59950);
    expect((await maker.fetchOpenOrders('BTC/USDT:USDT')).map((o) => o.id)).toEqual([placed.id]);
    await taker.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 59950, { timeInForce: 'IOC' });
    expect(await maker.fetchOpenOrders('BTC/USDT:USDT')).toEqual([]);
  }
});
