import { roundDiv } from '../numbers/decimal';
import type { FuturesTerms } from '../symbol/futuresTerms';

/**
 * The premium samples of one funding interval and the funding rate they make (Binance, "Introduction to Binance
 * Futures Funding Rates"):
 *
 *   average premium P = (1·P₁ + 2·P₂ + … + n·Pₙ) / (1 + 2 + … + n)        (time-weighted: later samples weigh more)
 *   funding rate     F = P + clamp(I − P, −0.05 %, +0.05 %)                (I: the interest rate per interval)
 *   capped           clamp(F, fundingRateFloor, fundingRateCap)
 *
 * Premiums and rates are integers of 10^-8 (Binance prints both with 8 decimals). The weighted sum is kept
 * running, so a sample is O(1); it is a bigint because 8 h of one-second samples weigh up to 4·10^8 each.
 */
export interface PremiumAverage {
  /** The funding time the samples lead up to (0: no sample since the last settlement). */
  readonly fundingTime: number;
  readonly count: number;
  /** Σ i · Pᵢ over the samples, i = 1..count. */
  readonly weightedSum: bigint;
}

export const NO_PREMIUMS: PremiumAverage = Object.freeze({ fundingTime: 0, count: 0, weightedSum: 0n });

/** Binance's ±0.05 % dampener around the interest rate, in 10^-8. */
export const INTEREST_CLAMP = 50_000n;

/** The samples with one more, the `count + 1`-th, weighing count + 1. */
export function withPremium(average: PremiumAverage, fundingTime: number, premium: number): PremiumAverage {
  const count = average.count + 1;
  return { fundingTime, count, weightedSum: average.weightedSum + BigInt(count) * BigInt(premium) };
}

/** P, rounded to 10^-8 (halves away from zero); 0 with no sample. */
export function averagePremium(average: PremiumAverage): bigint {
  const n = BigInt(average.count);
  return n === 0n ? 0n : roundDiv(average.weightedSum * 2n, n * (n + 1n));
}

/** The funding rate of an interval's samples: with none, P = 0 and the rate is the interest rate (capped). */
export function fundingRateOf(average: PremiumAverage, terms: FuturesTerms): number {
  const premium = averagePremium(average);
  const rate = premium + clamp(terms.interestRate - premium, -INTEREST_CLAMP, INTEREST_CLAMP);
  return Number(clamp(rate, terms.fundingRateFloor, terms.fundingRateCap));
}

function clamp(value: bigint, low: bigint, high: bigint): bigint {
  return value < low ? low : value > high ? high : value;
}
