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

/**
 * One tier of Binance's leverage brackets (GET /fapi/v1/leverageBracket): a position whose notional lies in
 * (notionalFloor, notionalCap] may use at most initialLeverage and keeps maintMarginRatio × notional − cum as
 * maintenance margin. Notionals and cum in USDT, the ratio as a fraction, all decimal strings.
 */
export interface LeverageBracketSpec {
  readonly bracket: number;
  readonly initialLeverage: number;
  readonly notionalFloor: string;
  readonly notionalCap: string;
  readonly maintMarginRatio: string;
  /**
   * Binance's maintenance amount. It is derived, cum_n = cum_{n-1} + floor_n × (mmr_n − mmr_{n-1}), so that the
   * maintenance margin is continuous across tiers; given, it must equal that; absent, it is derived.
   */
  readonly cum?: string;
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
  /** MAX_NUM_ALGO_ORDERS: untriggered conditional orders per account. Default Binance's 10 (core/engine/placeAlgoOrder). */
  readonly maxNumAlgoOrders?: number;
  /** PERCENT_PRICE, around the reference (mark) price. */
  readonly percentPrice: PercentPriceBand;
  /** How far from the reference price a MARKET order may sweep, as a fraction ("0.05"); the rest expires. */
  readonly marketTakeBound: string;
  readonly makerFeeRate: string;
  readonly takerFeeRate: string;
  readonly maxLeverage: number;
  readonly onboardDate: number;

  // Futures terms. Specs written before mark prices and funding existed lack them; each has a default
  // (core/symbol/futuresTerms.ts), and a symbol without an index price never uses most of them.

  /** Tiered risk brackets, first tier first; its initialLeverage must be maxLeverage. Default: one tier. */
  readonly leverageBrackets?: readonly LeverageBracketSpec[];
  /** Interest rate per funding interval, a fraction ("0.0001", Binance's 0.01 % per 8 h). */
  readonly interestRate?: string;
  /** Hours between funding times (Binance: 8, some symbols 4 or 1); funding times are multiples of it since 1970. */
  readonly fundingIntervalHours?: number;
  /** Highest and lowest funding rate per interval ("0.003", "-0.003"). Default ±0.75 × the first tier's ratio. */
  readonly fundingRateCap?: string;
  readonly fundingRateFloor?: string;
  /** USDT notional of the impact bid/ask prices. Default Binance's 200 USDT ÷ initial margin rate at max leverage. */
  readonly impactMarginNotional?: string;
  /** Seconds of basis samples in the mark price's moving average (Price 2). Default 300. */
  readonly markPriceBasisWindow?: number;
  /** Binance's triggerProtect: how far mark and last price may part before a price-protected trigger waits. */
  readonly triggerProtect?: string;
}
