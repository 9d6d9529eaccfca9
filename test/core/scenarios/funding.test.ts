import { A, B, C, cancel, given, givenSymbol, indexPrice, limit, settleFunding } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

/**
 * Premium index and funding (core/futures), on TESTUSDT (tick 1 USDT, step 1): impact margin notional 200 USDT ×
 * 20 (max leverage) = 4,000 USDT; interest 0.01 % per 8 h; cap and floor ±0.75 × 2.5 % = ±1.875 %. Rates and
 * premiums in 10^-8 (10,000 = 0.01 %), money in 10^-8 USDT.
 */
const USDT = 100_000_000;
const T0 = 1_700_006_400_000; // 2023-11-15T00:00:00Z, a funding time
const HOUR = 3_600_000;
const INTERVAL = 8 * HOUR;

describe('the premium index', () => {
  it('is 0 while the impact prices bracket the index', () => {
    given(
      limit({ id: 1, account: A, side: 'BUY', price: 99, qty: 50 }),
      limit({ id: 2, account: B, side: 'SELL', price: 101, qty: 50 }),
    )
      .when(indexPrice('100', T0 - 10_000))
      .thenEvents([{ type: 'MarkPriceUpdated', premium: 0, estimatedFundingRate: 10_000 }]);
  });

  it('thin book: a side that cannot absorb the impact notional has no impact price and adds nothing', () => {
    // Bids: 10 × 99 = 990 USDT < 4,000, no impact bid. Asks: 50 × 101 = 5,050 USDT, impact ask 101.
    // premium = −(102 − 101) / 102 = −0.0098039215… → −980,392; rate = P + clamp(I − P, ±0.05 %) = P + 0.05 %.
    given(
      limit({ id: 1, account: A, side: 'BUY', price: 99, qty: 10 }),
      limit({ id: 2, account: B, side: 'SELL', price: 101, qty: 50 }),
    )
      .when(indexPrice('102', T0 - 10_000))
      .thenEvents([{ type: 'MarkPriceUpdated', premium: -980_392, estimatedFundingRate: -930_392 }]);
  });

  it('averages the levels it takes: the impact ask of 20 @ 101 then 1,980 USDT @ 102 is 4,000 / 39.41… lots', () => {
    // Average price = 4000 × 102 / (102 × 20 + 1980) = 408000 / 4020 = 101.4925…; against 103:
    // (408000 − 103 × 4020) / (4020 × 103) = −6060 / 414060 = −0.0146355600… → −1,463,556.
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 20 }),
      limit({ id: 2, account: B, side: 'SELL', price: 102, qty: 30 }),
    )
      .when(indexPrice('103', T0 - 10_000))
      .thenEvents([{ type: 'MarkPriceUpdated', premium: -1_463_556 }]);
  });

  it('a book entirely above the index makes a positive premium', () => {
    // Impact bid 103 against 100: +3 % = 3,000,000; the rate 3 % − 0.05 % is capped at 1.875 %.
    given(limit({ id: 1, account: A, side: 'BUY', price: 103, qty: 50 }))
      .when(indexPrice('100', T0 - 10_000))
      .thenEvents([{ type: 'MarkPriceUpdated', premium: 3_000_000, estimatedFundingRate: 1_875_000 }]);
  });
});

