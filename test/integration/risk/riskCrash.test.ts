// The risk service under kill -9 and as a zombie, as it ships (its esbuild bundle in a child process) against the
// local stack (emulators, matcher, projector in this process): the index crashes through the liquidation prices of
// several leveraged longs, the service is killed (or frozen) while their liquidations are half sent, and whoever
// holds the account shards next finishes the job. Every long is liquidated exactly once: none twice, none missed.

import type { Liquidated } from '../../../core/engine/events';
import { type LocalExchange, startLocalExchange, type Trader } from '../../../local/localExchange';
import { BTCUSDT } from '../../core/support/specs';
import { ccxtBinanceUsdm } from '../../e2e/support/ccxtClient';
import { eventually } from '../../support/eventually';
import { RiskProcess } from './support/riskProcess';

jest.setTimeout(120_000);

const LEASE = { RISK_ACCOUNT_SHARDS: '4', RISK_LEASE_DURATION_MS: '1500' };
const BTC = 'BTC/USDT:USDT';

let exchange: LocalExchange;
const processes: RiskProcess[] = [];
beforeEach(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
});
afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.kill()));
  await exchange?.stop();
});

async function riskService(id: string): Promise<RiskProcess> {
  const service = await RiskProcess.start(id, exchange.emulators.endpoints, LEASE);
  processes.push(service);
  return service;
}

/** Longs of 0.1 BTC at 64,000 with 400 to 750 USDT (liquidated between about 60,240 and 56,800), and the bids. */
async function leveragedLongs(count: number): Promise<Trader[]> {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const maker = ccxtBinanceUsdm(exchange.gateway.url, await exchange.trader('10000000'));
  // One after the other: each account opening is an operator action on one hash-chained trail.
  const longs: Trader[] = [];
  for (let i = 0; i < count; i++) longs.push(await exchange.trader(String(400 + i * 50)));
  await maker.createOrder(BTC, 'limit', 'sell', count / 10, 64000);
  for (const long of longs)
    await ccxtBinanceUsdm(exchange.gateway.url, long).createOrder(BTC, 'limit', 'buy', 0.1, 64000);
  await maker.createOrder(BTC, 'limit', 'buy', count / 10, 61000);
  return longs;
}

async function liquidated(): Promise<number[]> {
  const ids: number[] = [];
  for await (const item of exchange.ctx.events.itemsAfter('BTCUSDT', 0))
    for (const event of item.events ?? [])
      if (event.type === 'Liquidated') ids.push((event as Liquidated).accountId);
  return ids.sort((a, b) => a - b);
}

/** The index falls 64,000 → 55,000 in steps (a crash), below every long's liquidation price. */
async function crash(): Promise<void> {
  for (const price of ['62000', '60000', '58000', '56500', '55000'])
    await exchange.operator.setIndexPrice('BTCUSDT', price);
}

/** Waits until every long is liquidated, gives the service more marks to act on, and checks each happened once. */
async function expectEachLiquidatedOnce(longs: readonly Trader[]): Promise<void> {
  const ids = longs.map((l) => l.accountId).sort((a, b) => a - b);
  await eventually(async () => expect([...new Set(await liquidated())]).toEqual(ids), 60_000, 100);
  // More marks below the liquidation prices: a service that would liquidate again has every chance to.
  for (const price of ['54900', '54800', '54700']) await exchange.operator.setIndexPrice('BTCUSDT', price);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await exchange.settle();
  expect(await liquidated()).toEqual(ids);
  for (const long of longs) {
    const account = (await exchange.ctx.accountStore.load(long.accountId))!;
    expect(account.positions.BTCUSDT?.size ?? 0).toBe(0);
    expect(account.walletBalance).toBeGreaterThanOrEqual(0n);
  }
}

test('kill -9 while the liquidations of an index crash are half sent: after a restart each long is liquidated once', async () => {
  const longs = await leveragedLongs(8);
  const first = await riskService('risk-first');
  await first.waitFor('risk: account shard recovered', 4);

  await crash();
  await eventually(async () => expect((await liquidated()).length).toBeGreaterThan(0), 30_000, 5);
  // Killed as soon as the first liquidation is in the log: the others are in flight or not yet decided (in one
  // run, 6 of the 8 were done at the kill).
  await first.kill();

  const second = await riskService('risk-second');
  await second.waitFor('risk: account shard recovered', 4);
  await expectEachLiquidatedOnce(longs);
});

test('two instances racing for the shards, one frozen mid-liquidation (a zombie) and woken later: one liquidation each', async () => {
  const longs = await leveragedLongs(8);
  const zombie = await riskService('risk-zombie');
  await zombie.waitFor('risk: account shard recovered', 4);
  const other = await riskService('risk-other');
  // The newcomer takes shards over from the first instance until they hold a fair share each.
  await other.waitFor('risk: account shard recovered', 2);

  await crash();
  await eventually(async () => expect((await liquidated()).length).toBeGreaterThan(0), 30_000, 5);
  zombie.signal('SIGSTOP');
  // The frozen instance's leases end; the other takes its shards over and carries on.
  await other.waitFor('risk: account shard recovered', 4);
  zombie.signal('SIGCONT');
  await expectEachLiquidatedOnce(longs);
  await zombie.waitFor('risk: account shard lease lost');
});

test('SIGTERM drains: /health answered while serving, the leases given back, exit 0; the next instance takes them free', async () => {
  const first = await riskService('risk-draining');
  await first.waitFor('risk: account shard recovered', 4);
  expect(await first.health()).toEqual({
    status: 200,
    body: { instance: 'risk-draining', accountShards: [0, 1, 2, 3], healthy: true },
  });
  first.signal('SIGTERM');
  expect(await first.exited).toEqual({ code: 0, signal: null });
  expect(first.messages('risk: account shard lease released')).toHaveLength(4);
  expect(first.messages('stopped')).toHaveLength(1);

  const next = await riskService('risk-next');
  await next.waitFor('risk: account shard lease taken', 4);
  // Free leases (no owner to wait for), not expired ones taken over.
  expect(next.messages('risk: account shard lease taken').map((line) => line.from)).toEqual([
    null,
    null,
    null,
    null,
  ]);
});
