/**
 * A perpetual contract's specification as operators write it and exchangeInfo shows it: decimal strings, exactly
 * as Binance publishes its filters. The engine works on the compiled integer form (see instrument.ts).
 */
export type SymbolStatus = 'TRADING' | 'HALT';

export interface PercentPriceBand {
  /** Highest accepted price as a multiple of the reference price ("1.0500"). */
  readonly multiplierUp: string;
  /** Lowest accepted price as a multiple of the reference price ("0.9500"). */
  readonly multiplierDown: string;
  readonly multiplierDecimal: number;
}

export interface SymbolSpec {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: 'USDT';
  readonly status: SymbolStatus;
  /** PRICE_FILTER */
  readonly tickSize: string;
  readonly minPrice: string;
  readonly maxPrice: string;
  /** Most fractional digits a price may be written with (Binance: pricePrecision, may exceed the tick's). */
  readonly pricePrecision: number;
  /** LOT_SIZE (limit orders) */
  readonly stepSize: string;
  readonly minQty: string;
  readonly maxQty: string;
  readonly quantityPrecision: number;
  /** MARKET_LOT_SIZE (market orders); same step size. */
  readonly marketMinQty: string;
  readonly marketMaxQty: string;
  /** MIN_NOTIONAL, in USDT; reduce-only orders are exempt. */
  readonly minNotional: string;
  /** MAX_NUM_ORDERS: open orders per account in this symbol. */
  readonly maxNumOrders: number;
  /** PERCENT_PRICE, around the reference (mark) price. */
  readonly percentPrice: PercentPriceBand;
  /** How far from the reference price a MARKET order may sweep, as a fraction ("0.05"); the rest expires. */
  readonly marketTakeBound: string;
  readonly makerFeeRate: string;
  readonly takerFeeRate: string;
  readonly maxLeverage: number;
  readonly onboardDate: number;
}
