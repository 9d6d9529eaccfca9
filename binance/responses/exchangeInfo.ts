import type { RateLimits } from '../../application/ports/rateLimiter';
import { DEFAULT_MAX_NUM_ALGO_ORDERS } from '../../core/engine/placeAlgoOrder';
import { formatScaled } from '../../core/numbers/decimal';
import type { Rate } from '../../core/numbers/money';
import { TIME_IN_FORCE } from '../../core/orders/order';
import type { Instrument } from '../../core/symbol/instrument';

/** Binance's marker for perpetuals: ccxt reads contractType PERPETUAL or this delivery date as a swap. */
export const PERPETUAL_DELIVERY_DATE = 4133404800000;
/** Every amendment limit exchangeInfo advertises; the engine refuses the 10,000th (-5026). */
export const MAX_MOVE_ORDER_LIMIT = 10000;

/** The order-count limits (GET /fapi/v1/rateLimit/order; exchangeInfo's ORDERS entries): one, per minute. */
export function orderRateLimitsJson(limits: RateLimits) {
  return [{ rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: limits.ordersPerMinute }];
}

/** GET /fapi/v1/exchangeInfo: every listed symbol with its filters, as ccxt's binanceusdm parses it. */
export function exchangeInfoJson(instruments: readonly Instrument[], limits: RateLimits, now: number) {
  return {
    timezone: 'UTC',
    serverTime: now,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: limits.weightPerMinute },
      ...orderRateLimitsJson(limits),
    ],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '0' }],
    symbols: instruments.map(symbolJson),
  };
}

function symbolJson(instrument: Instrument) {
  const s = instrument.spec;
  const first = instrument.futures.brackets[0]!;
  return {
    symbol: s.symbol,
    pair: s.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: PERPETUAL_DELIVERY_DATE,
    onboardDate: s.onboardDate,
    status: s.status,
    // Margin percents of the first risk bracket (core/symbol/futuresTerms.ts), 4 decimals as Binance.
    maintMarginPercent: percent4(first.maintMarginRatio),
    requiredMarginPercent: formatScaled(BigInt(Math.floor(1_000_000 / first.initialLeverage)), 4),
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    marginAsset: 'USDT',
    pricePrecision: s.pricePrecision,
    quantityPrecision: s.quantityPrecision,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    // The mark/last price gap beyond which a stop's trigger is refused (the spec's, Binance's 0.0500 by default).
    triggerProtect: formatScaled(instrument.futures.triggerProtect / 10_000n, 4),
    marketTakeBound: s.marketTakeBound,
    maxMoveOrderLimit: MAX_MOVE_ORDER_LIMIT,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: s.maxQty, stepSize: s.stepSize },
      { filterType: 'MARKET_LOT_SIZE', minQty: s.marketMinQty, maxQty: s.marketMaxQty, stepSize: s.stepSize },
      { filterType: 'MAX_NUM_ORDERS', limit: s.maxNumOrders },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: s.maxNumAlgoOrders ?? DEFAULT_MAX_NUM_ALGO_ORDERS },
      { filterType: 'MIN_NOTIONAL', notional: s.minNotional },
      {
        filterType: 'PERCENT_PRICE',
        multiplierUp: s.percentPrice.multiplierUp,
        multiplierDown: s.percentPrice.multiplierDown,
        multiplierDecimal: String(s.percentPrice.multiplierDecimal),
      },
    ],
    // The conditional types are placed through /fapi/v1/algoOrder (as ccxt does); ccxt checks this list first.
    orderTypes: [
      'LIMIT',
      'MARKET',
      'STOP',
      'STOP_MARKET',
      'TAKE_PROFIT',
      'TAKE_PROFIT_MARKET',
      'TRAILING_STOP_MARKET',
    ],
    timeInForce: [...TIME_IN_FORCE],
  };
}

/** A ratio (10^-8) as a percent with 4 decimals, rounded down: 0.004 → "0.4000". */
function percent4(ratio: Rate): string {
  return formatScaled((ratio * 100n) / 10_000n, 4);
}
