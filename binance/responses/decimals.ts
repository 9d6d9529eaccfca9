import { formatScaled } from '../../core/numbers/decimal';
import { MONEY_DECIMALS, type Money } from '../../core/numbers/money';
import type { Instrument } from '../../core/symbol/instrument';

/**
 * Numbers as Binance writes them: decimal strings with a fixed number of fractional digits, rounded half up where
 * a value has more (display only: stored values stay exact).
 */

/** Money with exactly `digits` fractional digits, rounded half up (display only; stored values stay exact). */
export function formatMoneyDigits(amount: Money, digits: number): string {
  if (digits >= MONEY_DECIMALS) return formatScaled(amount, MONEY_DECIMALS, digits);
  const unit = 10n ** BigInt(MONEY_DECIMALS - digits);
  const half = unit / 2n;
  const rounded = amount >= 0n ? (amount + half) / unit : -((-amount + half) / unit);
  return formatScaled(rounded, digits);
}

/** Average fill price = cumQuote / executed quantity, at the price's precision plus three digits, as Binance shows. */
export function averagePrice(instrument: Instrument, cumQuote: Money, executedLots: number): string {
  return priceFromNotional(instrument, cumQuote, executedLots, instrument.spec.pricePrecision + 3);
}

/**
 * The price a notional stands for over a quantity (notional / (lots × stepSize)) with `digits` fractional digits,
 * rounded half up: average, entry, break-even and weighted average prices. Zero lots give zero.
 */
export function priceFromNotional(
  instrument: Instrument,
  notional: Money,
  lots: number,
  digits: number,
): string {
  if (lots === 0) return formatScaled(0n, digits);
  // notional (10^-8 USDT) / (lots × stepSize) with `digits` decimals: scale, divide, round half up.
  const quantityUnits = BigInt(lots) * instrument.stepUnits; // × 10^-stepDecimals
  const numerator = notional * 10n ** BigInt(digits + instrument.stepDecimals);
  const denominator = quantityUnits * 10n ** BigInt(MONEY_DECIMALS);
  const magnitude = ((numerator < 0n ? -numerator : numerator) * 2n + denominator) / (denominator * 2n);
  return formatScaled(numerator < 0n ? -magnitude : magnitude, digits);
}

/** A price in ticks with `digits` fractional digits (at least the tick's): mark prices show 8. */
export function formatPriceDigits(instrument: Instrument, ticks: number, digits: number): string {
  return formatScaled(BigInt(ticks) * instrument.tickUnits, instrument.tickDecimals, digits);
}

/** Notional money with the precision a fill's notional can have (tick decimals + step decimals). */
export function formatQuote(instrument: Instrument, amount: Money): string {
  return formatMoneyDigits(amount, instrument.tickDecimals + instrument.stepDecimals);
}
