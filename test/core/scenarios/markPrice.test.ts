import { A, B, C, given, givenSymbol, indexPrice, limit, settleFunding } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

/**
 * Mark price (core/futures/markPrice.ts), on TESTUSDT: tick 1 USDT, step 1, so a price of 100 ticks is
 * 100 USDT = 10,000,000,000 index units (10^-8 USDT) and one lot is one whole TEST.
 *
 *   mark = median(Price 1, Price 2, last trade)
 *   Price 1 = index × (1 + last funding rate × time until funding / interval)
 *   Price 2 = index + moving average of the per-second basis ((bid₁ + ask₁)/2 − index)
 *   with Price 2 or the last trade missing: Price 1
 */
const D = 4;
const USDT = 100_000_000;
/** A funding time: 2023-11-15T00:00:00Z, on the 8 h grid. */
const T0 = 1_700_006_400_000;
const SECOND = 1_000;
const HOUR = 3_600_000;

describe('before the first index price', () => {
  it('the symbol has no mark, and the first index price makes one: Price 1, the index itself', () => {
    const outcome = given()
      .when(indexPrice('100.5', T0 + SECOND))
      .thenEvents([
        {
          type: 'MarkPriceUpdated',
          indexPrice: 100.5 * USDT,
          markPrice: 100.5 * USDT,
          premium: 0,
          basis: null,
          sampled: true,
          // No premium yet: the interest rate, 0.01 %.
          estimatedFundingRate: 10_000,
          lastFundingRate: 0,
          nextFundingTime: T0 + 8 * HOUR,
          sources: [{ name: 'test', price: '100.5' }],
        },
      ]);
    expect(outcome.engine.markPrice).toBe(100.5 * USDT);
  });

  it('refuses a price that is not a positive decimal of at most 8 places, or beyond maxPrice', () => {
    for (const price of ['0', '-1', 'abc', '1.123456789', '1e3', '1000000.00000001']) {
      given()
        .when(indexPrice(price, T0))
        .thenEvents([
          {
            type: 'CommandRejected',
            command: 'UpdateIndexPrice',
            code: -1130,
            reason: "Data sent for parameter 'price' is not valid.",
          },
        ]);
    }
  });
});

describe('the index sources', () => {
  it('are recorded on the event, and bounded: at most 20, names and prices of at most 64 characters', () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, price: '100' }));
    for (const sources of [tooMany, [{ name: 'x'.repeat(65), price: '100' }]]) {
      given()
        .when({ ...indexPrice('100', T0), sources })
        .thenEvents([
          { type: 'CommandRejected', code: -1130, reason: "Data sent for parameter 'sources' is not valid." },
        ]);
    }
    const sources = [
      { name: 'binance', price: '100.1' },
      { name: 'coinbase', price: '99.9' },
    ];
    given()
      .when({ ...indexPrice('100', T0), sources })
      .thenEvents([{ type: 'MarkPriceUpdated', sources }]);
  });
});

describe('the median and its fallbacks', () => {
  it('a one-sided book gives no basis: the mark is Price 1', () => {
    given(limit({ id: 1, account: A, side: 'BUY', price: 99, qty: 5 }))
      .when(indexPrice('100', T0))
      .thenEvents([{ type: 'MarkPriceUpdated', basis: null, markPrice: 100 * USDT }]);
  });

  it('an empty book gives no basis either', () => {
    given()
      .when(indexPrice('100', T0))
      .thenEvents([{ type: 'MarkPriceUpdated', basis: null, markPrice: 100 * USDT }]);
  });

  it('no trade yet: the mark is Price 1 although the book gives Price 2', () => {
    given(
      limit({ id: 1, account: C, side: 'BUY', price: 99, qty: 50 }),
      limit({ id: 2, account: A, side: 'SELL', price: 103, qty: 50 }),
    )
      .when(indexPrice('100', T0))
      // Price 2 would be 100 + (101 − 100) = 101.
      .thenEvents([{ type: 'MarkPriceUpdated', basis: 1 * USDT, markPrice: 100 * USDT }]);
  });

  /** A book of 99 / 103 (mid 101) and a last trade at `last`. */
  const market = (last: number) =>
    given(
      limit({ id: 1, account: C, side: 'BUY', price: 99, qty: 50 }),
      limit({ id: 2, account: A, side: 'SELL', price: 103, qty: 50 }),
      limit({ id: 3, account: D, side: 'SELL', price: last, qty: 1 }),
      limit({ id: 4, account: B, side: 'BUY', price: last, qty: 1 }),
    );

  it('Price 2 in the middle: index 100, mid 101, last 102 → 101', () => {
    market(102)
      .when(indexPrice('100', T0))
      .thenEvents([{ type: 'MarkPriceUpdated', basis: 1 * USDT, markPrice: 101 * USDT }]);
  });

  it('the last trade in the middle: index 99 (Price 2 = 101), last 100 → 100', () => {
    market(100)
      .when(indexPrice('99', T0))
      .thenEvents([{ type: 'MarkPriceUpdated', basis: 2 * USDT, markPrice: 100 * USDT }]);
  });

  it('Price 1 in the middle: index 101.5 (Price 2 = 101), last 102 → 101.5', () => {
    market(102)
      .when(indexPrice('101.5', T0))
      .thenEvents([{ type: 'MarkPriceUpdated', basis: -0.5 * USDT, markPrice: 101.5 * USDT }]);
  });
});

