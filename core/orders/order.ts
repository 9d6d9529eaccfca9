/** The order vocabulary of Binance USDⓈ-M Futures, in the engine's integer units. */

export type Side = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'MARKET';
/** GTX is post-only: rejected instead of taking liquidity. GTD rests like GTC until its goodTillDate. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX' | 'GTD';
/** Which side of a would-be self-trade expires; the taker's mode decides. */
export type SelfTradePreventionMode = 'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH';

export const SIDES: readonly Side[] = ['BUY', 'SELL'];
export const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'];
export const STP_MODES: readonly SelfTradePreventionMode[] = [
  'NONE',
  'EXPIRE_TAKER',
  'EXPIRE_MAKER',
  'EXPIRE_BOTH',
];

export function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/**
 * A new order as it reaches the engine: ids assigned at ingress, price in ticks (absent for MARKET), quantity in
 * lots. Every field a reader needs later travels on the OrderAccepted event, so this is also the audit record.
 */
export interface NewOrder {
  readonly orderId: number;
  readonly accountId: number;
  /** Client order id; unique among the account's open orders in this symbol. */
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Always GTC for MARKET orders, as Binance reports them. */
  readonly timeInForce: TimeInForce;
  /** Limit price in ticks; 0 for MARKET orders. */
  readonly price: number;
  readonly quantity: number;
  readonly reduceOnly: boolean;
  readonly selfTradePreventionMode: SelfTradePreventionMode;
  /**
   * GTD only: the epoch ms at which the order's open rest expires (whole seconds, as Binance keeps it). Absent for
   * every other time in force, so the orders and events written before GTD existed read the same.
   */
  readonly goodTillDate?: number;
}

/** Binance's upper bound for goodTillDate: 9999-12-31 23:59:59 UTC. */
export const MAX_GOOD_TILL_DATE = 253_402_300_799_000;
