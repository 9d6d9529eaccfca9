// The risk service across instances, on the in-memory exchange: account shards claimed through leases, shared
// fairly between live instances, taken over from a silent (paused or dead) instance only after its lease ends,
// and, even when two instances act on one shard at once (a split brain the leases should prevent), each account
// is liquidated exactly once, because both derive the same command ids from the same log.

import { MemoryAccountShardLeases } from '../../adapters/memory/accountShardLeases';
import { OrderIdGenerator } from '../../application/orderEntry/orderIds';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import type { AccountShardLeases } from '../../application/ports/accountShardLeases';
import { FencedAccounts } from '../../application/risk/fencedAccounts';
import { RiskService } from '../../application/risk/riskService';
import { freezeForLiquidation } from '../../core/accounts/decideAccount';
import type { Liquidated } from '../../core/engine/events';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { RiskMetrics } from '../../risk-fargate/metrics';
import { testClock } from '../contracts/support';
import { callerOf, exchangeWithBtc, limit, openAdlSession } from './support/memory';

const SHARDS = 4;
const LEASE_MS = 10_000;
const SAFETY_MS = 2_000;

let exchange: MemoryExchange;
let clock: ReturnType<typeof testClock>;
let leases: MemoryAccountShardLeases;

function instance(id: string, leaseStore: AccountShardLeases = leases): RiskService {
  return new RiskService(
    { ...exchange.ports, clock, leases: leaseStore },
    exchange.ctx.accounts,
    new OrderIdGenerator(exchange.ports.idSlots, exchange.ports.clock),
    { marginCall: async () => undefined },
    { instanceId: id, accountShards: SHARDS, leaseDurationMs: LEASE_MS, leaseSafetyMs: SAFETY_MS },
  );
}

async function liquidations(): Promise<number[]> {
  const ids: number[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    for (const event of item.events ?? [])
      if (event.type === 'Liquidated') ids.push((event as Liquidated).accountId);
  return ids.sort((a, b) => a - b);
}

/** Longs of 0.1 BTC at 64,000 with 400 USDT each (liquidated below about 60,240), one per account shard. */
async function longsInEveryShard(): Promise<Trader[]> {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const maker = await exchange.trader('10000000');
  const longs: Trader[] = [];
  while (new Set(longs.map((l) => l.accountId % SHARDS)).size < SHARDS)
    longs.push(await exchange.trader('400'));
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', String(longs.length / 10)), 's');
  for (const [i, long] of longs.entries())
    await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), `b${i}`);
  await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '60100', String(longs.length / 10)), 'bid');
  return longs;
}

beforeEach(async () => {
  exchange = await exchangeWithBtc();
  clock = testClock(Date.now());
  leases = new MemoryAccountShardLeases();
});

test('one instance takes every account shard; a second one joining gets half; a drain hands them back', async () => {
  const a = instance('risk-a');
  await a.balance();
  expect(a.shards).toEqual([0, 1, 2, 3]);
  expect(a.mayAct(0)).toBe(true);

  // b sees no free shard and a above b's share: it takes one over, and acts only when a's lease would end.
  const b = instance('risk-b');
  await b.balance();
  expect(b.shards).toEqual([3]);
  expect(b.mayAct(3)).toBe(false);
  // a finds out at its next renewal and stops acting for shard 3 (and gives back what is above its share).
  clock.advance(LEASE_MS / 4);
  await a.balance();
  expect(a.shards).toEqual([0, 1]);
  expect(a.mayAct(3)).toBe(false);
  await b.balance();
  expect(b.shards.length).toBe(2);
  expect([...a.shards, ...b.shards].sort()).toEqual([0, 1, 2, 3]);
  for (let renewal = 0; renewal < 4; renewal++) {
    clock.advance(LEASE_MS / 4);
    await a.balance();
    await b.balance();
  }
  expect(a.shards.length + b.shards.length).toBe(SHARDS);
  expect(b.shards.every((s) => b.mayAct(s))).toBe(true);

  await b.stop();
  await a.balance();
  expect(a.shards).toEqual([0, 1, 2, 3]);
  expect(a.mayAct(2)).toBe(true);
});

test('a silent instance (paused, no renewals) stops acting before its lease ends; its successor starts after', async () => {
  const a = instance('risk-a');
  await a.balance();
  clock.advance(LEASE_MS - SAFETY_MS);
  expect(a.mayAct(0)).toBe(false);
  // b joins as any instance does: it takes one shard over, to act when a's lease ends.
  const b = instance('risk-b');
  await b.balance();
  expect(b.shards).toEqual([3]);
  expect(b.mayAct(3)).toBe(false);
  clock.advance(SAFETY_MS + 1);
  await b.balance();
  expect(b.shards).toEqual([0, 1, 2, 3]);
  expect(b.mayAct(0)).toBe(true);
  // The paused instance wakes up: its renewals fail; it rejoins as a newcomer, taking one shard over from b, to
  // act only when b's lease of it ends.
  await a.balance();
  expect(a.shards).toEqual([3]);
  expect(a.mayAct(3)).toBe(false);
  expect(b.mayAct(3)).toBe(true);
});

