// The leverage brackets at ingress, on the in-memory exchange with BTCUSDT's real tiers: an order past the
// notional cap of the account's leverage is refused -2027 before it reaches the matcher, and a leverage too low
// for the margin the account holds is refused -2028. The rules themselves are specified in test/core/deciders.

import { changeLeverage } from '../../application/accounts/leverage';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { SYMBOL_PRESETS } from '../../bin/symbolPresets';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { callerOf, codeOf, limit } from './support/memory';

let exchange: MemoryExchange;
beforeEach(async () => {
  exchange = startMemoryExchange();
  await exchange.listSymbol(SYMBOL_PRESETS.BTCUSDT!);
});

test('-2027: at leverage 125 (cap 50,000 USDT) an order of 50,040 USDT is refused and reserves nothing', async () => {
  const trader = await exchange.trader('100000');
  const caller = callerOf(trader);
  expect(await changeLeverage(exchange.ctx, caller, 'BTCUSDT', 125)).toEqual({
    leverage: 125,
    maxNotionalValue: '50000',
  });
  expect(await codeOf(submitOrder(exchange.ctx, caller, limit('BUY', '60000.0', '0.834'), 'a'))).toBe(-2027);
  expect((await exchange.ctx.accounts.load(trader.accountId))?.reservations).toEqual({});
  // 0.500 rests; another 0.334 on the same side would make 0.834 if both filled.
  await submitOrder(exchange.ctx, caller, limit('BUY', '60000.0', '0.500'), 'b');
  expect(await codeOf(submitOrder(exchange.ctx, caller, limit('BUY', '60000.0', '0.334'), 'c'))).toBe(-2027);
  await submitOrder(exchange.ctx, caller, limit('BUY', '60000.0', '0.333'), 'd');
  // At leverage 100 (cap 600,000 USDT) there is room again.
  await changeLeverage(exchange.ctx, caller, 'BTCUSDT', 100);
  await submitOrder(exchange.ctx, caller, limit('BUY', '60000.0', '0.100'), 'e');
});

test('-2028: a leverage too low for the margin the position needs is refused; the account keeps its leverage', async () => {
  const [long, short] = [await exchange.trader('3500'), await exchange.trader('100000')];
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  await submitOrder(exchange.ctx, callerOf(short), limit('SELL', '60000.0', '1.000'), 's');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '60000.0', '1.000'), 'l');
  // Long 1 BTC at 20× holds 3,000 USDT of a ~3,470 wallet; at 10× it would need 6,000.
  expect(await codeOf(changeLeverage(exchange.ctx, callerOf(long), 'BTCUSDT', 10))).toBe(-2028);
  expect((await exchange.ctx.accounts.load(long.accountId))?.leverage).toEqual({});
  await changeLeverage(exchange.ctx, callerOf(long), 'BTCUSDT', 50);
  // 60,000 USDT of position does not fit leverage 125's 50,000 cap.
  expect(await codeOf(changeLeverage(exchange.ctx, callerOf(long), 'BTCUSDT', 125))).toBe(-2027);
});
