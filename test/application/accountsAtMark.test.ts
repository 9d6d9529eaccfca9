// Accounts at mark, on the in-memory exchange: once a symbol has an index, what an account sees of its positions
// (/account, /positionRisk, ACCOUNT_UPDATE) is valued at the mark price, and funding reaches the owners' user data
// streams as ACCOUNT_UPDATE reason FUNDING_FEE.

import { openConnection } from '../../application/connections/connections';
import { openListenKey } from '../../application/listenKeys/listenKeys';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { loadAccountOverview } from '../../application/queries/accountOverview';
import { positionRiskV3Json } from '../../binance/responses/accountJson';
import { formatMoney } from '../../core/numbers/money';
import { type MemoryExchange, startMemoryExchange, type Trader } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, limit } from './support/memory';

let now = Date.UTC(2026, 11, 6, 7, 59, 50);
let exchange: MemoryExchange;
let long: Trader;
let short: Trader;

beforeEach(async () => {
  now = Date.UTC(2026, 11, 6, 7, 59, 50);
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
  long = await exchange.trader('10000');
  short = await exchange.trader('10000');
});

// biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
const received = (connectionId: string): any[] =>
  exchange.poster.received(connectionId).map((m) => JSON.parse(m));

async function listen(trader: Trader, connectionId: string): Promise<void> {
  const key = await openListenKey(exchange.ctx, trader.accountId);
  await openConnection(exchange.ctx, {
    connectionId,
    user: { listenKey: key.listenKey, accountId: trader.accountId },
  });
  exchange.poster.connect(connectionId);
}

/** The long buys 0.100 from the short at 60,000.0. */
async function trade(): Promise<void> {
  await submitOrder(exchange.ctx, callerOf(short), limit('SELL', '60000.0', '0.100'), 's1');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '60000.0', '0.100'), 'l1');
}

test('without an index, positions are valued at the last trade; with one, at the mark', async () => {
  await trade();
  const before = await loadAccountOverview(exchange.ctx, long.accountId);
  expect(before.summary.unrealizedPnl).toBe(0n);

  // No book: the mark is Price 1 = the index (no funding yet), 60,123.45678901, finer than the tick.
  await exchange.operator.setIndexPrice('BTCUSDT', '60123.45678901');
  const overview = await loadAccountOverview(exchange.ctx, long.accountId);
  // 0.1 × 60,123.45678901 = 6,012.345678901 → valued down for a long: 6,012.34567890; PnL 12.3456789.
  expect(formatMoney(overview.summary.unrealizedPnl)).toBe('12.34567890');
  const risk = positionRiskV3Json(overview.symbols.find((s) => s.instrument.spec.symbol === 'BTCUSDT')!);
  expect(risk).toMatchObject({
    markPrice: '60123.45678901',
    unRealizedProfit: '12.34567890',
    notional: '6012.34567890',
    // BTCUSDT's first tier: 0.4% of the notional, cum 0, rounded up.
    maintMargin: '24.04938272',
  });
  // The short is valued up: -6,012.34567891, PnL -12.34567891 (never overstated on either side).
  const shortView = await loadAccountOverview(exchange.ctx, short.accountId);
  expect(formatMoney(shortView.summary.unrealizedPnl)).toBe('-12.34567891');
  expect(shortView.summary.marginBalance).toBe(
    shortView.summary.walletBalance + shortView.summary.unrealizedPnl,
  );
});

test('ACCOUNT_UPDATE of a fill values the position at the mark once the symbol has one', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '60100');
  await listen(long, 'u-long');
  await trade();
  const update = received('u-long').find((m) => m.e === 'ACCOUNT_UPDATE');
  expect(update.a).toMatchObject({ m: 'ORDER', P: [{ s: 'BTCUSDT', pa: '0.100', up: '10.00000000' }] });
});

test('funding: both owners get ACCOUNT_UPDATE FUNDING_FEE with the payment, summing to zero', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  await trade();
  await listen(long, 'u-long');
  await listen(short, 'u-short');
  now = Date.UTC(2026, 11, 6, 8, 0, 5);
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  await exchange.operator.settleFunding('BTCUSDT');

  const fundingOf = (id: string) =>
    received(id).filter((m) => m.e === 'ACCOUNT_UPDATE' && m.a.m === 'FUNDING_FEE');
  const [paid] = fundingOf('u-long');
  const [got] = fundingOf('u-short');
  // 0.1 BTC × 60,000 × 0.01% = 0.6 USDT from the long to the short; cross margin: the balance only, no position.
  expect(paid.a).toEqual({
    m: 'FUNDING_FEE',
    B: [{ a: 'USDT', wb: expect.any(String), cw: expect.any(String), bc: '-0.60000000' }],
    P: [],
  });
  expect(got.a.B[0].bc).toBe('0.60000000');
  const longState = await exchange.ctx.accounts.load(long.accountId);
  expect(paid.a.B[0].wb).toBe(formatMoney(longState!.walletBalance));
  expect(longState!.updateTime).toBe(paid.T);
  expect(fundingOf('u-long')).toHaveLength(1);
});
