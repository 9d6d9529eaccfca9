import { type RouteFixture, routeFixture } from './support/routeFixture';
import { NOW, T1, T2 } from './support/scriptedMarket';

/** The public market-data routes against dynalite, answered from the projected scripted session. */
let f: RouteFixture;
beforeAll(async () => {
  f = await routeFixture();
}, 60_000);
afterAll(() => f?.emulators.stop());

const get = (path: string, params?: Record<string, string | number>) => f.client.get(path, params);
const error = (code: number, msg: string) => ({ status: 400, body: { code, msg } });
const HOUR = 3_600_000;

describe('general', () => {
  test('ping and time', async () => {
    expect(await get('/fapi/v1/ping')).toEqual({ status: 200, body: {} });
    expect(await get('/fapi/v1/time')).toEqual({ status: 200, body: { serverTime: NOW } });
    expect(await get('/fapi/v1/ping', { x: 1 })).toMatchObject(error(-1104, expect.any(String)));
  });

  test('exchangeInfo: every field ccxt binanceusdm parses', async () => {
    const { status, body } = await get('/fapi/v1/exchangeInfo');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      timezone: 'UTC',
      serverTime: NOW,
      exchangeFilters: [],
      assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '0' }],
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
        { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      ],
    });
    expect(body.symbols).toEqual([
      {
        symbol: 'BTCUSDT',
        pair: 'BTCUSDT',
        contractType: 'PERPETUAL',
        deliveryDate: 4133404800000,
        onboardDate: 1569398400000,
        status: 'TRADING',
        maintMarginPercent: '0.4000',
        requiredMarginPercent: '0.8000',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        marginAsset: 'USDT',
        pricePrecision: 2,
        quantityPrecision: 3,
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        underlyingSubType: [],
        settlePlan: 0,
        triggerProtect: '0.0500',
        marketTakeBound: '0.05',
        maxMoveOrderLimit: 10000,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
          { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
          { filterType: 'MARKET_LOT_SIZE', minQty: '0.001', maxQty: '120', stepSize: '0.001' },
          { filterType: 'MAX_NUM_ORDERS', limit: 200 },
          { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
          { filterType: 'MIN_NOTIONAL', notional: '5' },
          {
            filterType: 'PERCENT_PRICE',
            multiplierUp: '1.0500',
            multiplierDown: '0.9500',
            multiplierDecimal: '4',
          },
        ],
        orderTypes: [
          'LIMIT',
          'MARKET',
          'STOP',
          'STOP_MARKET',
          'TAKE_PROFIT',
          'TAKE_PROFIT_MARKET',
          'TRAILING_STOP_MARKET',
        ],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
      },
    ]);
  });
});

