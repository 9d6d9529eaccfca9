import { roundDiv } from '../numbers/decimal';
import { type CompactMoney, compactMoney, type Money, RATE_ONE } from '../numbers/money';
import type { Instrument } from '../symbol/instrument';

/**
 * Funding payments at one funding time, exact to the 10^-8 USDT and summing to exactly zero.
 *
 * Each position's exact payment is size × mark × rate (Binance: position notional at the mark × funding rate;
 * longs pay when the rate is positive, shorts receive). In money units that is a fraction with the common
 * denominator D = 10^stepDecimals × 10^8:
 *
 *   exactₐ = sizeₐ × stepUnits × mark × rate / D
 *
 * Sizes sum to zero (every trade has a buyer and a seller of the same lots), so the payers' exact total equals
 * the receivers'. That total is rounded once to 10^-8 USDT (halves up), and each side shares the rounded total by
 * the largest-remainder method: every account first gets its exact amount rounded down, then the units still
 * missing go one each to the accounts with the largest remainders, ties to the lower account id. So no account
 * is more than one unit from its exact amount, both sides move exactly the same total, and the payments sum to
 * zero: funding creates and destroys no money. The rounding remainder (below one unit per account) thus goes to
 * the accounts whose exact share was closest to the next unit, on both sides alike.
 *
 * Settling visits every position, so it is computed in plain numbers whenever every product is a safe integer
 * (positions below ~90,000 lots of a symbol like BTCUSDT: practically always), and in bigint otherwise; both give
 * the same payments (test/core/unit/fundingRate.test.ts holds them equal).
 */
export interface FundingPosition {
  readonly accountId: number;
  /** Signed size in lots. */
  readonly size: number;
}

export interface FundingSplit {
  /** [accountId, wallet change] ascending by account id, zero amounts left out: negative pays, positive receives. */
  readonly payments: readonly (readonly [number, CompactMoney])[];
  /** Σ paid = Σ received. */
  readonly total: Money;
  readonly payers: number;
  readonly receivers: number;
}

export function splitFunding(
  instrument: Instrument,
  positions: readonly FundingPosition[],
  markUnits: number,
  rate: number,
): FundingSplit {
  checkBalanced(positions);
  return (
    splitFundingFast(instrument, positions, markUnits, rate) ??
    splitFundingExact(instrument, positions, markUnits, rate)
  );
}

function checkBalanced(positions: readonly FundingPosition[]): void {
  let net = 0;
  for (const { size } of positions) net += size;
  if (net !== 0) throw new Error(`funding: positions sum to ${net} lots, not 0`);
}

/** One side's shares: each account's exact amount rounded down (base) and the rest over D (remainder). */
interface Shares<T> {
  readonly ids: number[];
  readonly base: T[];
  readonly remainder: T[];
}

/** The split in numbers; undefined when a product would not be a safe integer. */
export function splitFundingFast(
  instrument: Instrument,
  positions: readonly FundingPosition[],
  markUnits: number,
  rate: number,
): FundingSplit | undefined {
  const factor = instrument.stepUnits * BigInt(markUnits) * BigInt(rate < 0 ? -rate : rate);
  const denominatorBig = 10n ** BigInt(instrument.stepDecimals) * RATE_ONE;
  if (
    denominatorBig > BigInt(Number.MAX_SAFE_INTEGER) ||
    factor / denominatorBig > BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return undefined;
  }
  const denominator = Number(denominatorBig);
  // One lot's exact amount is perLot + perLotRemainder / D.
  const perLot = Number(factor / denominatorBig);
  const perLotRemainder = Number(factor % denominatorBig);
  const longsPay = rate > 0;
  const payers: Shares<number> = { ids: [], base: [], remainder: [] };
  const receivers: Shares<number> = { ids: [], base: [], remainder: [] };
  let totalBase = 0;
  let totalRemainder = 0; // kept below 2·D by carrying into totalBase
  for (const { accountId, size } of positions) {
    if (size === 0 || rate === 0) continue;
    const lots = size < 0 ? -size : size;
    const whole = lots * perLot;
    const scaled = lots * perLotRemainder;
    if (!Number.isSafeInteger(whole) || !Number.isSafeInteger(scaled)) return undefined;
    const carry = Math.floor(scaled / denominator);
    let base = whole + carry;
    let remainder = scaled - carry * denominator;
    // Correct the floating-point division's possible off-by-one; every value here is an exact integer.
    if (remainder < 0) {
      base--;
      remainder += denominator;
    } else if (remainder >= denominator) {
      base++;
      remainder -= denominator;
    }
    if (!Number.isSafeInteger(base)) return undefined;
    if (base === 0 && remainder === 0) continue;
    const side = size > 0 === longsPay ? payers : receivers;
    side.ids.push(accountId);
    side.base.push(base);
    side.remainder.push(remainder);
    if (side === payers) {
      totalBase += base;
      totalRemainder += remainder;
      if (totalRemainder >= denominator) {
        totalBase++;
        totalRemainder -= denominator;
      }
    }
  }
  const total = totalBase + (2 * totalRemainder >= denominator ? 1 : 0);
  if (!Number.isSafeInteger(total)) return undefined;
  for (const side of [payers, receivers]) {
    let missing = total;
    for (const base of side.base) missing -= base;
    for (const i of largestRemainders(side, missing, (a, b) => a - b)) side.base[i]! += 1;
  }
  return finish(payers, receivers, BigInt(total), (base, pays) => (pays ? -base : base));
}

