import type { EngineCommand, ListSymbol, PlaceOrder } from '../core/engine/commands';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import type { Op } from './workload';

/**
 * The benchmark's contract: BTCUSDT-like units (tick 0.10, step 0.001) with filters so permissive that nothing
 * is ever rejected for a filter reason, so shardex does exactly the matching work the peer library does:
 * huge maxNumOrders, PERCENT_PRICE and marketTakeBound far wider than the book ever spreads, a tiny
 * minNotional. Fees stay realistic: computing them is part of shardex's real work on every trade.
 */
export const BENCH_SPEC: SymbolSpec = {
  symbol: 'BENCHUSDT',
  baseAsset: 'BENCH',
  quoteAsset: 'USDT',
  status: 'TRADING',
  tickSize: '0.10',
  minPrice: '0.10',
  maxPrice: '1000000',
  pricePrecision: 2,
  stepSize: '0.001',
  minQty: '0.001',
  maxQty: '1000000',
  quantityPrecision: 3,
  marketMinQty: '0.001',
  marketMaxQty: '1000000',
  minNotional: '0.0001',
  maxNumOrders: 1_000_000_000,
  percentPrice: { multiplierUp: '100.0000', multiplierDown: '0.0001', multiplierDecimal: 4 },
  marketTakeBound: '0.90',
  makerFeeRate: '0.0002',
  takerFeeRate: '0.0005',
  maxLeverage: 125,
  onboardDate: 1_700_000_000_000,
};

const BASE_TIME = 1_750_000_000_000;

export function listCommand(): ListSymbol {
  return { type: 'ListSymbol', commandId: 'list', time: BASE_TIME, spec: BENCH_SPEC };
}

/**
 * The engine command for one operation, built the way ingress would: order ids assigned, a command id per
 * command, every order GTC (limits) with self-trade prevention NONE, so that accounts never change whether two
 * orders trade (the peer has no accounts in this benchmark).
 */
export function commandFor(op: Op, index: number): EngineCommand {
  const commandId = `c${index}`;
  const time = BASE_TIME + (index >>> 10);
  if (op.kind === 'cancel') {
    return { type: 'CancelOrder', commandId, time, accountId: op.accountId, orderId: op.id };
  }
  return {
    type: 'PlaceOrder',
    commandId,
    time,
    order: {
      orderId: op.id,
      accountId: op.accountId,
      clientOrderId: op.clientOrderId,
      side: op.side,
      type: op.kind === 'market' ? 'MARKET' : 'LIMIT',
      timeInForce: 'GTC',
      price: op.kind === 'market' ? 0 : op.price,
      quantity: op.qty,
      reduceOnly: false,
      selfTradePreventionMode: 'NONE',
    },
  };
}

/** A resting-style GTC limit order command (client order id `o<orderId>`), as the engine benches place them. */
export function gtcLimit(
  header: { readonly commandId: string; readonly time: number },
  order: { orderId: number; accountId: number; side: 'BUY' | 'SELL'; price: number; quantity: number },
): PlaceOrder {
  return {
    type: 'PlaceOrder',
    ...header,
    order: {
      ...order,
      clientOrderId: `o${order.orderId}`,
      type: 'LIMIT',
      timeInForce: 'GTC',
      reduceOnly: false,
      selfTradePreventionMode: 'NONE',
    },
  };
}
