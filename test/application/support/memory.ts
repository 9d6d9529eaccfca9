import type { Caller } from '../../../application/access/authenticate';
import type { NewOrderRequest } from '../../../application/orderEntry/orderRequest';
import { Rejected } from '../../../application/rejected';
import { type MemoryExchange, startMemoryExchange, type Trader } from '../../../local/memoryExchange';
import { BTCUSDT } from '../../core/support/specs';

/**
 * The in-memory exchange (local/memoryExchange.ts) with BTCUSDT listed: the use cases run on the in-memory
 * adapters, and every command is decided, committed and projected before its put returns.
 */
export async function exchangeWithBtc(options: { resultTimeoutMs?: number } = {}): Promise<MemoryExchange> {
  const exchange = startMemoryExchange(options);
  await exchange.listSymbol(BTCUSDT);
  return exchange;
}

export function callerOf(trader: Trader): Caller {
  return { accountId: trader.accountId, apiKey: trader.apiKey, permissions: ['READ', 'TRADE'] };
}

/** A BTCUSDT limit order request, GTC unless said otherwise. */
export function limit(
  side: 'BUY' | 'SELL',
  price: string,
  quantity: string,
  extra: Partial<NewOrderRequest> = {},
): NewOrderRequest {
  return { symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...extra };
}

/** The contract code a use case refused with (fails the test if it did not refuse). */
export async function codeOf(attempt: Promise<unknown>): Promise<number> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof Rejected) return error.code;
    throw error;
  }
  throw new Error('the use case did not refuse');
}
