import { type Rejection, Rejections, withDetail } from '../errors';
import { formatMoney } from '../numbers/money';
import type { Side } from '../orders/order';
import { bandCeiling, bandFloor, checkMinNotional, marketTakeLimit } from '../orders/orderFilters';
import type { EngineState } from './state';

/**
 * The reference price orders are measured against: PERCENT_PRICE, a MARKET order's band check and take bound,
 * and MIN_NOTIONAL of MARKET orders. Binance uses the mark price; so does shardex once the symbol has one (its
 * limits are computed once per mark, MarkBounds). A symbol without an index price yet uses the last trade price
 * (none before the first trade), as before mark prices existed.
 */

/** PERCENT_PRICE: the highest price a BUY, or the lowest a SELL, may have (ticks); undefined without a reference. */
export function percentPriceLimit(state: EngineState, side: Side): number | undefined {
  const bounds = state.futures.bounds;
  if (bounds !== undefined) return side === 'BUY' ? bounds.buyCeiling : bounds.sellFloor;
  const last = state.lastPrice;
  if (last === 0) return undefined;
  return side === 'BUY' ? bandCeiling(state.instrument!, last) : bandFloor(state.instrument!, last);
}

/** PERCENT_PRICE for a limit price: a buy above the limit is -4016, a sell below it -4024. */
export function checkPercentPriceAtReference(
  state: EngineState,
  side: Side,
  price: number,
): Rejection | undefined {
  const limit = percentPriceLimit(state, side);
  if (limit === undefined) return undefined;
  if (side === 'BUY') return price > limit ? Rejections.priceAboveBand : undefined;
  return price < limit ? Rejections.priceBelowBand : undefined;
}

/**
 * How far a MARKET order may sweep, in ticks: reference × (1 ± marketTakeBound), rounded inward; with no reference,
 * the best opposite price × (1 ± marketTakeBound); with neither (an empty opposite side), no bound.
 */
export function marketTakeLimitAt(state: EngineState, side: Side, bestOpposite: number | undefined): number {
  const bounds = state.futures.bounds;
  if (bounds !== undefined) return side === 'BUY' ? bounds.takeUp : bounds.takeDown;
  const reference = state.lastPrice > 0 ? state.lastPrice : bestOpposite;
  if (reference === undefined) return side === 'BUY' ? Number.MAX_SAFE_INTEGER : 1;
  return marketTakeLimit(state.instrument!, side, reference);
}

/**
 * MIN_NOTIONAL of a MARKET order: its quantity valued at the reference price, or with none at the best opposite
 * price; with neither there is nothing to value it at and it passes (it cannot trade anyway).
 */
export function checkMarketMinNotional(
  state: EngineState,
  quantity: number,
  bestOpposite: number | undefined,
): Rejection | undefined {
  const instrument = state.instrument!;
  const bounds = state.futures.bounds;
  if (bounds !== undefined) {
    if (quantity >= bounds.minMarketLots) return undefined;
    return withDetail(Rejections.notionalTooSmall, formatMoney(instrument.minNotional).replace(/\.?0+$/, ''));
  }
  const reference = state.lastPrice > 0 ? state.lastPrice : bestOpposite;
  return reference === undefined ? undefined : checkMinNotional(instrument, reference, quantity);
}