describe('Price 2: the moving average of one sample a second over the window', () => {
  // A 3 s window to keep the arithmetic short; a trade at 120 keeps the last price above Price 2, and
  // Price 1 (the index) below it, so the mark shows Price 2.
  const spec = { ...TESTUSDT, markPriceBasisWindow: 3 };
  const book = () =>
    givenSymbol(
      spec,
      limit({ id: 1, account: D, side: 'SELL', price: 120, qty: 1 }),
      limit({ id: 2, account: B, side: 'BUY', price: 120, qty: 1 }),
      limit({ id: 3, account: C, side: 'BUY', price: 99, qty: 50 }),
      limit({ id: 4, account: A, side: 'SELL', price: 103, qty: 50 }),
    );

  it('averages the samples of the last window seconds; an older one leaves it', () => {
    const scenario = book();
    // Basis samples 1, 3, 2, 1 (mid 101 minus the index).
    scenario.when(indexPrice('100', T0 + 1 * SECOND)).thenEvents([{ markPrice: 101 * USDT }]);
    scenario.when(indexPrice('98', T0 + 2 * SECOND)).thenEvents([{ markPrice: 100 * USDT }]); // 98 + 2
    scenario.when(indexPrice('99', T0 + 3 * SECOND)).thenEvents([{ markPrice: 101 * USDT }]); // 99 + 2
    // At 4 s the sample of 1 s is out of the window: (3 + 2 + 1) / 3 = 2, not (1 + 3 + 2 + 1) / 4.
    scenario.when(indexPrice('100', T0 + 4 * SECOND)).thenEvents([{ markPrice: 102 * USDT }]);
  });

  it('takes one sample per second: a second update within the second samples nothing', () => {
    const scenario = book();
    scenario.when(indexPrice('100', T0 + 1 * SECOND)).thenEvents([{ sampled: true }]);
    scenario.when(indexPrice('98', T0 + 2 * SECOND)).thenEvents([{ sampled: true, markPrice: 100 * USDT }]);
    // Same second: index 100 now, basis 1, but the average stays (1 + 3) / 2 = 2 → Price 2 = 102.
    scenario
      .when(indexPrice('100', T0 + 2 * SECOND + 500))
      .thenEvents([{ sampled: false, basis: 1 * USDT, markPrice: 102 * USDT }]);
  });

  it('rounds the average to the unit, halves away from zero', () => {
    const scenario = book();
    scenario.when(indexPrice('100', T0 + 1 * SECOND)); // basis 1
    // Index 100.00000001: basis 0.99999999, the average 0.999999995 rounds to 1, Price 2 = index + 1.
    scenario
      .when(indexPrice('100.00000001', T0 + 2 * SECOND))
      .thenEvents([{ basis: 99_999_999, markPrice: 100 * USDT + 1 + 1 * USDT }]);
  });
});

describe('Price 1 carries the index by the last funding rate', () => {
  it('half an interval before funding, at 0.01 %: index × (1 + 0.0001 × ½)', () => {
    const scenario = given();
    scenario.when(indexPrice('100', T0 - 5 * SECOND));
    // No premium but 0 was sampled: the rate is the interest rate, 0.01 %.
    scenario.when(settleFunding(T0, T0 + 100)).thenEvents([{ type: 'FundingSettled', fundingRate: 10_000 }]);
    scenario
      .when(indexPrice('100', T0 + 4 * HOUR))
      .thenEvents([{ type: 'MarkPriceUpdated', lastFundingRate: 10_000, markPrice: 10_000_500_000 }]);
  });
});

