import { roundDiv } from '../numbers/decimal';
import { type Money, RATE_ONE } from '../numbers/money';
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
 */
export interface FundingPosition {
  readonly accountId: number;
  /** Signed size in lots. */
  readonly size: number;
}

export interface FundingSplit {
  /** [accountId, wallet change] ascending by account id, zero amounts left out: negative pays, positive receives. */
  readonly payments: readonly (readonly [number, Money])[];
  /** Σ paid = Σ received. */
  readonly total: Money;
  readonly payers: number;
  readonly receivers: number;
}

interface Share {
  readonly accountId: number;
  base: bigint;
  readonly remainder: bigint;
}

export function splitFunding(
  instrument: Instrument,
  positions: readonly FundingPosition[],
  markUnits: number,
  rate: number,
): FundingSplit {
  const factor = instrument.stepUnits * BigInt(markUnits) * BigInt(rate);
  const denominator = 10n ** BigInt(instrument.stepDecimals) * RATE_ONE;
  const payers: Share[] = [];
  const receivers: Share[] = [];
  let net = 0;
  let exactTotal = 0n;
  for (const { accountId, size } of positions) {
    if (size === 0) continue;
    net += size;
    const owed = BigInt(size) * factor; // > 0: pays
    if (owed === 0n) continue;
    const magnitude = owed < 0n ? -owed : owed;
    const share = { accountId, base: magnitude / denominator, remainder: magnitude % denominator };
    if (owed > 0n) {
      payers.push(share);
      exactTotal += magnitude;
    } else {
      receivers.push(share);
    }
  }
  if (net !== 0) throw new Error(`funding: positions sum to ${net} lots, not 0`);
  const total = exactTotal === 0n ? 0n : roundDiv(exactTotal, denominator);
  distribute(payers, total);
  distribute(receivers, total);

  const payments: (readonly [number, Money])[] = [];
  for (const share of payers) if (share.base !== 0n) payments.push([share.accountId, -share.base]);
  for (const share of receivers) if (share.base !== 0n) payments.push([share.accountId, share.base]);
  payments.sort((a, b) => a[0] - b[0]);
  return { payments, total, payers: payers.length, receivers: receivers.length };
}

/** Raises the shares' bases to sum to `total`: one unit each to the largest remainders, ties to lower ids. */
function distribute(shares: Share[], total: Money): void {
  let missing = total;
  for (const share of shares) missing -= share.base;
  if (missing < 0n || missing > BigInt(shares.length)) {
    throw new Error(`funding: ${missing} units to share among ${shares.length} accounts`);
  }
  if (missing === 0n) return;
  shares.sort((a, b) =>
    a.remainder === b.remainder ? a.accountId - b.accountId : a.remainder > b.remainder ? -1 : 1,
  );
  for (let i = 0; i < Number(missing); i++) shares[i]!.base += 1n;
}
