// WebSocket connections and the fan-out as use cases, on the in-memory exchange: a connection subscribes
// (application/connections), orders trade, and the fan-out (application/fanout, Binance's words from
// binance/streams) posts market and user data to it through the in-memory poster.

import {
  forgetConnection,
  isCombined,
  MAX_STREAMS_PER_CONNECTION,
  openConnection,
  setCombined,
  subscribe,
  subscriptionsOf,
} from '../../application/connections/connections';
import { accountOfListenKey, openListenKey } from '../../application/listenKeys/listenKeys';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import type { MemoryExchange } from '../../local/memoryExchange';
import { callerOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;
beforeEach(async () => {
  exchange = await exchangeWithBtc();
});

// biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
const received = (connectionId: string): any[] =>
  exchange.poster.received(connectionId).map((m) => JSON.parse(m));

test('market streams: a subscriber gets the trade and the depth update, combined payloads once asked for', async () => {
  const ctx = exchange.ctx;
  await openConnection(ctx, { connectionId: 'c1' });
  exchange.poster.connect('c1');
  expect(await subscribe(ctx, 'c1', ['btcusdt@trade', 'btcusdt@depth@100ms'])).toBe('subscribed');
  expect(await subscriptionsOf(ctx, 'c1')).toEqual(['btcusdt@depth@100ms', 'btcusdt@trade']);
  const [maker, taker] = [await exchange.trader(), await exchange.trader()];
  await submitOrder(ctx, callerOf(maker), limit('SELL', '60000.0', '0.010'), 'm');
  await setCombined(ctx, 'c1', true);
  expect(await isCombined(ctx, 'c1')).toBe(true);
  await submitOrder(ctx, callerOf(taker), limit('BUY', '60000.0', '0.010'), 't');
  const messages = received('c1');
  expect(messages[0]).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT', a: [['60000.00', '0.010']] });
  expect(messages.slice(1).map((m) => m.stream)).toEqual(['btcusdt@depth@100ms', 'btcusdt@trade']);
  expect(messages[2].data).toMatchObject({ e: 'trade', p: '60000.00', q: '0.010', m: false });
});

test("user data: the connection of a valid listen key gets its account's order updates and account update", async () => {
  const ctx = exchange.ctx;
  const [maker, taker] = [await exchange.trader(), await exchange.trader()];
  const key = await openListenKey(ctx, taker.accountId);
  const accountId = await accountOfListenKey(ctx, key.listenKey);
  await openConnection(ctx, {
    connectionId: 'u1',
    user: { listenKey: key.listenKey, accountId: accountId! },
  });
  exchange.poster.connect('u1');
  await submitOrder(ctx, callerOf(maker), limit('SELL', '60000.0', '0.010'), 'm');
  await submitOrder(ctx, callerOf(taker), limit('BUY', '60000.0', '0.010'), 't');
  expect(received('u1').map((m) => [m.e, m.o?.x, m.o?.X])).toEqual([
    ['ORDER_TRADE_UPDATE', 'NEW', 'NEW'],
    ['ORDER_TRADE_UPDATE', 'TRADE', 'FILLED'],
    ['ACCOUNT_UPDATE', undefined, undefined],
  ]);
});

test('at most 1024 streams per connection; a forgotten connection has no rows left', async () => {
  const ctx = exchange.ctx;
  await openConnection(ctx, { connectionId: 'c2', streams: ['btcusdt@trade'] });
  expect(await isCombined(ctx, 'c2')).toBe(true);
  const many = Array.from({ length: MAX_STREAMS_PER_CONNECTION }, (_, i) => `s${i}usdt@trade`);
  expect(await subscribe(ctx, 'c2', many)).toBe('tooMany');
  expect(await subscriptionsOf(ctx, 'c2')).toEqual(['btcusdt@trade']);
  await forgetConnection(ctx, 'c2');
  expect(await subscriptionsOf(ctx, 'c2')).toEqual([]);
  expect(await ctx.connections.get('c2')).toBeUndefined();
});
