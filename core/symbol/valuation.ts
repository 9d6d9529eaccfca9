import { ceilDiv, floorDiv } from '../numbers/decimal';
import type { Money } from '../numbers/money';
import { type Instrument, notionalOf } from './instrument';

/**
 * A mark price: 10^-8 USDT per whole base unit (Binance prints marks with 8 decimals), finer than any tick. The
 * engine derives it from the index price (core/futures); readers get it from MarkPriceUpdated events.
 */
export interface MarkPrice {
  readonly markUnits: number;
}

export function markPrice(markUnits: number): MarkPrice {
  return { markUnits };
}

/**
 * The price margin and PnL arithmetic values a position at: the symbol's mark price, or, for a symbol that has
 * no index price yet, its last trade price in ticks (a plain number, as before mark prices existed).
 */
export type ValuationPrice = number | MarkPrice;

/** A price in mark units: ticks × unitsPerTick, exactly. */
export function priceUnitsOf(instrument: Instrument, price: ValuationPrice): bigint {
  return typeof price === 'number'
    ? BigInt(price) * BigInt(instrument.unitsPerTick)
    : BigInt(price.markUnits);
}

/**
 * The notional of `lots` at a price, in money (10^-8 USDT). At a tick price it is exact; at a mark it is
 * lots × step × mark, which may fall between two 10^-8 USDT, so the caller says which way to round: the margin
 * arithmetic values a long down and a short up, so unrealized PnL is never overstated.
 */
export function notionalAt(
  instrument: Instrument,
  price: ValuationPrice,
  lots: number,
  rounding: 'down' | 'up' = 'down',
): Money {
  if (typeof price === 'number') return notionalOf(instrument, price, lots);
  const scaled = BigInt(lots) * instrument.stepUnits * BigInt(price.markUnits);
  const divisor = 10n ** BigInt(instrument.stepDecimals);
  return rounding === 'down' ? floorDiv(scaled, divisor) : ceilDiv(scaled, divisor);
}
