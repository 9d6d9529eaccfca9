import { roundDiv } from '../numbers/decimal';
import { RATE_ONE } from '../numbers/money';

/**
 * Binance's mark price of a USDⓈ-M perpetual ("What Are Mark Price and Price Index"):
 *
 *   mark    = median(Price 1, Price 2, last traded price)
 *   Price 1 = index × (1 + last funding rate × time until funding / funding interval)
 *   Price 2 = index + moving average of the basis ((bid₁ + ask₁) / 2 − index), sampled every second
 *
 * in index units (10^-8 USDT per base unit), each component rounded once to the unit (halves away from zero).
 *
 * Fallbacks (Binance publishes none for its USDⓈ-M mark; these are shardex's, chosen so that trading cannot
 * move the mark when the book is too thin to trust): Price 2 needs at least one basis sample in the window,
 * which needs a two-sided book; the last price needs a trade. With either missing the mark is Price 1, the
 * index carried by the funding rate, which no order can move. (A median of the two that remain would let one
 * trade into an empty book pull the mark halfway to it.)
 */
export interface MarkInputs {
  readonly index: number;
  /** The funding rate of the last settlement, 10^-8 (0 before the first). */
  readonly lastFundingRate: number;
  /** Milliseconds to the next funding time, and between funding times. */
  readonly untilFunding: number;
  readonly intervalMs: number;
  /** Σ and count of the basis samples in the window, this second's included. */
  readonly basisSum: bigint;
  readonly basisCount: number;
  /** The last trade price in index units, or null before the first trade. */
  readonly lastPrice: number | null;
}

export interface MarkComponents {
  readonly price1: number;
  readonly price2: number | null;
  readonly mark: number;
}

export function markComponents(inputs: MarkInputs): MarkComponents {
  const index = BigInt(inputs.index);
  const carry = roundDiv(
    index * BigInt(inputs.lastFundingRate) * BigInt(inputs.untilFunding),
    RATE_ONE * BigInt(inputs.intervalMs),
  );
  const price1 = Number(index + carry);
  const price2 =
    inputs.basisCount === 0 ? null : Number(index + roundDiv(inputs.basisSum, BigInt(inputs.basisCount)));
  const last = inputs.lastPrice;
  const mark = price2 === null || last === null ? price1 : median(price1, price2, last);
  return { price1, price2, mark };
}

export function median(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
