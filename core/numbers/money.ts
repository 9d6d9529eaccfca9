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
/** A rate of 1 (100%) in 10^-8 units. */
export const RATE_ONE = 10n ** BigInt(RATE_DECIMALS);

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

const RATE_ONE_NUMBER = 100_000_000;

/**
 * feeOn for amounts that are safe integers, without bigint: the notional is split into its multiple of 10^8 and
 * the rest, so every product stays below 2^53 and the result is exact. Undefined when an intermediate would not
 * be safe (then use feeOn). Same rounding as feeOn: up, toward the exchange.
 */
export function feeOnSafe(notional: number, rate: number): number | undefined {
  const magnitude = rate < 0 ? -rate : rate;
  const high = Math.floor(notional / RATE_ONE_NUMBER);
  const low = notional - high * RATE_ONE_NUMBER;
  const whole = high * magnitude;
  const part = low * magnitude;
  if (!Number.isSafeInteger(whole) || !Number.isSafeInteger(part)) return undefined;
  let quotient = Math.floor(part / RATE_ONE_NUMBER);
  let remainder = part - quotient * RATE_ONE_NUMBER;
  // Correct the floating-point division's possible off-by-one; every value here is an exact integer.
  if (remainder < 0) {
    quotient--;
    remainder += RATE_ONE_NUMBER;
  } else if (remainder >= RATE_ONE_NUMBER) {
    quotient++;
    remainder -= RATE_ONE_NUMBER;
  }
  const fee = rate >= 0 ? whole + quotient + (remainder > 0 ? 1 : 0) : -(whole + quotient);
  return Number.isSafeInteger(fee) ? fee : undefined;
}

/**
 * Money as the matching engine keeps it and puts it on its events: the same exact integer count of 10^-8 USDT,
 * held as a number while it is a safe integer and as a bigint only beyond ±(2^53 − 1) (90 million USDT).
 * Practically every fee, PnL and position fits in a double, and bigint arithmetic and allocation on every trade
 * cost the engine about an eighth of its time. Each value has exactly one form (a bigint never holds a value a
 * number could), so equal amounts are equal under === and deep equality; moneyOf turns either into Money.
 */
export type CompactMoney = number | Money;

const MAX_SAFE_MONEY = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_MONEY = -MAX_SAFE_MONEY;

export function compactMoney(amount: Money): CompactMoney {
  return amount >= MIN_SAFE_MONEY && amount <= MAX_SAFE_MONEY ? Number(amount) : amount;
}

export function moneyOf(amount: CompactMoney): Money {
  return typeof amount === 'bigint' ? amount : BigInt(amount);
}

/**
 * A value as JSON with its money (bigint) written as decimal integer strings, as the stores keep it; the reader
 * knows which fields are money and reads them back with BigInt.
 */
export function jsonWithMoney(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}
