// Risk service recovery: how long a fresh instance (a restarted task) takes from claiming the account shards to
// having evaluated every account holding a position, for N such accounts. What it does is what a recovery does:
// take the leases, read each symbol's log from the start (EventLog.itemsAfter), load each account of its shards
// from the accounts table the first time an event concerns it, settle the rest of the log into it, evaluate.
// The peer, measured in the same run on the same stores, is the I/O floor of that work: reading the same log
// once plus loading the same N accounts once, one after the other. Best of three rounds of each, interleaved.
// Prints both and their ratio.
//
//   npx tsx bench/riskRecovery.bench.ts [accounts=2000] [memory|emulators]

import { MemoryAccountShardLeases } from '../adapters/memory/accountShardLeases';
import type { Accounts } from '../application/accounts/accounts';
import { OrderIdGenerator } from '../application/orderEntry/orderIds';
import { submitOrder } from '../application/orderEntry/submitOrder';
import type { IdSlots } from '../application/ports/idSlots';
import { RiskService } from '../application/risk/riskService';
import type { RiskPorts } from '../application/risk/riskShard';
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import { startLocalExchange, type Trader } from '../local/localExchange';
import { startMemoryExchange } from '../local/memoryExchange';
import { riskService } from '../resources/declarations';

const ACCOUNTS = Number(process.argv[2] ?? 2_000);
const STORES = process.argv[3] ?? 'memory';

interface Stack {
  readonly ctx: RiskPorts & { readonly accounts: Accounts; readonly idSlots: IdSlots };
  trader(funds: string): Promise<Trader>;
  setIndex(price: string): Promise<unknown>;
  stop(): Promise<void>;
}

async function stack(): Promise<Stack> {
  if (STORES === 'emulators') {
    const exchange = await startLocalExchange({ logLevel: 'error' });
    await exchange.listSymbol(SYMBOL_PRESETS.BTCUSDT!);
    return {
      ctx: exchange.ctx,
      trader: (funds) => exchange.trader(funds),
      setIndex: (price) => exchange.operator.setIndexPrice('BTCUSDT', price),
      stop: () => exchange.stop(),
    };
  }
  const exchange = startMemoryExchange();
  await exchange.listSymbol(SYMBOL_PRESETS.BTCUSDT!);
  return {
    ctx: exchange.ctx,
    trader: (funds) => exchange.trader(funds),
    setIndex: (price) => exchange.operator.setIndexPrice('BTCUSDT', price),
    stop: async () => undefined,
  };
}

const caller = (t: Trader) => ({
  accountId: t.accountId,
  apiKey: t.apiKey,
  permissions: ['READ', 'TRADE'] as ('READ' | 'TRADE')[],
});
const order = (side: 'BUY' | 'SELL', quantity: string) => ({
  symbol: 'BTCUSDT',
  side,
  type: 'LIMIT' as const,
  timeInForce: 'GTC' as const,
  price: '64000',
  quantity,
});

async function main(): Promise<void> {
  const s = await stack();
  await s.setIndex('64000');
  const maker = await s.trader('1000000000');
  await submitOrder(s.ctx as never, caller(maker), order('SELL', ((ACCOUNTS * 2) / 1000).toFixed(3)), 'ask');
  const setupStart = Date.now();
  const longs: Trader[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const long = await s.trader('1000');
    await submitOrder(s.ctx as never, caller(long), order('BUY', '0.002'), `b${i}`);
    longs.push(long);
  }
  await s.setIndex('63990');
  const setupMs = Date.now() - setupStart;

  // The peer: the same log read once, the same accounts loaded once. Interleaved with the recovery, three rounds
  // each, best of three: both run on equally warm stores (a first read warms the emulator and the clients).
  let items = 0;
  const peer = async () => {
    const start = process.hrtime.bigint();
    items = 0;
    for await (const _ of s.ctx.events.itemsAfter('BTCUSDT', 0)) items++;
    for (const long of longs) await s.ctx.accountStore.load(long.accountId);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  let held = 0;
  const recovery = async (round: number) => {
    // A fresh instance, as a restarted task: it takes every shard and recovers them.
    const service = new RiskService(
      { ...s.ctx, leases: new MemoryAccountShardLeases() },
      s.ctx.accounts,
      new OrderIdGenerator(s.ctx.idSlots, s.ctx.clock),
      { marginCall: async () => undefined },
      {
        instanceId: `bench-${round}`,
        accountShards: riskService.accountShards,
        leaseDurationMs: 600_000,
        leaseSafetyMs: 1_000,
      },
    );
    const start = process.hrtime.bigint();
    await service.balance();
    await service.poll();
    held = service.shards.length;
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const peers: number[] = [];
  const recoveries: number[] = [];
  for (let round = 0; round < 3; round++) {
    peers.push(await peer());
    recoveries.push(await recovery(round));
  }
  const peerMs = Math.min(...peers);
  const recoveryMs = Math.min(...recoveries);

  console.log(
    `${ACCOUNTS} accounts with a BTCUSDT position, ${items} log items, stores: ${STORES} (set-up ${setupMs} ms)`,
  );
  console.log(`  recovery: ${held} account shards taken, log replayed, accounts loaded and evaluated`);
  console.log(
    `            ${recoveryMs.toFixed(0)} ms = ${((recoveryMs * 1000) / ACCOUNTS).toFixed(0)} µs per account`,
  );
  console.log(`  peer: the log read once + the accounts loaded once   ${peerMs.toFixed(0)} ms`);
  console.log(`  ratio recovery / peer                                ${(recoveryMs / peerMs).toFixed(2)}`);
  await s.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
