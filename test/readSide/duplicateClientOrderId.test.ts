import { commandRecords } from '../e2e/support/commandStream';
import { type RouteFixture, routeFixture } from './support/routeFixture';

/**
 * Binance answers -4116 at once to a new order whose client order id is already open, whatever the response type.
 * Ingress finds it in the orders read model: after the scripted session, account one's order 12 ("client-12",
 * placed three hours earlier, so long out of the retry window) is open.
 */
let f: RouteFixture;
beforeAll(async () => {
  f = await routeFixture();
}, 60_000);
afterAll(() => f?.emulators.stop());

const order = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '64000.0',
  quantity: '0.001',
  newClientOrderId: 'client-12',
};

test('a client order id that is open is -4116 at once, in ACK and RESULT mode, with nothing put on the stream', async () => {
  const before = await commandRecords(f);
  for (const newOrderRespType of ['ACK', 'RESULT']) {
    expect(await f.client.call('POST', '/fapi/v1/order', { ...order, newOrderRespType }, f.keys.one)).toEqual(
      {
        status: 400,
        body: { code: -4116, msg: 'clientOrderId is duplicated' },
      },
    );
  }
  expect((await commandRecords(f)).size).toBe(before.size);
});

test("another account's open order with that client order id is no obstacle", async () => {
  const before = await commandRecords(f);
  const answer = await f.client.call('POST', '/fapi/v1/order', order, f.keys.two);
  expect(answer).toMatchObject({ status: 200, body: { clientOrderId: 'client-12', status: 'NEW' } });
  expect((await commandRecords(f)).size).toBe(before.size + 1);
});
