// account-at: the account as it was at an earlier time, folded from its own log, equals what it was then, and its
// ledger up to then sums to the wallet then.

import { accountAt } from '../../application/audit/accountAt';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { startMemoryExchange } from '../../local/memoryExchange';
import { callerOf, limit } from '../application/support/memory';
import { BTCUSDT } from '../core/support/specs';

test('account-at each earlier moment of a session is the account then, with a reconciled ledger', async () => {
  let now = Date.UTC(2026, 11, 6, 12);
  const exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
  const [maker, taker] = [await exchange.trader('50000'), await exchange.trader('50000')];
  const seen: { time: number; state: unknown }[] = [];
  const step = async (run: () => Promise<unknown>) => {
    now += 60_000;
    await run();
    await exchange.settle();
    seen.push({ time: now, state: await exchange.ctx.accountStore.load(taker.accountId) });
  };
  await step(() => submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '60000.0', '0.100'), 'm1'));
  await step(() => submitOrder(exchange.ctx, callerOf(taker), limit('BUY', '60000.0', '0.050'), 't1'));
  await step(() => exchange.operator.deposit(taker.accountId, '123.45', 'wire'));
  await step(() => submitOrder(exchange.ctx, callerOf(taker), limit('BUY', '59000.0', '0.010'), 't2'));
  await step(() => submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '59500.0', '0.020'), 'm2'));
  await step(() => submitOrder(exchange.ctx, callerOf(taker), limit('SELL', '59500.0', '0.020'), 't3'));
  for (const { time, state } of seen) {
    const then = await accountAt(exchange.ports, taker.accountId, time);
    expect(then?.state).toEqual(state);
    expect(then?.reconciled).toBe(true);
  }
  expect(
    (await accountAt(exchange.ports, taker.accountId, seen.at(-1)!.time))!.ledger.length,
  ).toBeGreaterThan(3);
  expect(await accountAt(exchange.ports, 999_999, now)).toBeUndefined();
});