describe('the band follows the mark', () => {
  // TESTUSDT: PERCENT_PRICE 0.5 .. 1.5 × reference, MARKET take bound ±10 %, MIN_NOTIONAL 10 USDT.
  it('PERCENT_PRICE: a buy up to ⌊mark × 1.5⌋, edges between ticks rounded inward', () => {
    const scenario = given();
    scenario.when(indexPrice('100.5', T0)); // 150.75 → 150
    scenario
      .when(limit({ id: 1, account: A, side: 'BUY', price: 150, qty: 1 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderRested' }]);
    scenario
      .when(limit({ id: 2, account: A, side: 'BUY', price: 151, qty: 1 }))
      .thenEvents([{ code: -4016 }]);
  });

  it('PERCENT_PRICE: a sell down to ⌈mark × 0.5⌉', () => {
    const scenario = given();
    scenario.when(indexPrice('100.5', T0)); // 50.25 → 51
    scenario
      .when(limit({ id: 3, account: B, side: 'SELL', price: 51, qty: 1 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderRested' }]);
    scenario
      .when(limit({ id: 4, account: B, side: 'SELL', price: 50, qty: 1 }))
      .thenEvents([{ code: -4024 }]);
  });

  it('no account moves it by trading with itself: the band stays around the mark, not the last trade', () => {
    const scenario = given();
    scenario.when(indexPrice('100', T0));
    // A trades with itself at 140 (STP NONE), inside the band of 100.
    scenario.when(limit({ id: 1, account: A, side: 'SELL', price: 140, qty: 1, stp: 'NONE' }));
    scenario
      .when(limit({ id: 2, account: A, side: 'BUY', price: 140, qty: 1, stp: 'NONE' }))
      .thenEvents([{}, { type: 'Trade', price: 140 }]);
    // Around the last trade (140) a buy at 200 would pass; around the mark (100) it is above 150.
    scenario
      .when(limit({ id: 3, account: A, side: 'BUY', price: 200, qty: 1 }))
      .thenEvents([{ code: -4016 }]);
  });

  it('a MARKET order sweeps no further than mark × (1 + 10 %), rounded down to a tick', () => {
    const scenario = given(
      limit({ id: 1, account: A, side: 'SELL', price: 110, qty: 1 }),
      limit({ id: 2, account: A, side: 'SELL', price: 111, qty: 1 }),
    );
    scenario.when(indexPrice('100.5', T0)); // 110.55 → 110
    scenario
      .when({
        type: 'PlaceOrder',
        commandId: 'market-buy',
        time: T0 + 1,
        order: {
          orderId: 3,
          accountId: B,
          clientOrderId: 'm',
          side: 'BUY',
          type: 'MARKET',
          timeInForce: 'GTC',
          price: 0,
          quantity: 2,
          reduceOnly: false,
          selfTradePreventionMode: 'EXPIRE_MAKER',
        },
      })
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 110, quantity: 1 },
        { type: 'OrderExpired', reason: 'MARKET', quantity: 1 },
      ]);
  });

  it('a MARKET order is refused when the best opposite price is outside the band of the mark (-4131)', () => {
    const scenario = given(limit({ id: 1, account: A, side: 'SELL', price: 140, qty: 1 }));
    scenario.when(indexPrice('90', T0)); // ceiling 135
    scenario.when(marketBuy(2, B, 1)).thenEvents([{ type: 'OrderRejected', code: -4131 }]);
  });

  it('MIN_NOTIONAL of a MARKET order is measured at the mark, exactly', () => {
    // A trade at 20 made the last price 20; the mark 9.99999999 values one lot below 10 USDT, two above.
    const scenario = given(
      limit({ id: 1, account: A, side: 'SELL', price: 20, qty: 1 }),
      limit({ id: 2, account: B, side: 'BUY', price: 20, qty: 1 }),
      limit({ id: 3, account: A, side: 'SELL', price: 10, qty: 5 }),
    );
    scenario.when(indexPrice('9.99999999', T0));
    scenario.when(marketBuy(4, B, 1)).thenEvents([
      {
        type: 'OrderRejected',
        code: -4164,
        reason: "Order's notional must be no smaller than 10 (unless you choose reduce only)",
      },
    ]);
    scenario
      .when(marketBuy(5, B, 2))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 10, quantity: 2 }]);
  });
});

function marketBuy(orderId: number, accountId: number, quantity: number) {
  return {
    type: 'PlaceOrder' as const,
    commandId: `market-${orderId}`,
    time: T0 + orderId,
    order: {
      orderId,
      accountId,
      clientOrderId: `m${orderId}`,
      side: 'BUY' as const,
      type: 'MARKET' as const,
      timeInForce: 'GTC' as const,
      price: 0,
      quantity,
      reduceOnly: false,
      selfTradePreventionMode: 'EXPIRE_MAKER' as const,
    },
  };
}
