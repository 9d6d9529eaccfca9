// What the market streams push on a clock at Binance, pushed by the fan-out at the symbol's runs (it runs on
// events): kline streams close their candles (application/fanout/klineCloses.ts) — a candle pushed open is pushed
// a last time with x: true at the symbol's first run after its interval ends, an index update or the trade that
// opens the next candle — and the 24 h tickers (one symbol's, and `!ticker@arr` / `!miniTicker@arr`) push a change
// held back by their once-a-second cadence at the first run past the second.

import { subscribe } from '../../application/connections/connections';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, limit, listen } from './support/memory';

const MINUTE = 60_000;
// 2026-12-06 08:00:10 UTC.
const START = Date.UTC(2026, 11, 6, 8, 0, 10);
const OPEN = Date.UTC(2026, 11, 6, 8, 0);
let now = START;
let exchange: MemoryExchange;

beforeEach(async () => {
  now = START;
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
  await listen(exchange, 'bot', ['btcusdt@kline_1m']);
});

// biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
const klines = (): any[] =>
  exchange.poster
    .received('bot')
    .map((m) => JSON.parse(m))
    .map((m) => m.k);

async function trade(price: string): Promise<void> {
  const [maker, taker] = [await exchange.trader(), await exchange.trader()];
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', price, '0.010'), `m${now}`);
  await submitOrder(exchange.ctx, callerOf(taker), limit('BUY', price, '0.010'), `t${now}`);
}

test('given a candle pushed open, when an index update comes after its minute, then it is pushed closed once', async () => {
  await trade('60000.0');
  now += 20_000;
  await trade('60100.0');
  expect(klines().map((k) => [k.t, k.x, k.n, k.c])).toEqual([
    [OPEN, false, 1, '60000.00'],
    [OPEN, false, 2, '60100.00'],
  ]);
  now = OPEN + MINUTE + 500;
  await exchange.operator.setIndexPrice('BTCUSDT', '60050');
  now += 1_000;
  await exchange.operator.setIndexPrice('BTCUSDT', '60060');
  expect(klines().map((k) => [k.t, k.x, k.n, k.c, k.h, k.v])).toEqual([
    [OPEN, false, 1, '60000.00', '60000.00', '0.010'],
    [OPEN, false, 2, '60100.00', '60100.00', '0.020'],
    [OPEN, true, 2, '60100.00', '60100.00', '0.020'],
  ]);
});

test('given no run after the minute, the trade that opens the next candle pushes the closed one first', async () => {
  await trade('60000.0');
  now = OPEN + MINUTE + 5_000;
  await trade('60200.0');
  expect(klines().map((k) => [k.t, k.x, k.n, k.c])).toEqual([
    [OPEN, false, 1, '60000.00'],
    [OPEN, true, 1, '60000.00'],
    [OPEN + MINUTE, false, 1, '60200.00'],
  ]);
});

test('a candle no one was pushed open is not pushed closed', async () => {
  await trade('60000.0');
  now = OPEN + MINUTE + 500;
  expect(await subscribe(exchange.ctx, 'bot', ['btcusdt@kline_5m'])).toBe('subscribed');
  await exchange.operator.setIndexPrice('BTCUSDT', '60050');
  // The 1m candle closes; the 5m one was never pushed (subscribed after the trade) and has not ended.
  expect(klines().map((k) => [k.i, k.x])).toEqual([
    ['1m', false],
    ['1m', true],
  ]);
});

describe('24 h tickers', () => {
  // biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
  const tickers = (connectionId: string): any[] =>
    exchange.poster
      .received(connectionId)
      .map((m) => JSON.parse(m))
      .filter((m) => m.e === '24hrTicker' || m.e === '24hrMiniTicker');

  test('a change held back by the once-a-second push goes at the first run past the second', async () => {
    await listen(exchange, 'tape', ['btcusdt@ticker', 'btcusdt@miniTicker']);
    await trade('60000.0');
    now += 300;
    await trade('60100.0');
    now += 300;
    await trade('60200.0');
    // The first trade's tickers went at once; the next two were held back within the second.
    expect(tickers('tape').map((t) => [t.e, t.c, t.n])).toEqual([
      ['24hrTicker', '60000.00', 1],
      ['24hrMiniTicker', '60000.00', undefined],
    ]);
    now += 500;
    await exchange.operator.setIndexPrice('BTCUSDT', '60150');
    expect(tickers('tape').map((t) => [t.e, t.c, t.n])).toEqual([
      ['24hrTicker', '60000.00', 1],
      ['24hrMiniTicker', '60000.00', undefined],
      ['24hrTicker', '60200.00', 3],
      ['24hrMiniTicker', '60200.00', undefined],
    ]);
    // Nothing held back: the next run past the second pushes nothing new.
    now += 1_500;
    await exchange.operator.setIndexPrice('BTCUSDT', '60160');
    expect(tickers('tape')).toHaveLength(4);
  });

  test("!bookTicker carries each symbol's best bid and ask as its own bookTicker event", async () => {
    await listen(exchange, 'quotes', ['!bookTicker']);
    const maker = await exchange.trader();
    await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '59900.0', '0.020'), 'bid');
    const quotes = exchange.poster.received('quotes').map((m) => JSON.parse(m));
    expect(quotes).toEqual([
      expect.objectContaining({ e: 'bookTicker', s: 'BTCUSDT', b: '59900.00', B: '0.020' }),
    ]);
  });

  test('!ticker@arr and !miniTicker@arr carry the changed symbol in an array', async () => {
    await listen(exchange, 'screener', ['!ticker@arr', '!miniTicker@arr']);
    await trade('60000.0');
    const arrays = exchange.poster.received('screener').map((m) => JSON.parse(m));
    expect(arrays).toEqual([
      [expect.objectContaining({ e: '24hrTicker', s: 'BTCUSDT', c: '60000.00', n: 1, Q: '0.010' })],
      [expect.objectContaining({ e: '24hrMiniTicker', s: 'BTCUSDT', c: '60000.00', v: '0.010' })],
    ]);
  });
});
