import type { Caller } from '../../../application/access/authenticate';
import { openConnection, subscribe } from '../../../application/connections/connections';
import type { NewOrderRequest } from '../../../application/orderEntry/orderRequest';
import { submitOrder } from '../../../application/orderEntry/submitOrder';
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

/**
 * An ADL ranking case at index 64,000: `long` buys 0.1 BTC at 64,000; `thin` and `thick` each sell 0.06, at 64,000
 * and at 64,500, all against `maker`. Give thin a small wallet and thick a large one, and Binance's ranking (PnL %
 * × effective leverage) puts thin first while PnL % alone puts thick first.
 */
export async function openAdlSession(
  exchange: MemoryExchange,
  { maker, long, thin, thick }: Record<'maker' | 'long' | 'thin' | 'thick', Trader>,
): Promise<void> {
  await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '64000', '0.06'), 'ma');
  await submitOrder(exchange.ctx, callerOf(thin), limit('SELL', '64000', '0.06'), 'sa');
  await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '64500', '0.06'), 'mb');
  await submitOrder(exchange.ctx, callerOf(thick), limit('SELL', '64500', '0.06'), 'sb');
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 'ml');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'l');
}

/** A client connected to the memory exchange's gateway, subscribed to these market streams. */
export async function listen(
  exchange: MemoryExchange,
  connectionId: string,
  streams: string[],
): Promise<void> {
  await openConnection(exchange.ctx, { connectionId });
  exchange.poster.connect(connectionId);
  expect(await subscribe(exchange.ctx, connectionId, streams)).toBe('subscribed');
}
