// A conditional order to its end on the local stack (gateway, Kinesis, matcher, projector, fan-out): once the order
// it became has ended in the engine, ALGO_UPDATE says FINISHED with that order's average price and executed
// quantity, after the order's last ORDER_TRADE_UPDATE, and GET /fapi/v1/algoOrder shows it; an order the engine
// refused at the trigger makes it REJECTED, with the reason (`rm`). And the history and open ones over HTTP.

import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { limitOrder, Rest } from '../e2e/support/rest';
import { eventually } from '../support/eventually';
import { type Frame, TestSocket } from './support/testSocket';

jest.setTimeout(60_000);

let exchange: LocalExchange;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await exchange?.stop();
});

async function listening(trader: Trader): Promise<{ rest: Rest; stream: TestSocket }> {
  const rest = new Rest(exchange.gateway.url, trader);
  const stream = await TestSocket.open(
    `${exchange.gateway.wsUrl}/private/ws?listenKey=${await rest.listenKey()}`,
  );
  sockets.push(stream);
  return { rest, stream };
}

const algoOrder = (params: Record<string, string>) => ({
  algoType: 'CONDITIONAL',
  symbol: 'BTCUSDT',
  ...params,
});
const isAlgoUpdate = (algoId: number, status: string) => (f: Frame) =>
  f.e === 'ALGO_UPDATE' && f.o.aid === algoId && f.o.X === status;

test('a STOP_MARKET that triggers and fills: ALGO_UPDATE NEW, TRIGGERED, then FINISHED after its order FILLED', async () => {
  const [maker, taker, owner] = [await exchange.trader(), await exchange.trader(), await exchange.trader()];
  const makerRest = new Rest(exchange.gateway.url, maker);
  const takerRest = new Rest(exchange.gateway.url, taker);
  const { rest, stream } = await listening(owner);
  expect((await makerRest.order(limitOrder('BTCUSDT', 'SELL', '60000.0', '0.050'))).status).toBe(200);
  const placed = await rest.signed(
    'POST',
    '/fapi/v1/algoOrder',
    algoOrder({ side: 'BUY', type: 'STOP_MARKET', quantity: '0.010', triggerPrice: '60000.0' }),
  );
  expect(placed.body).toMatchObject({ algoStatus: 'NEW', actualPrice: '0.00000' });
  const algoId = placed.body.algoId as number;
  // A trade at 60,000 reaches the trigger (the last price); the order it becomes buys the rest of the ask.
  expect((await takerRest.order(limitOrder('BTCUSDT', 'BUY', '60000.0', '0.010'))).status).toBe(200);

  const finished = await stream.next(isAlgoUpdate(algoId, 'FINISHED'));
  const orderId = Number(finished.o.ai);
  expect(finished.o).toMatchObject({
    caid: placed.body.clientAlgoId,
    ap: '60000.00000',
    aq: '0.010',
    act: 'MARKET',
  });
  const mine = stream.all(
    (f) => f.e === 'ALGO_UPDATE' || (f.e === 'ORDER_TRADE_UPDATE' && f.o.i === orderId),
  );
  expect(mine.map((f) => (f.e === 'ALGO_UPDATE' ? `algo ${f.o.X}` : `order ${f.o.X}`))).toEqual([
    'algo NEW',
    'algo TRIGGERED',
    'order NEW',
    'order FILLED',
    'algo FINISHED',
  ]);
  expect(mine[1]!.o).toMatchObject({ ap: '0.00000', aq: '0.000' });

  await eventually(async () => {
    // Binance's query takes no symbol (ccxt sends one: the second test).
    const queried = await rest.signed('GET', '/fapi/v1/algoOrder', { algoId });
    expect(queried.body).toMatchObject({
      symbol: 'BTCUSDT',
      algoStatus: 'FINISHED',
      actualOrderId: String(orderId),
      actualPrice: '60000.00000',
    });
  });
  const open = await rest.signed('GET', '/fapi/v1/openAlgoOrders', { symbol: 'BTCUSDT' });
  expect(open.body).toEqual([]);
});

test('a closePosition stop with no position to close: its order is refused at the trigger, and it is REJECTED', async () => {
  const [maker, taker, owner] = [await exchange.trader(), await exchange.trader(), await exchange.trader()];
  const makerRest = new Rest(exchange.gateway.url, maker);
  const takerRest = new Rest(exchange.gateway.url, taker);
  const { rest, stream } = await listening(owner);
  const placed = await rest.signed(
    'POST',
    '/fapi/v1/algoOrder',
    algoOrder({ side: 'SELL', type: 'STOP_MARKET', closePosition: 'true', triggerPrice: '59900.0' }),
  );
  expect(placed.status).toBe(200);
  const algoId = placed.body.algoId as number;
  // A trade at 59,900 reaches the trigger.
  expect((await makerRest.order(limitOrder('BTCUSDT', 'BUY', '59900.0', '0.010'))).status).toBe(200);
  expect((await takerRest.order(limitOrder('BTCUSDT', 'SELL', '59900.0', '0.010'))).status).toBe(200);

  const rejected = await stream.next(isAlgoUpdate(algoId, 'REJECTED'));
  expect(rejected.o).toMatchObject({ aq: '0.000', rm: expect.stringContaining('ReduceOnly') });
  await eventually(async () => {
    const queried = await rest.signed('GET', '/fapi/v1/algoOrder', { symbol: 'BTCUSDT', algoId });
    expect(queried.body).toMatchObject({ algoStatus: 'REJECTED' });
  });
});

test('allAlgoOrders over HTTP pages by `page` and `limit` (at most 1000); openAlgoOrders takes an algoId', async () => {
  const { rest } = await listening(await exchange.trader());
  const ids: number[] = [];
  for (const triggerPrice of ['50000.0', '50100.0', '50200.0']) {
    const placed = await rest.signed(
      'POST',
      '/fapi/v1/algoOrder',
      algoOrder({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.010', triggerPrice }),
    );
    ids.push(placed.body.algoId as number);
  }
  await exchange.settle();
  const history = async (params: Record<string, string | number>) =>
    rest.signed('GET', '/fapi/v1/allAlgoOrders', { symbol: 'BTCUSDT', limit: 2, ...params });
  expect((await history({ page: 2 })).body.map((o: { algoId: number }) => o.algoId)).toEqual([ids[0]]);
  expect((await history({ limit: 1001 })).body).toMatchObject({ code: -1130 });
  expect((await history({ page: 0 })).body).toMatchObject({ code: -1130 });
  const open = await rest.signed('GET', '/fapi/v1/openAlgoOrders', { algoId: ids[1]! });
  expect(open.body.map((o: { algoId: number }) => o.algoId)).toEqual([ids[1]]);
});