/** The split in bigint, for any sizes and prices. */
export function splitFundingExact(
  instrument: Instrument,
  positions: readonly FundingPosition[],
  markUnits: number,
  rate: number,
): FundingSplit {
  const factor = instrument.stepUnits * BigInt(markUnits) * BigInt(rate);
  const denominator = 10n ** BigInt(instrument.stepDecimals) * RATE_ONE;
  const payers: Shares<bigint> = { ids: [], base: [], remainder: [] };
  const receivers: Shares<bigint> = { ids: [], base: [], remainder: [] };
  let exactTotal = 0n;
  for (const { accountId, size } of positions) {
    if (size === 0) continue;
    const owed = BigInt(size) * factor; // > 0: pays
    if (owed === 0n) continue;
    const magnitude = owed < 0n ? -owed : owed;
    const side = owed > 0n ? payers : receivers;
    side.ids.push(accountId);
    side.base.push(magnitude / denominator);
    side.remainder.push(magnitude % denominator);
    if (owed > 0n) exactTotal += magnitude;
  }
  const total = exactTotal === 0n ? 0n : roundDiv(exactTotal, denominator);
  for (const side of [payers, receivers]) {
    let missing = total;
    for (const base of side.base) missing -= base;
    const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
    for (const i of largestRemainders(side, Number(missing), compare)) side.base[i]! += 1n;
  }
  return finish(payers, receivers, total, (base, pays) => compactMoney(pays ? -base : base));
}

/** The shares that get one more unit: the `missing` largest remainders, ties to lower account ids. */
function largestRemainders<T>(shares: Shares<T>, missing: number, compare: (a: T, b: T) => number): number[] {
  if (missing < 0 || missing > shares.ids.length) {
    throw new Error(`funding: ${missing} units to share among ${shares.ids.length} accounts`);
  }
  if (missing === 0) return [];
  const order = shares.ids.map((_, i) => i);
  order.sort(
    (a, b) => compare(shares.remainder[b]!, shares.remainder[a]!) || shares.ids[a]! - shares.ids[b]!,
  );
  return order.slice(0, missing);
}

/** The payments ascending by account, zero amounts (a remainder that got no unit) left out. */
function finish<T extends number | bigint>(
  payers: Shares<T>,
  receivers: Shares<T>,
  total: Money,
  amount: (base: T, pays: boolean) => CompactMoney,
): FundingSplit {
  const payments: (readonly [number, CompactMoney])[] = [];
  const add = (shares: Shares<T>, pays: boolean) => {
    shares.ids.forEach((id, i) => {
      const base = shares.base[i]!;
      if (Number(base) !== 0) payments.push([id, amount(base, pays)]);
    });
  };
  add(payers, true);
  add(receivers, false);
  payments.sort((a, b) => a[0] - b[0]);
  return { payments, total, payers: payers.ids.length, receivers: receivers.ids.length };
}
