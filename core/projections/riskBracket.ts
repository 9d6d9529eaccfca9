import { feeOn, type Money } from '../numbers/money';
import type { SymbolSpec } from '../symbol/symbolSpec';

/**
 * One leverage bracket per symbol until tiered risk brackets exist. Its maintenance margin ratio is half the
 * initial margin ratio at the symbol's maximum leverage, rounded down to a basis point: 125x → 0.4%, 50x → 1%,
 * 20x → 2.5%, which is Binance's first bracket for such contracts. The notional cap is the same flat rule as
 * POST /fapi/v1/leverage's maxNotionalValue (50,000,000 / leverage).
 */
export interface LeverageBracket {
  readonly bracket: number;
  readonly initialLeverage: number;
  readonly notionalCap: number;
  readonly notionalFloor: number;
  readonly maintMarginRatio: number;
  readonly cum: number;
}

const BASIS_POINTS = 10_000;

export function maintenanceBasisPoints(maxLeverage: number): number {
  return Math.floor(BASIS_POINTS / (2 * maxLeverage));
}

export function leverageBracket(spec: SymbolSpec): LeverageBracket {
  return {
    bracket: 1,
    initialLeverage: spec.maxLeverage,
    notionalCap: maxNotionalValue(spec.maxLeverage),
    notionalFloor: 0,
    maintMarginRatio: maintenanceBasisPoints(spec.maxLeverage) / BASIS_POINTS,
    cum: 0,
  };
}

/** Maintenance margin of a position notional: notional × ratio, rounded up to 10^-8 (never under-stated). */
export function maintenanceMargin(notional: Money, maxLeverage: number): Money {
  // A basis point is 10^4 in a Rate (10^-8 units).
  return feeOn(notional, BigInt(maintenanceBasisPoints(maxLeverage)) * 10_000n);
}

/** The largest position notional a leverage allows: one flat rule, 50,000,000 USDT / leverage. */
export function maxNotionalValue(leverage: number): number {
  return Math.floor(50_000_000 / leverage);
}