describe('the funding rate', () => {
  it('is the interest rate while the average premium is within 0.05 % of it', () => {
    // A premium of 0 is within ±0.05 % of 0.01 %: the rate is the interest rate.
    given()
      .when(indexPrice('100', T0 - 10_000))
      .thenEvents([{ premium: 0, estimatedFundingRate: 10_000 }]);
  });

  it('averages the samples with weights 1, 2, …: later samples weigh more', () => {
    const scenario = given(limit({ id: 1, account: A, side: 'BUY', price: 103, qty: 50 }));
    scenario.when(indexPrice('100', T0 - 3_000)).thenEvents([{ premium: 3_000_000 }]);
    scenario.when(cancel(A, { orderId: 1 }));
    // (1 × 3 % + 2 × 0) / 3 = 1 % → rate 1 % − 0.05 % = 0.95 %.
    scenario.when(indexPrice('100', T0 - 2_000)).thenEvents([{ premium: 0, estimatedFundingRate: 950_000 }]);
  });

  it('is capped and floored at the symbol’s limits', () => {
    const spec = { ...TESTUSDT, fundingRateCap: '0.003', fundingRateFloor: '-0.002' };
    givenSymbol(spec, limit({ id: 1, account: A, side: 'BUY', price: 103, qty: 50 }))
      .when(indexPrice('100', T0 - 10_000))
      .thenEvents([{ premium: 3_000_000, estimatedFundingRate: 300_000 }]);
    givenSymbol(spec, limit({ id: 1, account: A, side: 'SELL', price: 97, qty: 50 }))
      .when(indexPrice('100', T0 - 10_000))
      .thenEvents([{ premium: -3_000_000, estimatedFundingRate: -200_000 }]);
  });

  it('settles at the average of its own interval, even when the settlement comes after a later sample', () => {
    const scenario = given(limit({ id: 1, account: A, side: 'BUY', price: 103, qty: 50 }));
    scenario.when(indexPrice('100', T0 - 2_000)); // +3 %: capped 1.875 %
    scenario.when(cancel(A, { orderId: 1 }));
    // The first sample of the next interval (premium 0) arrives before the settlement of T0.
    scenario.when(indexPrice('100', T0 + 1_000)).thenEvents([{ premium: 0, estimatedFundingRate: 10_000 }]);
    scenario
      .when(settleFunding(T0, T0 + 2_000))
      .thenEvents([{ type: 'FundingSettled', fundingTime: T0, fundingRate: 1_875_000 }]);
  });
});

