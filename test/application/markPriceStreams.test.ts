// The mark price streams on the in-memory exchange: index prices go through the engine, and the fan-out pushes
// each MarkPriceUpdated to `<symbol>@markPrice@1s` (one per clock second), `<symbol>@markPrice` (one per 3 s)
// and `!markPrice@arr[@1s]` in Binance's markPriceUpdate fields.

import { submitOrder } from '../../application/orderEntry/submitOrder';
import { parseStreamName } from '../../binance/streams/streamNames';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, limit, listen as listenTo } from './support/memory';

// 2026-12-06 07:59:50 UTC: ten seconds before the 08:00 funding time.
const START = Date.UTC(2026, 11, 6, 7, 59, 50);
const FUNDING = Date.UTC(2026, 11, 6, 8);
let now = START;
let exchange: MemoryExchange;

beforeEach(async () => {
  now = START;
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
});

// biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
const received = (connectionId: string): any[] =>
  exchange.poster.received(connectionId).map((m) => JSON.parse(m));

const listen = (connectionId: string, streams: string[]) => listenTo(exchange, connectionId, streams);

test('each index update reaches @markPrice@1s with the engine mark, index, rate and next funding time', async () => {
  await listen('fast', ['btcusdt@markPrice@1s']);
  await exchange.operator.setIndexPrice('BTCUSDT', '60000.12345678');
  now += 1_000;
  await exchange.operator.setIndexPrice('BTCUSDT', '60010');
  expect(received('fast')).toEqual([
    {
      e: 'markPriceUpdate',
      E: START,
      s: 'BTCUSDT',
      p: '60000.12345678',
      i: '60000.12345678',
      P: '60000.12345678',
      r: '0.00010000',
      T: FUNDING,
    },
    {
      e: 'markPriceUpdate',
      E: START + 1_000,
      s: 'BTCUSDT',
      p: '60010.00000000',
      i: '60010.00000000',
      P: '60010.00000000',
      r: '0.00010000',
      T: FUNDING,
    },
  ]);
});

test('@markPrice pushes once per 3 s, @1s once per second; !markPrice@arr carries the symbol in an array', async () => {
  await listen('slow', ['btcusdt@markPrice']);
  await listen('fast', ['btcusdt@markPrice@1s']);
  await listen('all', ['!markPrice@arr@1s']);
  now = Date.UTC(2026, 11, 6, 7, 59, 51); // a 3-second slot starts at :51
  for (const price of ['60000', '60001', '60002', '60003']) {
    await exchange.operator.setIndexPrice('BTCUSDT', price);
    now += 500;
  }
  // Four updates in two seconds: two seconds, one 3-second slot.
  expect(received('fast').map((m) => m.i)).toEqual(['60000.00000000', '60002.00000000']);
  expect(received('slow').map((m) => m.i)).toEqual(['60000.00000000']);
  const all = received('all');
  expect(all).toHaveLength(2);
  expect(all[0]).toEqual([
    expect.objectContaining({ e: 'markPriceUpdate', s: 'BTCUSDT', i: '60000.00000000' }),
  ]);
});

test('before an index price a trade is the reference (index "0"); after one, trades do not move the stream', async () => {
  await listen('fast', ['btcusdt@markPrice@1s']);
  const [a, b] = [await exchange.trader('10000'), await exchange.trader('10000')];
  await submitOrder(exchange.ctx, callerOf(a), limit('SELL', '60100.5', '0.010'), 'a1');
  await submitOrder(exchange.ctx, callerOf(b), limit('BUY', '60100.5', '0.010'), 'b1');
  expect(received('fast')).toEqual([
    expect.objectContaining({ p: '60100.50000000', i: '0', r: '0.00000000' }),
  ]);
  now += 1_000;
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  now += 1_000;
  await submitOrder(exchange.ctx, callerOf(a), limit('SELL', '60200.0', '0.010'), 'a2');
  await submitOrder(exchange.ctx, callerOf(b), limit('BUY', '60200.0', '0.010'), 'b2');
  expect(received('fast').map((m) => m.i)).toEqual(['0', '60000.00000000']);
});

test("the mark price streams' names, as Binance spells them", () => {
  expect(parseStreamName('btcusdt@markPrice')).toEqual({
    kind: 'markPrice',
    symbol: 'BTCUSDT',
    everyMs: 3_000,
  });
  expect(parseStreamName('btcusdt@markPrice@1s')).toEqual({
    kind: 'markPrice',
    symbol: 'BTCUSDT',
    everyMs: 1_000,
  });
  expect(parseStreamName('!markPrice@arr')).toEqual({ kind: 'allMarkPrice', everyMs: 3_000 });
  expect(parseStreamName('!markPrice@arr@1s')).toEqual({ kind: 'allMarkPrice', everyMs: 1_000 });
  for (const bad of ['!markprice@arr', '!markPrice@arr@3s', 'btcusdt@markPrice@3s', '!markPrice'])
    expect(parseStreamName(bad)).toBeUndefined();
});

test('!markPrice@arr subscribers are read once, and again only when they change; one who subscribes within a slot gets the next', async () => {
  const read: string[] = [];
  const subscriptions = exchange.ctx.subscriptions;
  const subscribersOfSymbol = subscriptions.subscribersOfSymbol.bind(subscriptions);
  subscriptions.subscribersOfSymbol = (symbol) => {
    read.push(symbol);
    return subscribersOfSymbol(symbol);
  };
  now = Date.UTC(2026, 11, 6, 7, 59, 51);
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  now += 500;
  await listen('late', ['!markPrice@arr@1s']);
  await exchange.operator.setIndexPrice('BTCUSDT', '60001');
  now += 500;
  await exchange.operator.setIndexPrice('BTCUSDT', '60002');
  now += 1_500;
  await exchange.operator.setIndexPrice('BTCUSDT', '60003');
  // The second update's slot was looked at already (no message for it); the subscription made meanwhile is read
  // for the third (and once more: that read came less than INDEX_SETTLE_MS after the change), then not again.
  expect(read.filter((s) => s === '!MARKPRICE')).toEqual(['!MARKPRICE', '!MARKPRICE', '!MARKPRICE']);
  expect(received('late').map((m) => m[0].i)).toEqual(['60002.00000000', '60003.00000000']);
});
