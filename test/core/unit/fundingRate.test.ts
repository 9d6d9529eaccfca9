import fc from 'fast-check';
import { BasisWindow } from '../../../core/futures/basisWindow';
import { splitFunding, splitFundingExact, splitFundingFast } from '../../../core/futures/fundingPayments';
import { averagePremium, fundingRateOf, NO_PREMIUMS, withPremium } from '../../../core/futures/fundingRate';
import { markComponents, median } from '../../../core/futures/markPrice';
import { compileInstrument } from '../../../core/symbol/instrument';
import { BTCUSDT, TESTUSDT } from '../support/specs';

const terms = compileInstrument(TESTUSDT).futures; // interest 0.01 %, cap ±1.875 %
const T = 1_700_006_400_000;

const average = (...premiums: number[]) => premiums.reduce((a, p) => withPremium(a, T, p), NO_PREMIUMS);

describe('the funding rate: P + clamp(I − P, ±0.05 %), capped', () => {
  test.each([
    ['no premium: the interest rate', [], 10_000],
    ['P = 0.03 %: within 0.05 % of I, so I', [30_000], 10_000],
    ['P = 0.2 %: P − 0.05 %', [200_000], 150_000],
    ['P = −0.1 %: P + 0.05 %', [-100_000], -50_000],
    ['P = 3 %: capped at 1.875 %', [3_000_000], 1_875_000],
    ['P = −3 %: floored at −1.875 %', [-3_000_000], -1_875_000],
  ])('%s', (_why, premiums, rate) => {
    expect(fundingRateOf(average(...premiums), terms)).toBe(rate);
  });

  test('P weighs the i-th sample i: (1·a + 2·b + 3·c) / 6, rounded to 10^-8 halves away from zero', () => {
    expect(averagePremium(average(600, 0, 0))).toBe(100n);
    expect(averagePremium(average(0, 0, 600))).toBe(300n);
    expect(averagePremium(average(1, 1))).toBe(1n);
    // (1·1 + 2·2) / 3 = 1.666… → 2; (−1 − 4) / 3 → −2.
    expect(averagePremium(average(1, 2))).toBe(2n);
    expect(averagePremium(average(-1, -2))).toBe(-2n);
    // (1·1 + 2·0) / 3 = 0.333… → 0; halves: (1·3 + 2·0 + 3·0) / 6 = 0.5 → 1, −0.5 → −1.
    expect(averagePremium(average(1, 0))).toBe(0n);
    expect(averagePremium(average(3, 0, 0))).toBe(1n);
    expect(averagePremium(average(-3, 0, 0))).toBe(-1n);
  });
});

describe('the basis window', () => {
  test('keeps the samples younger than the window, with a running sum', () => {
    const window = new BasisWindow();
    window.push(10, 5);
    window.push(11, -2);
    window.push(13, 7);
    // A 3 s window at second 13 holds seconds 11..13: the sample of 10 is out.
    expect(window.peek(13, 3, null)).toEqual({ sum: 5n, count: 2 });
    // At 14 it holds 12..14: 7 and the new 1.
    expect(window.peek(14, 3, 1)).toEqual({ sum: 8n, count: 2 });
    expect([window.sum, window.count]).toEqual([10n, 3]); // peeking changed nothing
    window.evict(14, 3);
    expect([window.sum, window.count]).toEqual([7n, 1]);
    expect(window.entries()).toEqual([[13, 7]]);
    expect(() => window.push(13, 0)).toThrow('not after the last one');
  });

  test('holds an hour of samples, wrapping around its ring', () => {
    const window = new BasisWindow();
    for (let second = 0; second < 10_000; second++) {
      window.evict(second, 3_600);
      window.push(second, second);
    }
    expect(window.count).toBe(3_600);
    // Σ 6,400 .. 9,999.
    expect(window.sum).toBe(BigInt(((6_400 + 9_999) * 3_600) / 2));
  });
});

describe('the mark', () => {
  test('median of three in any order', () => {
    for (const [a, b, c] of [
      [1, 2, 3],
      [3, 1, 2],
      [2, 3, 1],
      [2, 2, 1],
    ]) {
      expect(median(a!, b!, c!)).toBe(2);
    }
  });

  test('Price 1 rounds the carried index halves away from zero', () => {
    const inputs = {
      index: 100,
      lastFundingRate: 5_000_000, // 5 %
      untilFunding: 1,
      intervalMs: 10,
      basisSum: 0n,
      basisCount: 0,
      lastPrice: null,
    };
    // 100 × 5 % × 1/10 = 0.5 → 1.
    expect(markComponents(inputs).price1).toBe(101);
    expect(markComponents({ ...inputs, lastFundingRate: -5_000_000 }).price1).toBe(99);
  });
});

describe('funding payments', () => {
  test('refuse positions that do not sum to zero: the book and the log would have diverged', () => {
    expect(() =>
      splitFunding(compileInstrument(BTCUSDT), [{ accountId: 1, size: 2 }], 6_500_000_000_000, 10_000),
    ).toThrow('positions sum to 2 lots');
  });

  test('computed in numbers or in bigint, the payments are the same', () => {
    const instruments = [compileInstrument(BTCUSDT), compileInstrument(TESTUSDT)];
    const positions = fc
      .array(fc.integer({ min: -200_000, max: 200_000 }), { minLength: 1, maxLength: 30 })
      .map((sizes) => {
        const net = sizes.reduce((a, b) => a + b, 0);
        return [...sizes, -net].map((size, i) => ({ accountId: 1_000 - i * 7, size }));
      });
    let fast = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...instruments),
        positions,
        fc.integer({ min: 1, max: 500_000_000_000_000 }),
        fc.integer({ min: -3_000_000, max: 3_000_000 }),
        (instrument, list, mark, rate) => {
          const inNumbers = splitFundingFast(instrument, list, mark, rate);
          if (inNumbers === undefined) return;
          fast++;
          expect(inNumbers).toEqual(splitFundingExact(instrument, list, mark, rate));
        },
      ),
      { numRuns: 500 },
    );
    expect(fast).toBeGreaterThan(100);
  });
});