describe('settlement', () => {
  /** A long 3, B short 2, C short 1, all at 100; the book is empty afterwards. */
  const positions = (spec = TESTUSDT) =>
    givenSymbol(
      spec,
      limit({ id: 1, account: B, side: 'SELL', price: 100, qty: 2 }),
      limit({ id: 2, account: C, side: 'SELL', price: 100, qty: 1 }),
      limit({ id: 3, account: A, side: 'BUY', price: 100, qty: 3 }),
    );

  it('longs pay shorts size × mark × rate, the rounded total shared by largest remainder, summing to zero', () => {
    // Mark 100.12345678 (Price 1: the book is empty), rate 0.01 %: one lot owes 1,001,234.5678 units.
    // A pays 3 × that = 3,003,703.7034 → the total rounds to 3,003,704. B is owed 2,002,469.1356, C
    // 1,001,234.5678: both rounded down leave one unit, which goes to C (the larger remainder).
    const scenario = positions();
    scenario.when(indexPrice('100.12345678', T0 - 10_000));
    scenario.when(settleFunding(T0, T0 + 100)).thenEvents([
      {
        type: 'FundingSettled',
        fundingTime: T0,
        fundingRate: 10_000,
        markPrice: 10_012_345_678,
        indexPrice: 10_012_345_678,
        payers: 1,
        receivers: 2,
        total: 3_003_704,
        paymentEvents: 1,
      },
      {
        type: 'FundingPaid',
        fundingTime: T0,
        payments: [
          [A, -3_003_704],
          [B, 2_002_469],
          [C, 1_001_235],
        ],
      },
    ]);
  });

  it('shorts pay longs when the rate is negative', () => {
    const scenario = positions({ ...TESTUSDT, interestRate: '-0.0001' });
    scenario.when(indexPrice('100', T0 - 10_000));
    scenario.when(settleFunding(T0, T0 + 100)).thenEvents([
      { type: 'FundingSettled', fundingRate: -10_000, payers: 2, receivers: 1, total: 3_000_000 },
      {
        type: 'FundingPaid',
        payments: [
          [A, 3_000_000],
          [B, -2_000_000],
          [C, -1_000_000],
        ],
      },
    ]);
  });

  it('gives a unit that ties on remainders to the lower account id', () => {
    // A long 2, B and C short 1 each; mark 100.00005 → each lot owes 1,000,000.5: A pays exactly 2,000,001,
    // B and C are owed 1,000,000.5 each; the one unit left goes to B.
    const scenario = given(
      limit({ id: 1, account: C, side: 'SELL', price: 100, qty: 1 }),
      limit({ id: 2, account: B, side: 'SELL', price: 100, qty: 1 }),
      limit({ id: 3, account: A, side: 'BUY', price: 100, qty: 2 }),
    );
    scenario.when(indexPrice('100.00005', T0 - 10_000));
    scenario.when(settleFunding(T0, T0 + 100)).thenEvents([
      { type: 'FundingSettled', total: 2_000_001 },
      {
        type: 'FundingPaid',
        payments: [
          [A, -2_000_001],
          [B, 1_000_001],
          [C, 1_000_000],
        ],
      },
    ]);
  });

  it('without positions records the rate and pays nothing', () => {
    const scenario = given();
    scenario.when(indexPrice('100', T0 - 10_000));
    scenario
      .when(settleFunding(T0, T0 + 100))
      .thenEvents([
        { type: 'FundingSettled', fundingRate: 10_000, payers: 0, receivers: 0, total: 0, paymentEvents: 0 },
      ]);
  });

  it('at a rate of 0 pays nothing', () => {
    const scenario = positions({ ...TESTUSDT, interestRate: '0' });
    scenario.when(indexPrice('100', T0 - 10_000));
    scenario
      .when(settleFunding(T0, T0 + 100))
      .thenEvents([{ type: 'FundingSettled', fundingRate: 0, total: 0, paymentEvents: 0 }]);
  });

  it('a second SettleFunding for the same or an earlier funding time changes nothing', () => {
    const scenario = positions();
    scenario.when(indexPrice('100', T0 - 10_000));
    scenario.when(settleFunding(T0, T0 + 100));
    const seq = scenario.engine.seq;
    for (const fundingTime of [T0, T0 - INTERVAL]) {
      scenario.when(settleFunding(fundingTime, T0 + 200)).thenEvents([
        {
          type: 'CommandRejected',
          command: 'SettleFunding',
          code: -1130,
          reason: `Funding at ${fundingTime} is already settled.`,
        },
      ]);
    }
    expect(scenario.engine.seq).toBe(seq + 2);
    expect(scenario.engine.lastFunding).toEqual({ time: T0, rate: 10_000 });
  });

  it('is refused before its funding time, off the funding grid, and without an index price', () => {
    const scenario = positions();
    scenario.when(settleFunding(T0, T0 + 1)).thenEvents([
      {
        type: 'CommandRejected',
        code: -1130,
        reason: 'The symbol has no index price yet, so no mark price to settle funding at.',
      },
    ]);
    scenario.when(indexPrice('100', T0 - 10_000));
    scenario
      .when(settleFunding(T0 + INTERVAL, T0 + 100))
      .thenEvents([{ type: 'CommandRejected', reason: `Funding time ${T0 + INTERVAL} has not come yet.` }]);
    scenario
      .when(settleFunding(T0 + HOUR, T0 + 2 * HOUR))
      .thenEvents([
        { type: 'CommandRejected', reason: "Data sent for parameter 'fundingTime' is not valid." },
      ]);
    scenario
      .when(settleFunding(T0, T0 + 100))
      .thenEvents([{ type: 'FundingSettled' }, { type: 'FundingPaid' }]);
  });

  it('keeps positions as they were: funding is wallet money, not position money', () => {
    const scenario = positions();
    const before = [A, B, C].map((account) => scenario.engine.position(account));
    scenario.when(indexPrice('100', T0 - 10_000));
    scenario.when(settleFunding(T0, T0 + 100));
    expect([A, B, C].map((account) => scenario.engine.position(account))).toEqual(before);
  });
});

describe('the events carry the numbers a reader needs', () => {
  it('the mark event names the next funding time and the last rate', () => {
    given()
      .when(indexPrice('100', T0 - 10_000))
      .thenEvents([{ nextFundingTime: T0, lastFundingRate: 0, indexPrice: 100 * USDT }]);
  });
});
