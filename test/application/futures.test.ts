// The futures use cases on the in-memory exchange: the index price as the feed and an operator submit it, and
// funding as the scheduler and an operator settle it. The engine's rules are specified in test/core; here, that
// the commands travel the stream like every other and their answers reach the caller.

import { dueFundingTime, submitFundingSettlement } from '../../application/funding/settleFunding';
import { submitIndexPrice } from '../../application/marketPrices/submitIndexPrice';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import type { EngineEvent } from '../../core/engine/events';
import { formatMoney } from '../../core/numbers/money';
import type { MemoryExchange } from '../../local/memoryExchange';
import { startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, codeOf, limit } from './support/memory';

const HOUR = 3_600_000;
// 2026-12-06 07:59:50 UTC: ten seconds before a funding time.
let now = Date.UTC(2026, 11, 6, 7, 59, 50);
let exchange: MemoryExchange;

beforeEach(async () => {
  now = Date.UTC(2026, 11, 6, 7, 59, 50);
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
});

async function symbolEvents(): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    events.push(...(item.events ?? []));
  return events;
}

describe('the index price', () => {
  test('an operator sets it and sees the mark it made; the feed submits without waiting', async () => {
    const mark = await exchange.operator.setIndexPrice('BTCUSDT', '60000.12345678');
    expect(mark).toMatchObject({ type: 'MarkPriceUpdated', indexPrice: 6_000_012_345_678 });
    // No book and no trade: the mark is Price 1, the index carried by the last funding rate (0 yet).
    expect(mark.markPrice).toBe(6_000_012_345_678);

    now += 1_000;
    await submitIndexPrice(exchange.ctx, 'BTCUSDT', '60001', [
      { name: 'binance', price: '60001.00' },
      { name: 'okx', price: '60001.0' },
    ]);
    const last = (await symbolEvents()).at(-1)!;
    expect(last).toMatchObject({ type: 'MarkPriceUpdated', indexPrice: 6_000_100_000_000 });
    expect(last.type === 'MarkPriceUpdated' && last.sources).toEqual([
      { name: 'binance', price: '60001.00' },
      { name: 'okx', price: '60001.0' },
    ]);
  });

  test('a price the engine cannot take is refused with its reason, in the log', async () => {
    expect(await codeOf(exchange.operator.setIndexPrice('BTCUSDT', '6e4'))).toBe(-1130);
    expect(await codeOf(exchange.operator.setIndexPrice('BTCUSDT', '1.123456789'))).toBe(-1130);
    expect((await symbolEvents()).at(-1)).toMatchObject({
      type: 'CommandRejected',
      command: 'UpdateIndexPrice',
    });
  });
});

describe('funding', () => {
  test('settled at the due funding time: longs pay shorts exactly; a second settlement is refused', async () => {
    const long = await exchange.trader('10000');
    const short = await exchange.trader('10000');
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    await submitOrder(exchange.ctx, callerOf(short), limit('SELL', '60000.0', '0.100'), 's1');
    await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '60000.0', '0.100'), 'l1');

    // Premium samples at 60,000 with the book empty on both sides again: the rate is the interest rate, 0.01%.
    now = Date.UTC(2026, 11, 6, 8, 0, 5);
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    const events = await exchange.operator.settleFunding('BTCUSDT');
    const settled = events.find((e) => e.type === 'FundingSettled');
    expect(settled).toMatchObject({ fundingTime: Date.UTC(2026, 11, 6, 8), payers: 1, receivers: 1 });
    const paid = events.find((e) => e.type === 'FundingPaid');
    expect(paid?.type === 'FundingPaid' && paid.payments).toEqual([
      [long.accountId, -Number(settled?.type === 'FundingSettled' && settled.total)],
      [short.accountId, Number(settled?.type === 'FundingSettled' && settled.total)],
    ]);
    // 0.1 BTC × 60,000 × 0.01% = 0.6 USDT, from the long's wallet to the short's, recorded for its income.
    const total = BigInt(settled?.type === 'FundingSettled' ? settled.total : 0);
    expect(formatMoney(total)).toBe('0.60000000');
    const history = async (id: number) =>
      (await exchange.ctx.accounts.store.history(id)).map((h) => h.event).at(-1);
    expect(await history(long.accountId)).toMatchObject({
      type: 'SymbolEventsSettled',
      changes: { walletDelta: -60_000_000n, fundingFees: [{ amount: -60_000_000n }] },
    });
    expect(await history(short.accountId)).toMatchObject({
      type: 'SymbolEventsSettled',
      changes: { walletDelta: 60_000_000n, fundingFees: [{ amount: 60_000_000n }] },
    });

    expect(await codeOf(exchange.operator.settleFunding('BTCUSDT'))).toBe(-1130);
  });

  test('the scheduler settles a funding time once, whatever it sends twice', async () => {
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    now = Date.UTC(2026, 11, 6, 8, 0, 0, 1);
    const time = await submitFundingSettlement(exchange.ctx, 'BTCUSDT');
    expect(time).toBe(Date.UTC(2026, 11, 6, 8));
    await submitFundingSettlement(exchange.ctx, 'BTCUSDT');
    const settlements = (await symbolEvents()).filter((e) => e.type === 'FundingSettled');
    expect(settlements).toHaveLength(1);
  });

  test('the due funding time is the last multiple of the interval', () => {
    expect(dueFundingTime(Date.UTC(2026, 11, 6, 7, 59, 59, 999), 8 * HOUR)).toBe(Date.UTC(2026, 11, 6, 0));
    expect(dueFundingTime(Date.UTC(2026, 11, 6, 8), 8 * HOUR)).toBe(Date.UTC(2026, 11, 6, 8));
  });
});
