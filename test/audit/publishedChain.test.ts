// The newest link is public: GET /fapi/v1/eventChain answers it from the log, and every diff depth message that
// ends at a committed item carries the link there as `chain` (Binance clients ignore the field). A client that
// keeps either can later check the log against it.

import { openConnection, subscribe } from '../../application/connections/connections';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { chainHead } from '../../application/queries/eventChain';
import { listedSymbol } from '../../application/symbols/listedSymbol';
import { createRestApi } from '../../lambdas/rest/app';
import { startMemoryExchange } from '../../local/memoryExchange';
import { callerOf, exchangeWithBtc, limit } from '../application/support/memory';
import { BTCUSDT } from '../core/support/specs';
import { restClient } from '../readSide/support/http';

describe('the published chain', () => {
  test('GET /fapi/v1/eventChain is the newest item of the log: its last sequence and link', async () => {
    const exchange = startMemoryExchange();
    await exchange.listSymbol(BTCUSDT);
    const maker = await exchange.trader();
    await exchange.operator.deposit(maker.accountId, '5', 'top-up');
    const client = restClient(createRestApi(exchange.ctx), exchange.ports.clock);
    const last = await exchange.ports.events.lastItem('BTCUSDT');
    expect(last?.chain).toMatch(/^[0-9a-f]{64}$/);
    const answer = await client.get('/fapi/v1/eventChain', { symbol: 'BTCUSDT' });
    expect(answer).toEqual({
      status: 200,
      body: { symbol: 'BTCUSDT', seq: last!.last, chain: last!.chain, time: last!.time },
    });
    expect((await client.get('/fapi/v1/eventChain')).body).toEqual([answer.body]);
    expect(await client.get('/fapi/v1/eventChain', { symbol: 'NOPEUSDT' })).toMatchObject({
      status: 400,
      body: { code: -1121 },
    });
    expect(await chainHead(exchange.ctx, await listedSymbol(exchange.ctx, 'BTCUSDT'))).toEqual(answer.body);
  });

  test("every diff depth message carries the log's link at its u", async () => {
    const exchange = await exchangeWithBtc();
    const ctx = exchange.ctx;
    await openConnection(ctx, { connectionId: 'c1' });
    exchange.poster.connect('c1');
    expect(await subscribe(ctx, 'c1', ['btcusdt@depth@100ms'])).toBe('subscribed');
    const [maker, taker] = [await exchange.trader(), await exchange.trader()];
    await submitOrder(ctx, callerOf(maker), limit('SELL', '60000.0', '0.010'), 'm');
    await submitOrder(ctx, callerOf(taker), limit('BUY', '60000.0', '0.004'), 't');
    const diffs = exchange.poster.received('c1').map((m) => JSON.parse(m));
    expect(diffs.length).toBe(2);
    const links = new Map<number, string | null>();
    for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0)) links.set(item.last, item.chain);
    for (const diff of diffs) {
      expect(diff).toMatchObject({ e: 'depthUpdate', chain: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(diff.chain).toBe(links.get(diff.u));
    }
  });
});
