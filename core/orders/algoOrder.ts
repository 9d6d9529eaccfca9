import type { SelfTradePreventionMode, Side, TimeInForce } from './order';

/**
 * Conditional ("algo") orders of Binance USDⓈ-M: they wait, off the book, until a price reaches their trigger,
 * and then enter the book as a new order (a LIMIT order for STOP and TAKE_PROFIT, a MARKET order for the others).
 */
export type AlgoOrderType =
  | 'STOP'
  | 'STOP_MARKET'
  | 'TAKE_PROFIT'
  | 'TAKE_PROFIT_MARKET'
  | 'TRAILING_STOP_MARKET';
export const ALGO_ORDER_TYPES: readonly AlgoOrderType[] = [
  'STOP',
  'STOP_MARKET',
  'TAKE_PROFIT',
  'TAKE_PROFIT_MARKET',
  'TRAILING_STOP_MARKET',
];

export type AlgoTimeInForce = TimeInForce;

/** The price a trigger watches: the mark price, or the last trade price. */
export type WorkingType = 'MARK_PRICE' | 'CONTRACT_PRICE';
export const WORKING_TYPES: readonly WorkingType[] = ['MARK_PRICE', 'CONTRACT_PRICE'];

/** Callback rates are in tenths of a percent: Binance accepts 0.1 to 10 (%) with one decimal. */
export const MIN_CALLBACK_RATE = 1;
export const MAX_CALLBACK_RATE = 100;
export const CALLBACK_RATE_SCALE = 1000;

/**
 * A new conditional order as it reaches the engine. Ids are assigned at ingress: `algoId` names the conditional
 * order, `orderId` is reserved for the order it becomes when it triggers (Binance's actualOrderId), so the
 * engine never invents ids and a replay makes the same ones. Prices in ticks, quantity in lots.
 */
export interface NewAlgoOrder {
  readonly algoId: number;
  readonly orderId: number;
  readonly accountId: number;
  /** Unique among the account's open conditional orders in this symbol. */
  readonly clientAlgoId: string;
  readonly side: Side;
  readonly type: AlgoOrderType;
  /**
   * Of the triggered order (GTC for the MARKET kinds). GTD: the conditional order expires at goodTillDate, and
   * the order it becomes is GTC (shardex has no GTD on the book; docs/matching-semantics.md).
   */
  readonly timeInForce: AlgoTimeInForce;
  /** The triggered LIMIT order's price (STOP, TAKE_PROFIT); 0 for the MARKET kinds. */
  readonly price: number;
  /** Binance's triggerPrice (stopPrice); 0 for TRAILING_STOP_MARKET, which computes its own. */
  readonly triggerPrice: number;
  /** 0 with closePosition: the quantity is the position's at trigger time. */
  readonly quantity: number;
  readonly workingType: WorkingType;
  readonly priceProtect: boolean;
  readonly closePosition: boolean;
  readonly reduceOnly: boolean;
  readonly selfTradePreventionMode: SelfTradePreventionMode;
  /** Epoch ms after which the conditional order expires (timeInForce GTD); 0 for none. */
  readonly goodTillDate: number;
  /** TRAILING_STOP_MARKET: the price that starts the tracking (ticks); 0 starts it at placement. */
  readonly activationPrice: number;
  /** TRAILING_STOP_MARKET: tenths of a percent, 1–100; 0 for the other types. */
  readonly callbackRate: number;
}

/**
 * Which way a price must move to trigger an order: RISING triggers when the price is at or above the trigger,
 * FALLING at or below. A stop buys when the price rises and sells when it falls; a take-profit the reverse.
 */
export type TriggerDirection = 'RISING' | 'FALLING';

export function triggerDirection(type: AlgoOrderType, side: Side): TriggerDirection {
  const stop = type === 'STOP' || type === 'STOP_MARKET';
  if (stop) return side === 'BUY' ? 'RISING' : 'FALLING';
  // Take-profits; a trailing stop's activation is a take-profit-like condition (a SELL activates on a rise).
  return side === 'BUY' ? 'FALLING' : 'RISING';
}

/** The triggered order's type: STOP and TAKE_PROFIT become LIMIT orders, the others MARKET orders. */
export function isMarketKind(type: AlgoOrderType): boolean {
  return type !== 'STOP' && type !== 'TAKE_PROFIT';
}

export function isMet(direction: TriggerDirection, price: number, trigger: number): boolean {
  return direction === 'RISING' ? price >= trigger : price <= trigger;
}
