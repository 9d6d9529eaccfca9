// The futures market-data routes (premiumIndex, fundingRate, fundingInfo, mark/index/premium index klines) over
// the REST app, on the in-memory exchange: index prices and a funding settlement go through the engine, the
// projector folds them into the tickers, priceKlines and fundingRates models, and the routes answer from those.

import { submitOrder } from '../../application/orderEntry/submitOrder';
import { createRestApi } from '../../lambdas/rest/app';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { callerOf, limit } from '../application/support/memory';
import { BTCUSDT } from '../core/support/specs';
import { type Answer, restClient } from './support/http';

const MINUTE = 60_000;
// 2026-12-06 07:59:50 UTC: ten seconds before the 08:00 funding time.
const START = Date.UTC(2026, 11, 6, 7, 59, 50);
const FUNDING = Date.UTC(2026, 11, 6, 8);
let now = START;
let exchange: MemoryExchange;
let get: (path: string, params?: Record<string, string | number>) => Promise<Answer>;

beforeEach(async () => {
  now = START;
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
  get = restClient(createRestApi(exchange.ctx), () => now).get;
});

const error = (code: number) => ({ status: 400, body: { code, msg: expect.any(String) } });

/** A long and a short of 0.1 BTC at 60,000 between two traders, with the index set first. */
async function positions(): Promise<void> {
  const long = await exchange.trader('10000');
  const short = await exchange.trader('10000');
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  await submitOrder(exchange.ctx, callerOf(short), limit('SELL', '60000.0', '0.100'), 's1');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '60000.0', '0.100'), 'l1');
}

describe('premiumIndex', () => {
  test('before any index: the last trade stands in for the mark, indexPrice "0", the spec interest rate', async () => {
    const a = await exchange.trader('10000');
    const b = await exchange.trader('10000');
    await submitOrder(exchange.ctx, callerOf(a), limit('SELL', '60100.5', '0.010'), 'a');
    await submitOrder(exchange.ctx, callerOf(b), limit('BUY', '60100.5', '0.010'), 'b');
    expect(await get('/fapi/v1/premiumIndex', { symbol: 'BTCUSDT' })).toEqual({
      status: 200,
      body: {
        symbol: 'BTCUSDT',
        markPrice: '60100.50000000',
        indexPrice: '0',
        estimatedSettlePrice: '60100.50000000',
        lastFundingRate: '0.00000000',
        interestRate: '0.00010000',
        nextFundingTime: FUNDING,
        time: START,
      },
    });
  });

  test("with an index: the engine's mark and index, its estimated funding rate, the mark's time; one symbol or all", async () => {
    await exchange.operator.setIndexPrice('BTCUSDT', '60000.12345678');
    const markTime = now;
    now += 2_000;
    const one = await get('/fapi/v1/premiumIndex', { symbol: 'BTCUSDT' });
    expect(one).toEqual({
      status: 200,
      body: {
        symbol: 'BTCUSDT',
        // No book, no trade: the mark is Price 1, the index carried by the last funding rate (0 yet).
        markPrice: '60000.12345678',
        indexPrice: '60000.12345678',
        estimatedSettlePrice: '60000.12345678',
        // An empty book has no premium: the rate is the interest rate, 0.01% (docs/futures.md).
        lastFundingRate: '0.00010000',
        interestRate: '0.00010000',
        nextFundingTime: FUNDING,
        time: markTime,
      },
    });
    expect(await get('/fapi/v1/premiumIndex')).toEqual({ status: 200, body: [one.body] });
    expect(await get('/fapi/v1/premiumIndex', { symbol: 'NOPEUSDT' })).toEqual(error(-1121));
  });
});