test('every shard is evaluated by its holder: the mark falls and each long in every shard is liquidated once', async () => {
  const longs = await longsInEveryShard();
  const a = instance('risk-a');
  const b = instance('risk-b');
  // Renewal rounds until b may act on the shard it took over from a.
  for (let renewal = 0; renewal <= 5; renewal++) {
    await a.balance();
    await b.balance();
    clock.advance(LEASE_MS / 4);
  }
  expect(a.shards.length).toBe(2);
  expect(b.shards.every((shard) => b.mayAct(shard))).toBe(true);
  await a.poll();
  await b.poll();

  await exchange.operator.setIndexPrice('BTCUSDT', '60150');
  await a.poll();
  await b.poll();
  await exchange.settle();
  await a.poll();
  await b.poll();
  await exchange.settle();
  expect(await liquidations()).toEqual(longs.map((l) => l.accountId).sort((x, y) => x - y));

  // Each liquidation counts in the instance owning the account: the fleet's sum counts each once. Both saw the
  // fund's balance; it grew (fills beat the bankruptcy prices), so it paid nothing out.
  const [fa, fb] = [a.figures.of('BTCUSDT'), b.figures.of('BTCUSDT')];
  expect(fa.liquidations + fb.liquidations).toBe(longs.length);
  expect(fa.liquidations).toBeGreaterThan(0);
  expect(fb.liquidations).toBeGreaterThan(0);
  expect(fa.insuranceBalance).toBeGreaterThan(0n);
  expect(fa.insuranceBalance).toBe(fb.insuranceBalance);
  expect(fa.insurancePaid + fb.insurancePaid).toBe(0n);
  expect(fa.adlEvents + fb.adlEvents).toBe(0);
  // The EMF line the alarms read: one per symbol, counts since the previous line.
  const metrics = new RiskMetrics(a);
  const [line] = metrics.emf(['BTCUSDT'], clock()).map((l) => JSON.parse(l));
  expect(line).toMatchObject({
    Service: 'risk',
    Symbol: 'BTCUSDT',
    RiskLagSeconds: 0,
    Liquidations: fa.liquidations,
    AdlEvents: 0,
    InsurancePaid: 0,
  });
  expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
    Namespace: 'Shardex/Risk',
    Dimensions: [['Service', 'Symbol']],
  });
  expect(JSON.parse(metrics.emf(['BTCUSDT'], clock())[0]!).Liquidations).toBe(0);
  // Time passes without a poll: the lag grows.
  clock.advance(5_000);
  expect(a.lagSeconds('BTCUSDT')).toBe(5);
});

test("an ADL queue ranks the accounts of every shard the instance holds, by Binance's ranking", async () => {
  // A long (400 USDT) and two shorts of 0.06, each in its own shard: "thin" (2,000 USDT) at 64,000 and "thick"
  // (50,000 USDT) at 64,500. Binance's ranking puts thin first; the engine's own ranking past the queue (PnL %
  // without balances) would put thick first.
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const maker = await exchange.trader('10000000');
  const long = await exchange.trader('400');
  const inOtherShard = async (balance: string, ...taken: Trader[]) => {
    for (;;) {
      const trader = await exchange.trader(balance);
      if (taken.every((t) => t.accountId % SHARDS !== trader.accountId % SHARDS)) return trader;
    }
  };
  const thin = await inOtherShard('2000', long);
  const thick = await inOtherShard('50000', long, thin);
  await openAdlSession(exchange, { maker, long, thin, thick });
  const a = instance('risk-a');
  await a.balance();
  expect(a.shards).toEqual([0, 1, 2, 3]);
  await a.poll();

  // Below the long's bankruptcy price (60,032), no bids, an empty fund: ADL.
  await exchange.operator.setIndexPrice('BTCUSDT', '59000');
  await a.poll();
  await exchange.settle();
  const transfers: [number, number][] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    for (const event of item.events ?? [])
      if (event.type === 'PositionTransferred')
        transfers.push([event.counterparty.accountId, event.quantity]);
  expect(transfers).toEqual([
    [thin.accountId, 60],
    [thick.accountId, 40],
  ]);
});

test('two instances that both believe they hold every shard (split brain) still liquidate each account once', async () => {
  const longs = await longsInEveryShard();
  // Each has a lease table of its own: nothing fences them off from each other.
  const a = instance('risk-a', new MemoryAccountShardLeases());
  const b = instance('risk-b', new MemoryAccountShardLeases());
  await a.balance();
  await b.balance();
  expect(a.shards).toEqual([0, 1, 2, 3]);
  expect(b.shards).toEqual([0, 1, 2, 3]);
  await a.poll();
  await b.poll();

  await exchange.operator.setIndexPrice('BTCUSDT', '60150');
  await Promise.all([a.poll(), b.poll()]);
  await exchange.settle();
  await Promise.all([a.poll(), b.poll()]);
  await exchange.settle();
  expect(await liquidations()).toEqual(longs.map((l) => l.accountId).sort((x, y) => x - y));
});

test('a shard that may not act decides nothing on accounts either: no freeze, no unfreeze', async () => {
  const long = await exchange.trader('400');
  let mayAct = false;
  const fenced = new FencedAccounts(exchange.ports.accountStore, clock, () => mayAct);
  const before = (await exchange.ports.accountStore.history(long.accountId)).length;
  expect((await fenced.decide(long.accountId, (s) => freezeForLiquidation(s, clock()))).ok).toBe(false);
  expect(await exchange.ports.accountStore.history(long.accountId)).toHaveLength(before);
  mayAct = true;
  expect((await fenced.decide(long.accountId, (s) => freezeForLiquidation(s, clock()))).ok).toBe(true);
  expect((await exchange.ports.accountStore.load(long.accountId))!.frozen).toBe(true);
});