describe('depth', () => {
  test('the book at its lastUpdateId, at symbol precision', async () => {
    expect(await get('/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 5 })).toEqual({
      status: 200,
      body: {
        lastUpdateId: f.lastSeq,
        E: NOW,
        T: T2,
        bids: [['64990.00', '0.006']],
        asks: [
          ['65000.00', '0.005'],
          ['65010.00', '0.005'],
        ],
      },
    });
  });

  test('limit outside 5, 10, 20, 50, 100, 500, 1000 is -1130, not a number -1100; a missing or unknown symbol -1102 / -1121', async () => {
    for (const limit of [1, 7, 1001])
      expect(await get('/fapi/v1/depth', { symbol: 'BTCUSDT', limit })).toEqual(
        error(-1130, "Data sent for parameter 'limit' is not valid."),
      );
    expect(await get('/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 'x' })).toEqual(
      error(-1100, "Illegal characters found in parameter 'limit'; legal range is '^\\d{1,16}$'."),
    );
    expect(await get('/fapi/v1/depth')).toEqual(
      error(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."),
    );
    expect(await get('/fapi/v1/depth', { symbol: 'NOPEUSDT' })).toEqual(error(-1121, 'Invalid symbol.'));
  });
});

describe('trades', () => {
  test('recent trades, oldest first', async () => {
    const { body } = await get('/fapi/v1/trades', { symbol: 'BTCUSDT' });
    expect(body).toEqual([
      { id: 1, price: '65000.00', qty: '0.010', quoteQty: '650.0000', time: T1, isBuyerMaker: false },
      { id: 2, price: '65000.00', qty: '0.015', quoteQty: '975.0000', time: T1, isBuyerMaker: false },
      { id: 3, price: '64990.00', qty: '0.004', quoteQty: '259.9600', time: T2, isBuyerMaker: true },
    ]);
    expect(
      (await get('/fapi/v1/trades', { symbol: 'BTCUSDT', limit: 1 })).body.map((t: { id: number }) => t.id),
    ).toEqual([3]);
    expect(await get('/fapi/v1/trades', { symbol: 'BTCUSDT', limit: 1001 })).toEqual(
      error(-1130, "Data sent for parameter 'limit' is not valid."),
    );
  });

  const first = { a: 1, p: '65000.00', q: '0.025', f: 1, l: 2, T: T1, m: false };
  const second = { a: 3, p: '64990.00', q: '0.004', f: 3, l: 3, T: T2, m: true };

  test('aggTrades: the market order sweeping two asks at one price is one aggregate', async () => {
    expect((await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT' })).body).toEqual([first, second]);
    expect((await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', limit: 1 })).body).toEqual([second]);
    expect((await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', fromId: 2 })).body).toEqual([second]);
    expect((await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', fromId: 1, limit: 1 })).body).toEqual([
      first,
    ]);
  });

  test('aggTrades by time: within an hour; fromId goes alone', async () => {
    expect((await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', startTime: T2 - 1000 })).body).toEqual([
      second,
    ]);
    expect(
      (await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', startTime: T1, endTime: T1 + HOUR })).body,
    ).toEqual([first]);
    expect((await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', endTime: T1 + 1 })).body).toEqual([first]);
    expect((await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', startTime: NOW })).body).toEqual([]);
    expect(await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', startTime: T1, endTime: T2 })).toEqual(
      error(-1127, 'More than 1 hours between startTime and endTime.'),
    );
    expect(await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', fromId: 1, startTime: T1 })).toEqual(
      error(-1128, 'Combination of optional parameters invalid.'),
    );
    expect(await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', startTime: T2, endTime: T1 })).toEqual(
      error(-1023, 'Start time is greater than end time.'),
    );
  });
});

describe('klines', () => {
  const hourOfT1 = Math.floor(T1 / HOUR) * HOUR;

  test('rows as Binance: open time, OHLC, volume, close time, quote volume, trades, taker buy, "0"', async () => {
    expect((await get('/fapi/v1/klines', { symbol: 'BTCUSDT', interval: '1h' })).body).toEqual([
      [
        hourOfT1,
        '65000.00',
        '65000.00',
        '65000.00',
        '65000.00',
        '0.025',
        hourOfT1 + HOUR - 1,
        '1625.0000',
        2,
        '0.025',
        '1625.0000',
        '0',
      ],
      [
        hourOfT1 + HOUR,
        '64990.00',
        '64990.00',
        '64990.00',
        '64990.00',
        '0.004',
        hourOfT1 + 2 * HOUR - 1,
        '259.9600',
        1,
        '0.000',
        '0.0000',
        '0',
      ],
    ]);
  });

  test('the month holds all three trades; the week opens on Monday', async () => {
    const month = Date.UTC(2025, 4, 1);
    expect((await get('/fapi/v1/klines', { symbol: 'BTCUSDT', interval: '1M' })).body).toEqual([
      [
        month,
        '65000.00',
        '65000.00',
        '64990.00',
        '64990.00',
        '0.029',
        Date.UTC(2025, 5, 1) - 1,
        '1884.9600',
        3,
        '0.025',
        '1625.0000',
        '0',
      ],
    ]);
    const [week] = (await get('/fapi/v1/klines', { symbol: 'BTCUSDT', interval: '1w' })).body;
    expect(new Date(week[0]).toISOString()).toBe('2025-05-12T00:00:00.000Z');
  });

  test('startTime, endTime and limit select by open time', async () => {
    const rows = async (params: Record<string, number>) =>
      (await get('/fapi/v1/klines', { symbol: 'BTCUSDT', interval: '1h', ...params })).body.map(
        (r: number[]) => r[0],
      );
    expect(await rows({ limit: 1 })).toEqual([hourOfT1 + HOUR]);
    expect(await rows({ startTime: hourOfT1, limit: 1 })).toEqual([hourOfT1]);
    expect(await rows({ startTime: hourOfT1 + 1 })).toEqual([hourOfT1 + HOUR]);
    expect(await rows({ endTime: hourOfT1 + 1 })).toEqual([hourOfT1]);
  });

  test('an unknown interval is -1120, a limit above 1500 -1130', async () => {
    expect(await get('/fapi/v1/klines', { symbol: 'BTCUSDT', interval: '7m' })).toEqual(
      error(-1120, 'Invalid interval.'),
    );
    expect(await get('/fapi/v1/klines', { symbol: 'BTCUSDT', interval: '1m', limit: 1501 })).toEqual(
      error(-1130, "Data sent for parameter 'limit' is not valid."),
    );
    expect(await get('/fapi/v1/klines', { symbol: 'BTCUSDT' })).toEqual(
      error(-1102, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed."),
    );
  });
});

describe('tickers', () => {
  const ticker24h = {
    symbol: 'BTCUSDT',
    priceChange: '-10.00',
    priceChangePercent: '-0.015',
    weightedAvgPrice: '64998.62',
    lastPrice: '64990.00',
    lastQty: '0.004',
    openPrice: '65000.00',
    highPrice: '65000.00',
    lowPrice: '64990.00',
    volume: '0.029',
    quoteVolume: '1884.9600',
    openTime: Math.floor(NOW / 60_000) * 60_000 + 60_000 - 24 * HOUR,
    closeTime: NOW,
    firstId: 1,
    lastId: 3,
    count: 3,
  };

  test('24 h rolling statistics; without a symbol, a list', async () => {
    expect(await get('/fapi/v1/ticker/24hr', { symbol: 'BTCUSDT' })).toEqual({
      status: 200,
      body: ticker24h,
    });
    expect((await get('/fapi/v1/ticker/24hr')).body).toEqual([ticker24h]);
  });

  test('price tickers v1 and v2, book ticker', async () => {
    const price = { symbol: 'BTCUSDT', price: '64990.00', time: T2 };
    expect((await get('/fapi/v1/ticker/price', { symbol: 'BTCUSDT' })).body).toEqual(price);
    expect((await get('/fapi/v2/ticker/price')).body).toEqual([price]);
    expect((await get('/fapi/v1/ticker/bookTicker', { symbol: 'BTCUSDT' })).body).toEqual({
      symbol: 'BTCUSDT',
      bidPrice: '64990.00',
      bidQty: '0.006',
      askPrice: '65000.00',
      askQty: '0.005',
      time: T2,
      lastUpdateId: f.lastSeq,
    });
  });

  test('premium index without an index price: the last price as mark, index "0", no funding yet, next funding on the 8 h grid', async () => {
    expect((await get('/fapi/v1/premiumIndex', { symbol: 'BTCUSDT' })).body).toEqual({
      symbol: 'BTCUSDT',
      markPrice: '64990.00000000',
      indexPrice: '0',
      estimatedSettlePrice: '64990.00000000',
      lastFundingRate: '0.00000000',
      interestRate: '0.00010000',
      nextFundingTime: Date.UTC(2025, 4, 14, 16),
      time: NOW,
    });
    expect((await get('/fapi/v1/fundingRate', { symbol: 'BTCUSDT' })).body).toEqual([]);
    expect(await get('/fapi/v1/fundingRate', { symbol: 'NOPEUSDT' })).toEqual(
      error(-1121, 'Invalid symbol.'),
    );
  });
});

test('an unknown path is 404', async () => {
  expect(await get('/fapi/v1/nothing')).toEqual({
    status: 404,
    body: { code: -1000, msg: 'Path /fapi/v1/nothing not found.' },
  });
});
