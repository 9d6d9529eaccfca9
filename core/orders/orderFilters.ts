import { type Rejection, Rejections, withDetail } from '../errors';
import { ceilDiv, ceilDivNumber, floorDivNumber } from '../numbers/decimal';
import { formatMoney, RATE_ONE } from '../numbers/money';
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
  const market = type === 'MARKET';
  if (quantity < (market ? instrument.marketMinQtyLots : instrument.minQtyLots))
    return Rejections.quantityBelowMin;
  if (quantity > (market ? instrument.marketMaxQtyLots : instrument.maxQtyLots))
    return Rejections.quantityAboveMax;
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
  const tickLots = price * quantity;
  const enough = Number.isSafeInteger(tickLots)
    ? tickLots >= instrument.fast.minNotionalTickLots
    : notionalOf(instrument, price, quantity) >= instrument.minNotional;
  if (enough) return undefined;
  return withDetail(base, formatMoney(instrument.minNotional).replace(/\.?0+$/, ''));
}

/** Highest price (ticks) PERCENT_PRICE accepts for a buy: ⌊reference × multiplierUp⌋. */
export function bandCeiling(instrument: Instrument, reference: number): number {
  const f = instrument.fast;
  return scaledFloor(reference, instrument.bandUp, instrument.bandScale, f.bandUp, f.bandScale);
}

/** Lowest price (ticks) PERCENT_PRICE accepts for a sell: ⌈reference × multiplierDown⌉. */
export function bandFloor(instrument: Instrument, reference: number): number {
  const f = instrument.fast;
  return scaledCeil(reference, instrument.bandDown, instrument.bandScale, f.bandDown, f.bandScale);
}

const RATE_ONE_NUMBER = 100_000_000;

/** How far a MARKET order may sweep from the reference price (marketTakeBound), in ticks. */
export function marketTakeLimit(instrument: Instrument, side: Side, reference: number): number {
  const f = instrument.fast;
  return side === 'BUY'
    ? scaledFloor(reference, instrument.marketTakeUp, RATE_ONE, f.takeUp, RATE_ONE_NUMBER)
    : scaledCeil(reference, instrument.marketTakeDown, RATE_ONE, f.takeDown, RATE_ONE_NUMBER);
}

/** ⌊ticks × factor / scale⌋, exactly; in plain numbers while they are safe (the common case), else bigint. */
function scaledFloor(
  ticks: number,
  factor: bigint,
  scale: bigint,
  factorNumber: number,
  scaleNumber: number,
): number {
  const product = ticks * factorNumber;
  if (Number.isSafeInteger(product)) return floorDivNumber(product, scaleNumber);
  return Number((BigInt(ticks) * factor) / scale);
}

function scaledCeil(
  ticks: number,
  factor: bigint,
  scale: bigint,
  factorNumber: number,
  scaleNumber: number,
): number {
  const product = ticks * factorNumber;
  if (Number.isSafeInteger(product)) return ceilDivNumber(product, scaleNumber);
  return Number((BigInt(ticks) * factor + scale - 1n) / scale);
}

/**
 * The filters' limits at a mark price, in whole ticks (and lots), computed once per mark: a mark is finer than a
 * tick, so each limit is the exact edge rounded inward, as at a tick reference: a buy may be priced at most
 * ⌊mark × multiplierUp⌋ (in ticks), a sell at least ⌈mark × multiplierDown⌉; an order exactly at the edge passes,
 * one tick beyond it fails, and an edge that falls between two ticks admits the tick on the inner side only.
 */
export interface MarkBounds {
  /** PERCENT_PRICE: highest BUY price, lowest SELL price. */
  readonly buyCeiling: number;
  readonly sellFloor: number;
  /** MARKET take bound: mark × (1 ± marketTakeBound). */
  readonly takeUp: number;
  readonly takeDown: number;
  /** MIN_NOTIONAL of a MARKET order valued at the mark: the fewest lots whose notional reaches minNotional. */
  readonly minMarketLots: number;
}

export function markBounds(instrument: Instrument, markUnits: number): MarkBounds {
  const mark = BigInt(markUnits);
  const tick = BigInt(instrument.unitsPerTick);
  const bandDivisor = instrument.bandScale * tick;
  const takeDivisor = RATE_ONE * tick;
  const stepValue = instrument.stepUnits * mark; // 10^-8 USDT × 10^stepDecimals per lot
  const minLots = ceilDiv(instrument.minNotional * 10n ** BigInt(instrument.stepDecimals), stepValue);
  return {
    buyCeiling: Number((mark * instrument.bandUp) / bandDivisor),
    sellFloor: Number(ceilDiv(mark * instrument.bandDown, bandDivisor)),
    takeUp: Number((mark * instrument.marketTakeUp) / takeDivisor),
    takeDown: Number(ceilDiv(mark * instrument.marketTakeDown, takeDivisor)),
    minMarketLots: Number(minLots),
  };
}