describe('fundingRate and fundingInfo', () => {
  test('a settlement is in the history: symbol, funding time, rate and the mark it was valued at', async () => {
    await positions();
    expect(await get('/fapi/v1/fundingRate', { symbol: 'BTCUSDT' })).toEqual({ status: 200, body: [] });
    now = FUNDING + 5_000;
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    const settled = (await exchange.operator.settleFunding('BTCUSDT')).find(
      (e) => e.type === 'FundingSettled',
    );
    expect(settled).toMatchObject({ fundingTime: FUNDING, fundingRate: 10_000 });
    const record = {
      symbol: 'BTCUSDT',
      fundingTime: FUNDING,
      fundingRate: '0.00010000',
      markPrice: settled?.type === 'FundingSettled' ? (settled.markPrice / 1e8).toFixed(8) : '',
    };
    expect(await get('/fapi/v1/fundingRate', { symbol: 'BTCUSDT' })).toEqual({ status: 200, body: [record] });
    expect(await get('/fapi/v1/fundingRate')).toEqual({ status: 200, body: [record] });
    expect(await get('/fapi/v1/fundingRate', { startTime: FUNDING + 1 })).toEqual({ status: 200, body: [] });
    expect(await get('/fapi/v1/fundingRate', { endTime: FUNDING, limit: 1 })).toEqual({
      status: 200,
      body: [record],
    });
    expect(await get('/fapi/v1/fundingRate', { startTime: 2, endTime: 1 })).toEqual(error(-1023));
    expect(await get('/fapi/v1/fundingRate', { limit: 1001 })).toMatchObject({ status: 400 });
    expect(await get('/fapi/v1/fundingRate', { symbol: 'NOPEUSDT' })).toEqual(error(-1121));
  });

  test("fundingInfo lists every symbol's cap, floor and interval", async () => {
    const { status, body } = await get('/fapi/v1/fundingInfo');
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        symbol: 'BTCUSDT',
        adjustedFundingRateCap: expect.stringMatching(/^0\.\d{8}$/),
        adjustedFundingRateFloor: expect.stringMatching(/^-0\.\d{8}$/),
        fundingIntervalHours: 8,
        disclaimer: false,
      },
    ]);
    expect(body[0].adjustedFundingRateFloor).toBe(`-${body[0].adjustedFundingRateCap}`);
  });
});

describe('mark, index and premium index klines', () => {
  test('Binance\'s rows: 8 decimals, volume fields "0", the number of samples; one candle per bucket', async () => {
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    now += 1_000;
    await exchange.operator.setIndexPrice('BTCUSDT', '60010');
    now += 1_000;
    await exchange.operator.setIndexPrice('BTCUSDT', '59990.5');
    now = FUNDING + 1_000;
    await exchange.operator.setIndexPrice('BTCUSDT', '60001');
    const minute = FUNDING - MINUTE;
    const row = (open: number, o: string, h: string, l: string, c: string, n: number) => [
      open,
      o,
      h,
      l,
      c,
      '0',
      open + MINUTE - 1,
      '0',
      n,
      '0',
      '0',
      '0',
    ];
    expect(await get('/fapi/v1/indexPriceKlines', { pair: 'BTCUSDT', interval: '1m' })).toEqual({
      status: 200,
      body: [
        row(minute, '60000.00000000', '60010.00000000', '59990.50000000', '59990.50000000', 3),
        row(FUNDING, '60001.00000000', '60001.00000000', '60001.00000000', '60001.00000000', 1),
      ],
    });
    // With an empty book the mark is the index (Price 1 at a zero last funding rate) and the premium is zero.
    const marks = await get('/fapi/v1/markPriceKlines', { symbol: 'BTCUSDT', interval: '1m', limit: 1 });
    expect(marks).toEqual({
      status: 200,
      body: [row(FUNDING, '60001.00000000', '60001.00000000', '60001.00000000', '60001.00000000', 1)],
    });
    const premiums = await get('/fapi/v1/premiumIndexKlines', {
      symbol: 'BTCUSDT',
      interval: '1h',
      startTime: minute,
    });
    expect(premiums.body).toEqual([
      [
        FUNDING,
        '0.00000000',
        '0.00000000',
        '0.00000000',
        '0.00000000',
        '0',
        FUNDING + 60 * MINUTE - 1,
        '0',
        1,
        '0',
        '0',
        '0',
      ],
    ]);
  });

  test('bad input is refused as Binance refuses it', async () => {
    expect(await get('/fapi/v1/indexPriceKlines', { symbol: 'BTCUSDT', interval: '1m' })).toMatchObject({
      status: 400,
    });
    expect(await get('/fapi/v1/markPriceKlines', { symbol: 'BTCUSDT', interval: '2m' })).toEqual(
      error(-1120),
    );
    expect(await get('/fapi/v1/premiumIndexKlines', { symbol: 'NOPEUSDT', interval: '1m' })).toEqual(
      error(-1121),
    );
    expect(
      await get('/fapi/v1/markPriceKlines', { symbol: 'BTCUSDT', interval: '1m', startTime: 2, endTime: 1 }),
    ).toEqual(error(-1023));
  });
});
