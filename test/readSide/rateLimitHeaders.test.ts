// Binance's usage headers on the REST API: every answer once the request has spent weight carries the caller's used
// weight of the minute (X-MBX-USED-WEIGHT-1M), order endpoints their order count (X-MBX-ORDER-COUNT-1M), and a
// refusal past the limit (429, -1003) says when the minute is over (Retry-After, seconds).

import { MemoryRateLimiter } from '../../adapters/memory/rateLimiter';
import { BatchedRateLimiter } from '../../application/access/batchedRateLimiter';
import { createRestApi } from '../../lambdas/rest/app';
import { type MemoryExchange, startMemoryExchange, type Trader } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { restClient } from './support/http';

const LIMITS = { weightPerMinute: 12, ordersPerMinute: 2 };
// 40 s into a minute: the window ends in 20 s.
const NOW = Date.UTC(2026, 0, 5, 12, 0, 40);

let exchange: MemoryExchange;
let trader: Trader;
beforeAll(async () => {
  exchange = startMemoryExchange();
  await exchange.listSymbol(BTCUSDT);
  trader = await exchange.trader();
});

function client() {
  const clock = () => NOW;
  const rateLimiter = new BatchedRateLimiter(new MemoryRateLimiter(LIMITS, clock), undefined, clock);
  return restClient(createRestApi({ ...exchange.ctx, rateLimiter, clock }), clock);
}

const order = (price: string) => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price,
  quantity: '0.010',
});

test('the used weight and order count of the minute, on answers and on refusals after the spend', async () => {
  const http = client();
  const time = await http.withHeaders('GET', '/fapi/v1/time');
  expect(time.headers).toMatchObject({ 'x-mbx-used-weight-1m': '1' });
  expect(time.headers).not.toHaveProperty('x-mbx-order-count-1m');
  const placed = await http.withHeaders('POST', '/fapi/v1/order', order('50000.0'), trader);
  expect(placed.status).toBe(200);
  expect(placed.headers).toMatchObject({ 'x-mbx-used-weight-1m': '1', 'x-mbx-order-count-1m': '1' });
  // The key's window, apart from the IP's that /time spent. A request refused after it spent (an unknown symbol)
  // still reports what it spent.
  const refused = await http.withHeaders(
    'POST',
    '/fapi/v1/order',
    { ...order('1'), symbol: 'NOPEUSDT' },
    trader,
  );
  expect(refused.body).toMatchObject({ code: -1121 });
  expect(refused.headers).toMatchObject({ 'x-mbx-used-weight-1m': '2', 'x-mbx-order-count-1m': '2' });
});

test('past the limit: 429 with -1003 and Retry-After, the seconds left in the minute', async () => {
  const http = client();
  const depth = () => http.withHeaders('GET', '/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 100 });
  expect((await depth()).headers).toMatchObject({ 'x-mbx-used-weight-1m': '5' });
  expect((await depth()).headers).toMatchObject({ 'x-mbx-used-weight-1m': '10' });
  const refused = await depth();
  expect(refused.status).toBe(429);
  expect(refused.body).toMatchObject({ code: -1003 });
  expect(refused.headers['retry-after']).toBe('20');
});
