// Order entry checks the symbol's filters before sending, as exchangeInfo states them, so the trader learns what
// is wrong beside the field instead of from a refusal; and when every check passes, the request says exactly
// what was meant, at the symbol's precision.

import type { ExchangeSymbol } from '../../web/src/api/wire';
import { dec } from '../../web/src/model/decimal';
import { checkOrder, type MarketReference, type OrderDraft } from '../../web/src/model/orderCheck';
import { ORDER_KINDS, offeredKinds } from '../../web/src/model/orderKinds';
import { symbolRules } from '../../web/src/model/symbolRules';

/** BTCUSDT as GET /fapi/v1/exchangeInfo answers it (the npm start preset, Binance's real filters). */
const BTCUSDT: ExchangeSymbol = {
  symbol: 'BTCUSDT',
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  marginAsset: 'USDT',
  pricePrecision: 2,
  quantityPrecision: 3,
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
    { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.001', maxQty: '120', stepSize: '0.001' },
    { filterType: 'MAX_NUM_ORDERS', limit: 200 },
    { filterType: 'MIN_NOTIONAL', notional: '100' },
    { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
  ],
  orderTypes: ['LIMIT', 'MARKET'],
  timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
};

const rules = symbolRules(BTCUSDT);
const kind = (type: string) => ORDER_KINDS.find((k) => k.type === type)!;
const MARK: MarketReference = {
  mark: dec('65000.00000000'),
  bestBid: dec('64999.9'),
  bestAsk: dec('65000.1'),
};

const draft = (overrides: Partial<OrderDraft> = {}): OrderDraft => ({
  side: 'BUY',
  kind: kind('LIMIT'),
  price: '64000',
  stopPrice: '',
  quantity: '0.010',
  timeInForce: 'GTC',
  postOnly: false,
  reduceOnly: false,
  ...overrides,
});

const problems = (d: OrderDraft, reference: MarketReference = MARK) => {
  const checked = checkOrder(rules, d, reference);
  return checked.ok ? [] : checked.problems.map((p) => `${p.field}: ${p.message}`);
};

test('the rules read from exchangeInfo', () => {
  expect(rules.priceDecimals).toBe(1);
  expect(rules.quantityDecimals).toBe(3);
  expect(rules.marketLot.maxQty).toEqual(dec('120'));
  expect(rules.minNotional).toEqual(dec('100'));
});

test('a valid limit order becomes its request, numbers at the symbol precision', () => {
  expect(checkOrder(rules, draft({ price: '64000', quantity: '.01' }), MARK)).toEqual({
    ok: true,
    params: {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '64000.0',
      quantity: '0.010',
      newOrderRespType: 'RESULT',
    },
  });
});

test('post-only is time in force GTX; reduce-only is sent as true', () => {
  const checked = checkOrder(rules, draft({ postOnly: true, timeInForce: 'IOC', reduceOnly: true }), MARK);
  expect(checked.ok && checked.params).toMatchObject({ timeInForce: 'GTX', reduceOnly: 'true' });
});

test('a market order has no price and no time in force', () => {
  const checked = checkOrder(rules, draft({ kind: kind('MARKET'), side: 'SELL', price: '' }), MARK);
  expect(checked).toEqual({
    ok: true,
    params: {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.010',
      newOrderRespType: 'RESULT',
    },
  });
});

describe('PRICE_FILTER', () => {
  test.each([
    ['64000.15', 'price: Price must be a multiple of the tick size 0.10'],
    ['556.7', 'price: Minimum price is 556.8'],
    ['4529764.1', 'price: Maximum price is 4529764.0'],
    ['0', 'price: Must be greater than 0'],
    ['-5', 'price: Must be greater than 0'],
    ['64,000', 'price: Enter a number, like 1234.5'],
    ['', 'price: Enter a price'],
  ])('price %j', (price, problem) => {
    expect(problems(draft({ price, quantity: '1' }), {})).toEqual([problem]);
  });
});

describe('LOT_SIZE and MARKET_LOT_SIZE', () => {
  test.each([
    ['0.0105', 'quantity: Size must be a multiple of the step size 0.001'],
    ['1000.001', 'quantity: Maximum size is 1000.000 BTC'],
    ['', 'quantity: Enter a size'],
  ])('limit size %j', (quantity, problem) => {
    expect(problems(draft({ quantity, price: '64000' }), {})).toEqual([problem]);
  });

  test('below the minimum size', () => {
    expect(problems(draft({ quantity: '0.0005', reduceOnly: true }))).toEqual([
      'quantity: Minimum size is 0.001 BTC',
    ]);
  });

  test('a market order is held to MARKET_LOT_SIZE', () => {
    expect(problems(draft({ kind: kind('MARKET'), quantity: '121' }))).toEqual([
      'quantity: Maximum size is 120.000 BTC',
    ]);
    expect(problems(draft({ quantity: '121' }))).toEqual([]);
  });
});

describe('PERCENT_PRICE around the mark price', () => {
  test('a buy may be priced up to mark × 1.05, a sell down to mark × 0.95, in whole ticks', () => {
    expect(problems(draft({ side: 'BUY', price: '68250.0' }))).toEqual([]);
    expect(problems(draft({ side: 'BUY', price: '68250.1' }))).toEqual([
      'price: A buy may not be priced above 68250.0 (mark price band)',
    ]);
    expect(problems(draft({ side: 'SELL', price: '61750.0' }))).toEqual([]);
    expect(problems(draft({ side: 'SELL', price: '61749.9' }))).toEqual([
      'price: A sell may not be priced below 61750.0 (mark price band)',
    ]);
  });

  test('the cap rounds down and the floor up to the tick', () => {
    const odd: MarketReference = { mark: dec('65000.07') }; // × 1.05 = 68250.0735, × 0.95 = 61750.0665
    expect(problems(draft({ side: 'BUY', price: '68250.1' }), odd)).toHaveLength(1);
    expect(problems(draft({ side: 'BUY', price: '68250.0' }), odd)).toEqual([]);
    expect(problems(draft({ side: 'SELL', price: '61750.0' }), odd)).toHaveLength(1);
    expect(problems(draft({ side: 'SELL', price: '61750.1' }), odd)).toEqual([]);
  });

  test('without a mark price (or a mark of "0") the band is left to the exchange', () => {
    expect(problems(draft({ price: '99999' }), {})).toEqual([]);
    expect(problems(draft({ price: '99999' }), { mark: dec('0') })).toEqual([]);
  });
});

describe('MIN_NOTIONAL', () => {
  test('a limit order is valued at its price', () => {
    expect(problems(draft({ price: '64000', quantity: '0.001' }))).toEqual([
      'order: Order value must be at least 100 USDT (unless reduce-only)',
    ]);
    expect(problems(draft({ price: '50000', quantity: '0.002' }))).toEqual([]); // exactly 100
  });

  test('reduce-only orders are exempt', () => {
    expect(problems(draft({ quantity: '0.001', reduceOnly: true }))).toEqual([]);
  });

  test('a market order is valued at the mark, else at the best opposite price, else left to the exchange', () => {
    const market = draft({ kind: kind('MARKET'), quantity: '0.001' });
    expect(problems(market)).toHaveLength(1);
    expect(problems(market, { bestAsk: dec('65000') })).toHaveLength(1);
    expect(problems({ ...market, side: 'SELL' }, { bestAsk: dec('65000') })).toEqual([]);
    expect(problems(market, { mark: dec('200000') })).toEqual([]);
  });
});

test('every problem is reported at once', () => {
  expect(problems(draft({ price: '64000.15', quantity: '0.0005' }))).toEqual([
    'price: Price must be a multiple of the tick size 0.10',
    'quantity: Minimum size is 0.001 BTC',
    'order: Order value must be at least 100 USDT (unless reduce-only)',
  ]);
});

describe('order types are data: the form offers what exchangeInfo lists', () => {
  test('today LIMIT and MARKET', () => {
    expect(offeredKinds(BTCUSDT.orderTypes).map((k) => k.type)).toEqual(['LIMIT', 'MARKET']);
  });

  test('a conditional type listed by the exchange is offered and checked with no other change', () => {
    const stopRules = symbolRules({
      ...BTCUSDT,
      orderTypes: ['LIMIT', 'MARKET', 'STOP_MARKET', 'TAKE_PROFIT'],
    });
    expect(offeredKinds(stopRules.orderTypes).map((k) => k.type)).toEqual([
      'LIMIT',
      'MARKET',
      'STOP_MARKET',
      'TAKE_PROFIT',
    ]);
    const stop = draft({ kind: kind('STOP_MARKET'), side: 'BUY', stopPrice: '66000', price: '' });
    expect(checkOrder(stopRules, stop, MARK)).toEqual({
      ok: true,
      params: {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'STOP_MARKET',
        stopPrice: '66000.0',
        quantity: '0.010',
        newOrderRespType: 'RESULT',
      },
    });
    // A buy stop below the mark would trigger at once; a take-profit buy must be below it.
    expect(checkOrder(stopRules, { ...stop, stopPrice: '64000' }, MARK)).toMatchObject({ ok: false });
    const takeProfit = draft({ kind: kind('TAKE_PROFIT'), side: 'BUY', stopPrice: '64000', price: '64000' });
    expect(checkOrder(stopRules, takeProfit, MARK)).toMatchObject({
      ok: true,
      params: { type: 'TAKE_PROFIT', stopPrice: '64000.0', price: '64000.0', timeInForce: 'GTC' },
    });
    expect(checkOrder(stopRules, { ...takeProfit, stopPrice: '64000.05' }, MARK)).toMatchObject({
      ok: false,
    });
  });
});
