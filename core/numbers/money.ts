import { ceilDiv, formatScaled, parseSignedScaled } from './decimal';

/**
 * Money (balances, fees, PnL, notional) in USDT, as an exact integer count of 10^-8 USDT. Eight decimals is what
 * Binance shows for balances and commissions, and every symbol's tick × step must be a multiple of 10^-8 so that
 * a fill's notional is always exact (see compileInstrument).
 */
export type Money = bigint;

export const MONEY_DECIMALS = 8;
export const ZERO_MONEY: Money = 0n;

/** Fee and funding rates as an integer count of 10^-8 (0.0002 → 20000n). */
export type Rate = bigint;
export const RATE_DECIMALS = 8;
const RATE_ONE = 10n ** BigInt(RATE_DECIMALS);

export function parseMoney(text: string): Money | undefined {
  return parseSignedScaled(text, MONEY_DECIMALS);
}

export function formatMoney(amount: Money): string {
  return formatScaled(amount, MONEY_DECIMALS);
}

export function parseRate(text: string): Rate | undefined {
  return parseSignedScaled(text, RATE_DECIMALS);
}

export function formatRate(rate: Rate): string {
  return formatScaled(rate, RATE_DECIMALS);
}

/**
 * The fee on a notional at a rate, rounded up to the next 10^-8: the exchange never under-charges, and a
 * negative (rebate) rate rounds toward zero, so it never over-pays either.
 */
export function feeOn(notional: Money, rate: Rate): Money {
  return ceilDiv(notional * rate, RATE_ONE);
}

/** The smaller of two amounts (Math.min does not take bigint). */
export function minMoney(a: Money, b: Money): Money {
  return a < b ? a : b;
}
