import type { Money } from '../numbers/money';
import { RATE_ONE } from '../numbers/money';
import { type AccountRisk, isBreached, type RiskedPosition } from './accountRisk';
import { firstHolding, lastHolding } from './boundarySearch';
import { positionValueAt } from './positionValue';

/**
 * The rest of the account, seen from one of its positions: wallet + the other positions' unrealized PnL, and the
 * other positions' maintenance margin, all at their current marks (Binance's WB + UPNL1 and TMM1).
 */
export interface RestOfAccount {
  readonly balance: Money;
  readonly maintMargin: Money;
}

export function restOfAccount(risk: AccountRisk, symbol: string): RestOfAccount {
  let balance = risk.walletBalance;
  let maintMargin = 0n;
  for (const other of risk.positions) {
    if (other.symbol === symbol) continue;
    balance += other.value.unrealizedPnl;
    maintMargin += other.value.maintMargin;
  }
  return { balance, maintMargin };
}

/**
 * Whether the account is liquidated when this position's symbol is marked at `markUnits`, the others staying at
 * their marks: the very test the risk service applies (isBreached), so the price below is the trigger, exactly.
 */
export function breachedAt(rest: RestOfAccount, held: RiskedPosition, markUnits: bigint): boolean {
  const value = positionValueAt(held.instrument, held.position, markUnits);
  return isBreached(rest.balance + value.unrealizedPnl, rest.maintMargin + value.maintMargin);
}

/**
 * positionRisk.liquidationPrice in mark units (10^-8 USDT): for a long, the highest mark at which the account is
 * liquidated; for a short, the lowest. 0 when there is none (a long whose account cannot be liquidated by its
 * fall alone). Binance's cross-margin, one-way formula gives the guess,
 *
 *   LP = (WB − TMM1 + UPNL1 + cumB − Side1 × Position1 × EP1) / (Position1 × MMR_B − Side1 × Position1)
 *
 * with the tier B whose notional range holds LP's notional; the exact boundary is then found by evaluating the
 * trigger itself around it, so the price shown is the mark at which liquidation starts, to the 10^-8 USDT.
 */
export function liquidationPrice(risk: AccountRisk, symbol: string): bigint {
  const held = risk.positions.find((p) => p.symbol === symbol);
  if (held === undefined || held.position.size === 0) return 0n;
  const rest = restOfAccount(risk, symbol);
  const guess = binanceLiquidationPrice(rest, held);
  const breached = (m: bigint) => breachedAt(rest, held, m);
  return held.position.size > 0 ? lastHolding(breached, guess) : firstHolding(breached, guess);
}

/** Binance's formula in exact rationals, per tier until the tier is consistent with its own price; mark units. */
export function binanceLiquidationPrice(rest: RestOfAccount, held: RiskedPosition): bigint {
  const { instrument, position } = held;
  const long = position.size > 0;
  const scaledQuantity = BigInt(Math.abs(position.size)) * instrument.stepUnits;
  const divisor = 10n ** BigInt(instrument.stepDecimals);
  const entry = position.entryNotional;
  let markUnits = 0n;
  for (const bracket of instrument.futures.brackets) {
    const r = bracket.maintMarginRatio;
    // long:  N × (1 − r) = E + TMM1 − cum − (WB + UPNL1);   short: N × (1 + r) = WB + UPNL1 + E − TMM1 + cum
    const numerator = long
      ? entry + rest.maintMargin - bracket.cum - rest.balance
      : rest.balance + entry - rest.maintMargin + bracket.cum;
    const factor = long ? RATE_ONE - r : RATE_ONE + r;
    const notional = (numerator * RATE_ONE) / factor;
    markUnits = (numerator * RATE_ONE * divisor) / (scaledQuantity * factor);
    // The last tier also holds every notional beyond its cap.
    if (notional <= bracket.notionalCap) return markUnits;
  }
  return markUnits;
}
