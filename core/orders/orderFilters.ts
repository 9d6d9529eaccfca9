import { type Rejection, Rejections, withDetail } from '../errors';
import { formatMoney } from '../numbers/money';
import { type Instrument, notionalOf } from '../symbol/instrument';
import type { OrderType, Side } from './order';

/**
 * The symbol filters an order must pass, one pure function per Binance filter, in the order Binance applies
 * them. Ingress runs them for fast answers; the engine runs them again because only it knows the current
 * reference price and spec.
 */

/** PRICE_FILTER: within [minPrice, maxPrice]. (On-tick is guaranteed by parsing to ticks.) */
export function checkPriceFilter(instrument: Instrument, price: number): Rejection | undefined {
  if (price <= 0) return Rejections.priceLessThanZero;
  if (price < instrument.minPriceTicks) return Rejections.priceBelowMin;
  if (price > instrument.maxPriceTicks) return Rejections.priceAboveMax;
  return undefined;
}

/** LOT_SIZE for limit orders, MARKET_LOT_SIZE for market orders. */
export function checkLotSize(
  instrument: Instrument,
  type: OrderType,
  quantity: number,
): Rejection | undefined {
  if (quantity <= 0) return Rejections.quantityNotPositive;
  const [min, max] =
    type === 'MARKET'
      ? [instrument.marketMinQtyLots, instrument.marketMaxQtyLots]
      : [instrument.minQtyLots, instrument.maxQtyLots];
  if (quantity < min) return Rejections.quantityBelowMin;
  if (quantity > max) return Rejections.quantityAboveMax;
  return undefined;
}

/** PERCENT_PRICE: a buy may not be priced above reference × multiplierUp, a sell not below × multiplierDown. */
export function checkPercentPrice(
  instrument: Instrument,
  side: Side,
  price: number,
  reference: number | undefined,
): Rejection | undefined {
  if (reference === undefined) return undefined;
  if (side === 'BUY' && price > bandCeiling(instrument, reference)) return Rejections.priceAboveBand;
  if (side === 'SELL' && price < bandFloor(instrument, reference)) return Rejections.priceBelowBand;
  return undefined;
}

/** MIN_NOTIONAL: price × quantity at least the minimum; reduce-only orders are exempt. */
export function checkMinNotional(
  instrument: Instrument,
  price: number,
  quantity: number,
  base: Rejection = Rejections.notionalTooSmall,
): Rejection | undefined {
  if (notionalOf(instrument, price, quantity) >= instrument.minNotional) return undefined;
  return withDetail(base, formatMoney(instrument.minNotional).replace(/\.?0+$/, ''));
}

/** Highest price (ticks) PERCENT_PRICE accepts for a buy. */
export function bandCeiling(instrument: Instrument, reference: number): number {
  return Number((BigInt(reference) * instrument.bandUp) / instrument.bandScale);
}

/** Lowest price (ticks) PERCENT_PRICE accepts for a sell. */
export function bandFloor(instrument: Instrument, reference: number): number {
  const scale = instrument.bandScale;
  return Number((BigInt(reference) * instrument.bandDown + scale - 1n) / scale);
}

/** How far a MARKET order may sweep from the reference price (marketTakeBound), in ticks. */
export function marketTakeLimit(instrument: Instrument, side: Side, reference: number): number {
  const one = 10n ** 8n;
  const ref = BigInt(reference);
  return side === 'BUY'
    ? Number((ref * (one + instrument.marketTakeBound)) / one)
    : Number((ref * (one - instrument.marketTakeBound) + one - 1n) / one);
}
