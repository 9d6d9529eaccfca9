// Orders over the WebSocket API and what the fan-out pushes back, end to end on the local stack: the gateway,
// the ws handler, Kinesis, the matcher, the event store, the stream poller, the projector and the fan-out, with
// plain `ws` clients. User data goes to the owner's connections only; market streams to their subscribers.

import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { type DepthUpdate, followDepthStream } from './support/localOrderBook';
import { TestSocket } from './support/testSocket';

jest.setTimeout(60_000);

const limit = (
  side: 'BUY' | 'SELL',
  price: string,
  quantity: string,
  extra: Record<string, string> = {},
) => ({
  symbol: 'BTCUSDT',
  side,
  type: 'LIMIT',
  timeInForce: 'GTC',
  price,
  quantity,
  ...extra,
});

describe('WebSocket order entry and user data', () => {
  let exchange: LocalExchange;
  let alice: Trader;
  let bob: Trader;
  let aliceStream: TestSocket;
  let bobStream: TestSocket;
  let market: TestSocket;
  let api: TestSocket;
  const sockets: TestSocket[] = [];
  const open = async (path: string) => {
    const socket = await TestSocket.open(`${exchange.gateway.wsUrl}${path}`);
    sockets.push(socket);
    return socket;
  };
  const listenKeyOf = async (trader: Trader) => {
    const response = await fetch(`${exchange.gateway.url}/fapi/v1/listenKey`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': trader.apiKey },
    });
    return ((await response.json()) as { listenKey: string }).listenKey;
  };
  const updatesOf = (socket: TestSocket, orderId: number) =>
    socket.all((f) => f.e === 'ORDER_TRADE_UPDATE' && f.o.i === orderId);

  beforeAll(async () => {
    const started = Date.now();
    exchange = await startLocalExchange({ pingIntervalMs: 1_000 });
    [alice, bob] = await Promise.all([exchange.trader(), exchange.trader()]);
    await exchange.listSymbol(BTCUSDT);
    aliceStream = await open(`/private/ws?listenKey=${await listenKeyOf(alice)}`);
    bobStream = await open(`/private/ws?listenKey=${await listenKeyOf(bob)}`);
    market = await open('/market/ws/1');
    const streams = [
      'depth5',
      'trade',
      'aggTrade',
      'kline_1m',
      'bookTicker',
      'ticker',
      'miniTicker',
      'markPrice',
    ];
    expect(
      await market.control(
        'SUBSCRIBE',
        streams.map((s) => `btcusdt@${s}`),
      ),
    ).toEqual({ result: null, id: 1 });
    api = await open('/ws');
    console.info(`local exchange with matcher up in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await exchange?.stop();
  });

  test('order.place with a wrong signature is refused like REST', async () => {
    const reply = await api.api('order.place', limit('BUY', '60000.0', '0.010'), alice, 'not-the-secret');
    expect(reply).toEqual({
      id: expect.any(String),
      status: 401,
      error: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
    const unlisted = await api.api('order.place', { ...limit('BUY', '1.0', '1'), symbol: 'NOPEUSDT' }, alice);
    expect(unlisted).toMatchObject({ status: 400, error: { code: -1121 } });
    const badSide = await api.api('order.place', limit('SIDEWAYS' as never, '60000.0', '0.010'), alice);
    expect(badSide).toMatchObject({ status: 400, error: { code: -1117 } });
    // Binance's returnRateLimits is taken by every method (ccxt sends false); anything but true or false is -1130.
    const oddFlag = { ...limit('BUY', '1.0', '1'), symbol: 'NOPEUSDT', returnRateLimits: 'maybe' };
    expect(await api.api('order.place', oddFlag, alice)).toMatchObject({
      status: 400,
      error: { code: -1130, msg: "Data sent for parameter 'returnRateLimits' is not valid." },
    });
  });

  test('place, status, modify, cancel: replies as REST, and the owner alone gets every ORDER_TRADE_UPDATE', async () => {
    const placed = await api.api(
      'order.place',
      limit('BUY', '60000.0', '0.010', { newClientOrderId: 'ws-alice-1' }),
      alice,
    );
    expect(placed).toMatchObject({
      status: 200,
      result: {
        symbol: 'BTCUSDT',
        status: 'NEW',
        clientOrderId: 'ws-alice-1',
        price: '60000.00',
        origQty: '0.010',
      },
    });
    const orderId = placed.result.orderId as number;

    const status = await eventually(async () => {
      const reply = await api.api('order.status', { symbol: 'BTCUSDT', orderId }, alice);
      expect(reply.status).toBe(200);
      return reply;
    });
    expect(status.result).toMatchObject({ orderId, status: 'NEW', executedQty: '0.000' });
    expect(await api.api('order.status', { symbol: 'BTCUSDT', orderId }, bob)).toMatchObject({
      status: 400,
      error: { code: -2013 },
    });

    const modified = await api.api(
      'order.modify',
      { symbol: 'BTCUSDT', orderId, side: 'BUY', price: '60010.0', quantity: '0.020' },
      alice,
    );
    expect(modified).toMatchObject({ status: 200, result: { orderId, price: '60010.00', origQty: '0.020' } });
    const canceled = await api.api(
      'order.cancel',
      { symbol: 'BTCUSDT', origClientOrderId: 'ws-alice-1' },
      alice,
    );
    expect(canceled).toMatchObject({ status: 200, result: { orderId, status: 'CANCELED' } });

    await aliceStream.next((f) => f.e === 'ORDER_TRADE_UPDATE' && f.o.i === orderId && f.o.x === 'CANCELED');
    const updates = updatesOf(aliceStream, orderId);
    expect(updates.map((u) => [u.o.x, u.o.X, u.o.p, u.o.q])).toEqual([
      ['NEW', 'NEW', '60000.00', '0.010'],
      ['AMENDMENT', 'NEW', '60010.00', '0.020'],
      ['CANCELED', 'CANCELED', '60010.00', '0.020'],
    ]);
    expect(updates[0]).toEqual({
      e: 'ORDER_TRADE_UPDATE',
      E: expect.any(Number),
      T: expect.any(Number),
      o: {
        s: 'BTCUSDT',
        c: 'ws-alice-1',
        S: 'BUY',
        o: 'LIMIT',
        f: 'GTC',
        q: '0.010',
        p: '60000.00',
        ap: '0.00000',
        sp: '0.00',
        x: 'NEW',
        X: 'NEW',
        i: orderId,
        l: '0.000',
        z: '0.000',
        L: '0.00',
        T: expect.any(Number),
        t: 0,
        b: '0',
        a: '0',
        m: false,
        R: false,
        wt: 'CONTRACT_PRICE',
        ot: 'LIMIT',
        ps: 'BOTH',
        cp: false,
        rp: '0.00000000',
        pP: false,
        si: 0,
        ss: 0,
        V: 'EXPIRE_MAKER',
        pm: 'NONE',
        gtd: 0,
        er: '0',
      },
    });
    expect(updatesOf(bobStream, orderId)).toEqual([]);
  });

  test('algoOrder.place and algoOrder.cancel: a conditional order, ALGO_UPDATE NEW then CANCELED to its owner', async () => {
    const placed = await api.api(
      'algoOrder.place',
      {
        algoType: 'CONDITIONAL',
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'STOP_MARKET',
        quantity: '0.010',
        triggerPrice: '1000.0',
        clientAlgoId: 'ws-stop-1',
      },
      alice,
    );
    expect(placed).toMatchObject({
      status: 200,
      result: {
        algoStatus: 'NEW',
        orderType: 'STOP_MARKET',
        clientAlgoId: 'ws-stop-1',
        triggerPrice: '1000.00',
      },
    });
    expect((await aliceStream.next((f) => f.e === 'ALGO_UPDATE')).o).toMatchObject({
      caid: 'ws-stop-1',
      X: 'NEW',
    });
    const canceled = await api.api(
      'algoOrder.cancel',
      { symbol: 'BTCUSDT', clientAlgoId: 'ws-stop-1' },
      alice,
    );
    expect(canceled).toMatchObject({
      status: 200,
      result: { algoId: placed.result.algoId, clientAlgoId: 'ws-stop-1', code: '200' },
    });
    expect(
      (await aliceStream.next((f) => f.e === 'ALGO_UPDATE' && (f.o as { X: string }).X === 'CANCELED')).o,
    ).toMatchObject({ caid: 'ws-stop-1', aid: placed.result.algoId });
    expect(
      await api.api('algoOrder.cancel', { symbol: 'BTCUSDT', clientAlgoId: 'ws-stop-1' }, alice),
    ).toMatchObject({
      status: 400,
      error: { code: -2011 },
    });
  });

  test('a trade: TRADE updates and ACCOUNT_UPDATE to each side, market streams to subscribers', async () => {
    const resting = await api.api('order.place', limit('SELL', '61000.0', '0.050'), alice);
    expect(resting.status).toBe(200);
    const makerId = resting.result.orderId as number;
    // A MARKET order's margin is priced at the best ask, which ingress reads from the tickers read model.
    await eventually(async () => {
      const ticker = await (
        await fetch(`${exchange.gateway.url}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)
      ).json();
      expect(ticker).toMatchObject({ askPrice: '61000.00' });
    });
    const taking = await api.api(
      'order.place',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.020', newOrderRespType: 'RESULT' },
      bob,
    );
    expect(taking).toMatchObject({
      status: 200,
      result: { status: 'FILLED', executedQty: '0.020', avgPrice: '61000.00000' },
    });
    const takerId = taking.result.orderId as number;

    const makerTrade = await aliceStream.next(
      (f) => f.e === 'ORDER_TRADE_UPDATE' && f.o.i === makerId && f.o.x === 'TRADE',
    );
    expect(makerTrade.o).toMatchObject({
      X: 'PARTIALLY_FILLED',
      l: '0.020',
      z: '0.020',
      L: '61000.00',
      ap: '61000.00000',
      m: true,
      N: 'USDT',
      n: '0.24400000', // 0.02 × 61,000 × 0.0002 maker fee
      rp: '0.00000000',
    });
    const takerUpdates = await eventually(async () => {
      const list = updatesOf(bobStream, takerId);
      expect(list.map((u) => u.o.x)).toEqual(['NEW', 'TRADE']);
      return list;
    });
    expect(takerUpdates[1]!.o).toMatchObject({
      o: 'MARKET',
      X: 'FILLED',
      m: false,
      n: '0.61000000',
      t: makerTrade.o.t,
    });
    expect(updatesOf(aliceStream, takerId)).toEqual([]);
    expect(updatesOf(bobStream, makerId)).toEqual([]);

    const aliceAccount = await aliceStream.next((f) => f.e === 'ACCOUNT_UPDATE');
    expect(aliceAccount.a).toEqual({
      m: 'ORDER',
      B: [{ a: 'USDT', wb: '99999.75600000', cw: '99999.75600000', bc: '0' }],
      P: [
        {
          s: 'BTCUSDT',
          pa: '-0.020',
          ep: '61000.00000',
          bep: expect.any(String),
          cr: '0.00000000',
          up: '0.00000000',
          mt: 'cross',
          iw: '0',
          ps: 'BOTH',
        },
      ],
    });
    expect((await bobStream.next((f) => f.e === 'ACCOUNT_UPDATE')).a.P[0]).toMatchObject({
      pa: '0.020',
      ep: '61000.00000',
    });

    const trade = await market.next((f) => f.e === 'trade');
    expect(trade).toEqual({
      e: 'trade',
      E: expect.any(Number),
      T: expect.any(Number),
      s: 'BTCUSDT',
      t: makerTrade.o.t,
      p: '61000.00',
      q: '0.020',
      X: 'MARKET',
      m: false,
    });
    expect(await market.next((f) => f.e === 'aggTrade')).toMatchObject({
      a: makerTrade.o.t,
      f: makerTrade.o.t,
      p: '61000.00',
      q: '0.020',
      m: false,
    });
    expect((await market.next((f) => f.e === 'kline')).k).toMatchObject({
      i: '1m',
      o: '61000.00',
      c: '61000.00',
      v: '0.020',
      n: 1,
      x: false,
    });
    expect(await market.next((f) => f.e === '24hrTicker')).toMatchObject({ c: '61000.00', Q: '0.020' });
    expect(await market.next((f) => f.e === '24hrMiniTicker')).toMatchObject({ c: '61000.00' });
    expect(await market.next((f) => f.e === 'markPriceUpdate')).toMatchObject({
      p: '61000.00000000',
      r: '0.00000000',
    });
    expect(await market.next((f) => f.e === 'bookTicker' && f.A === '0.030')).toMatchObject({
      a: '61000.00',
      s: 'BTCUSDT',
    });
    expect(
      await market.next(
        (f) => f.e === 'depthUpdate' && f.a?.some((l: string[]) => l[0] === '61000.00' && l[1] === '0.030'),
      ),
    ).toBeDefined();
  });

  test('the diff depth stream syncs with REST depth to the same book', async () => {
    const depthOnly = await open('/public/ws/2');
    await depthOnly.control('SUBSCRIBE', ['btcusdt@depth']);
    for (const [side, price] of [
      ['BUY', '59990.0'],
      ['SELL', '61010.0'],
      ['BUY', '59980.0'],
    ] as const) {
      expect(
        (await api.api('order.place', limit(side, price, '0.015'), side === 'BUY' ? alice : bob)).status,
      ).toBe(200);
    }
    const snapshot = (await (
      await fetch(`${exchange.gateway.url}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`)
    ).json()) as {
      lastUpdateId: number;
      bids: [string, string][];
      asks: [string, string][];
    };
    expect((await api.api('order.place', limit('SELL', '61020.0', '0.015'), bob)).status).toBe(200);
    const final = await eventually(async () => {
      const book = (await (
        await fetch(`${exchange.gateway.url}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`)
      ).json()) as typeof snapshot;
      expect(book.asks.some(([p]) => p === '61020.00')).toBe(true);
      return book;
    });
    const outcome = await eventually(async () => {
      const synced = followDepthStream(
        snapshot,
        depthOnly.all<DepthUpdate>((f) => f.e === 'depthUpdate'),
      );
      if (synced.kind !== 'synced') throw new Error(synced.reason);
      expect(synced.lastU).toBeGreaterThanOrEqual(final.lastUpdateId);
      return synced;
    });
    expect({ bids: outcome.bids, asks: outcome.asks }).toEqual({ bids: final.bids, asks: final.asks });
    // The partial depth stream shows the same top levels.
    const partial = await market.next((f) => f.e === 'depthUpdate' && f.u >= final.lastUpdateId);
    expect({ b: partial.b, a: partial.a }).toEqual({ b: final.bids.slice(0, 5), a: final.asks.slice(0, 5) });
  });
});
