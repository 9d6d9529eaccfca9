// The risk service's own code path under the load: 100,000 accounts holding positions in BTCUSDT, ETHUSDT
// and SOLUSDT, each simulated second one MarkPriceUpdated per symbol (a small random walk) and 1,000 fills (Trade
// events between random accounts) spread over the symbols, all through RiskShard.apply: settlement of the events
// into its accounts (settleSymbolEvents), the per-symbol holder index, evaluation of every holder on a mark and of
// both sides on a fill (margin call check, next liquidation step).
//
// Set-up (not timed): the accounts are written straight into the memory account store, funded and flat (one
// stored version each, AccountOpened, wallet set); the shard then gets a synthetic history per symbol, its first
// MarkPriceUpdated (the index comes before trading, as on the exchange: a trade before any mark counts as the
// symbol's price and evaluates every holder), then one Trade
// per pair of accounts (2k−1, 2k) in which one buys what the other sells near the symbol's base price — each its
// own batch, as a taker's command item would be — so it loads each account from the store, settles the fills into
// it, and learns its holders exactly as it would from the log. Every Trade carries the positions after the fill
// computed with core/position applyFill from the bench's own copy of each position, fees at the symbol's rates,
// so settlement is exact. Wallets hold 10–30 % of the account's opening notional (3–10× leverage on
// maintenance ratios of 0.4–1 %), so a mark walk of a few 0.1 % liquidates nobody: the bench measures evaluation,
// not liquidation commands (it prints how many margin calls and commands there were anyway).
//
// The peer, in the same run on the same accounts (the shard's own states, read after each timed round): the pure
// evaluation loop of bench/risk.bench.ts (accountRisk + nextLiquidationStep per holder per mark), as many
// evaluations as the shard made. Rounds interleave shard and peer; medians. Prints the real-time factor
// (simulated seconds per wall second: > 1 keeps up), evaluations/s, fills/s, the ratio, the heap, `uptime`.
//
// At the end it checks that every position the shard holds is the bench's own (settlement was exact).
//
//   npm run bench:risk-shard -- [accounts=100000] [seconds per round=5] [rounds=3]
//   (bundled by esbuild as risk-fargate's image is, and run with --expose-gc so the heap is measured after a
//   collection; under tsx, which keeps function names, every closure the shard makes per evaluation costs more)

import { execSync } from 'node:child_process';
import { memoryPorts } from '../adapters/memory/ports';
import { Accounts } from '../application/accounts/accounts';
import { OrderIdGenerator } from '../application/orderEntry/orderIds';
import { RiskShard } from '../application/risk/riskShard';
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import { type AccountState, openedAccount } from '../core/accounts/account';
import type { Fill, MarkPriceUpdated, Trade } from '../core/engine/events';
import { compactMoney, feeOn, type Money } from '../core/numbers/money';
import type { Side } from '../core/orders/order';
import { applyFill, compactPosition, FLAT, type Position } from '../core/position/position';
import { accountRisk } from '../core/risk/accountRisk';
import { nextLiquidationStep } from '../core/risk/liquidationPlan';
import { compileInstrument, type Instrument, notionalOf } from '../core/symbol/instrument';
import { markPrice, type ValuationPrice } from '../core/symbol/valuation';
import { median } from './median';

const ACCOUNTS = Number(process.argv[2] ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 5);
const ROUNDS = Number(process.argv[4] ?? 3);
const FILLS_PER_SECOND = 1_000;
const USDT = 100_000_000n;
const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;
/** Base prices in mark units (10^-8 USDT per coin). */
const basePrice: Record<string, number> = {
  BTCUSDT: 64_000 * 1e8,
  ETHUSDT: 3_000 * 1e8,
  SOLUSDT: 150 * 1e8,
};
/** Opening lots per account: BTC and ETH 0.001 a lot, SOL 1. */
const maxLots: Record<string, number> = { BTCUSDT: 200, ETHUSDT: 2_000, SOLUSDT: 200 };

let seed = 7;
const random = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
};
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1_048_576);
};

const ports = memoryPorts({ clock: () => 1_800_000_000_000 });
const instruments = new Map<string, Instrument>();
for (const symbol of symbols) instruments.set(symbol, compileInstrument(SYMBOL_PRESETS[symbol]!));
const margined = { marginCalls: 0 };
const shard = new RiskShard(
  ports,
  new Accounts(ports.accountStore, ports.clock),
  new OrderIdGenerator(ports.idSlots, ports.clock),
  {
    marginCall: async () => {
      margined.marginCalls++;
    },
  },
);

// The bench's own copy of every position, from which each Trade's positions are computed (applyFill).
const positions = new Map<string, Position[]>(symbols.map((s) => [s, []]));
const seqs = new Map<string, number>(symbols.map((s) => [s, 1]));
const marks = new Map<string, number>(symbols.map((s) => [s, basePrice[s]!]));
let tradeId = 0;
let orderId = 0;
let time = 1_800_000_000_000;

function fill(
  symbol: string,
  accountId: number,
  side: Side,
  lots: number,
  notional: Money,
  rate: bigint,
): Fill {
  const list = positions.get(symbol)!;
  const change = applyFill(list[accountId] ?? FLAT, side, lots, notional);
  list[accountId] = change.position;
  return {
    orderId: ++orderId,
    accountId,
    remaining: 0,
    fee: compactMoney(feeOn(notional, rate)),
    realizedPnl: compactMoney(change.realizedPnl),
    position: compactPosition(change.position),
  };
}

/** One trade: `buyer` takes `lots` from `seller`'s resting order at the tick nearest the symbol's mark. */
function trade(symbol: string, buyer: number, seller: number, lots: number): Trade {
  const instrument = instruments.get(symbol)!;
  const ticks = Math.round(marks.get(symbol)! / instrument.unitsPerTick);
  const notional = notionalOf(instrument, ticks, lots);
  const seq = seqs.get(symbol)!;
  seqs.set(symbol, seq + 1);
  const maker = fill(symbol, seller, 'SELL', lots, notional, instrument.makerFeeRate);
  const taker = fill(symbol, buyer, 'BUY', lots, notional, instrument.takerFeeRate);
  return {
    type: 'Trade',
    seq,
    time,
    commandId: `bench-${symbol}-${seq}`,
    tradeId: ++tradeId,
    price: ticks,
    quantity: lots,
    takerSide: 'BUY',
    maker,
    taker,
    makerLevelQuantity: 0,
  };
}

function markUpdate(symbol: string): MarkPriceUpdated {
  // A random walk of up to ±0.05 % a second, in whole mark units.
  const before = marks.get(symbol)!;
  const mark = before + Math.round((before * (random(101) - 50)) / 100_000);
  marks.set(symbol, mark);
  const seq = seqs.get(symbol)!;
  seqs.set(symbol, seq + 1);
  return {
    type: 'MarkPriceUpdated',
    seq,
    time,
    commandId: `index-${symbol}-${seq}`,
    indexPrice: mark,
    markPrice: mark,
    premium: 0,
    basis: null,
    sampled: true,
    estimatedFundingRate: 10_000,
    lastFundingRate: 10_000,
    nextFundingTime: time + 8 * 3_600_000,
    sources: [{ name: 'bench', price: String(mark / 1e8) }],
  };
}

async function main(): Promise<void> {
  for (const symbol of symbols) await ports.symbols.record(SYMBOL_PRESETS[symbol]!, 1);
  // Set-up: funded flat accounts in the store, then the opening history through the shard.
  const setupStart = Date.now();
  const walletOf = (accountId: number) => {
    // 10–30 % of the opening notional (the opening lots are drawn below from the same seed, per pair).
    let notional = 0n;
    for (const symbol of symbols) {
      const instrument = instruments.get(symbol)!;
      notional += notionalOf(
        instrument,
        Math.round(basePrice[symbol]! / instrument.unitsPerTick),
        openingLots[symbol]![accountId]!,
      );
    }
    return (notional * BigInt(10 + random(21))) / 100n + 10n * USDT;
  };
  const openingLots: Record<string, number[]> = {};
  for (const symbol of symbols) {
    const lots: number[] = [];
    for (let id = 1; id + 1 <= ACCOUNTS; id += 2) {
      const n = 1 + random(maxLots[symbol]!);
      lots[id] = n;
      lots[id + 1] = n;
    }
    openingLots[symbol] = lots;
  }
  for (let id = 1; id <= ACCOUNTS; id++) {
    const state: AccountState = { ...openedAccount(id), version: 1, walletBalance: walletOf(id) };
    await ports.accountStore.append(id, [{ type: 'AccountOpened', accountId: id }], state);
  }
  for (const symbol of symbols) {
    // The symbol's index (so its mark) comes first, as on the exchange: a trade before any mark would count as
    // the symbol's price and evaluate every holder.
    await shard.apply(symbol, [markUpdate(symbol)]);
    for (let id = 1; id + 1 <= ACCOUNTS; id += 2) {
      const [buyer, seller] = random(2) === 0 ? [id, id + 1] : [id + 1, id];
      await shard.apply(symbol, [trade(symbol, buyer, seller, openingLots[symbol]![id]!)]);
    }
  }
  const setupMs = Date.now() - setupStart;
  const heapAfterSetup = heapMb();

  /** One simulated second: per symbol a mark update, then its third of the fills. */
  async function second(): Promise<number> {
    time += 1_000;
    let fills = 0;
    for (const [i, symbol] of symbols.entries()) {
      await shard.apply(symbol, [markUpdate(symbol)]);
      const share = Math.floor(FILLS_PER_SECOND / 3) + (i < FILLS_PER_SECOND % 3 ? 1 : 0);
      for (let k = 0; k < share; k++) {
        const buyer = 1 + random(ACCOUNTS);
        let seller = 1 + random(ACCOUNTS);
        if (seller === buyer) seller = (seller % ACCOUNTS) + 1;
        await shard.apply(symbol, [trade(symbol, buyer, seller, 1 + random(5))]);
        fills++;
      }
    }
    return fills;
  }

  // The peer: the pure loop of bench/risk.bench.ts on the shard's own account states.
  let sink = 0;
  function peerRound(evaluations: number): number {
    const states = new Map<number, AccountState>();
    for (const symbol of symbols)
      for (const state of shard.holdersOf(symbol)) states.set(state.accountId, state);
    const accounts = [...states.values()];
    const lookup = { get: (s: string) => instruments.get(s) };
    const peerMarks = new Map<string, ValuationPrice>();
    const markOf = (s: string) => peerMarks.get(s);
    for (const symbol of symbols) peerMarks.set(symbol, markPrice(marks.get(symbol)!));
    const start = process.hrtime.bigint();
    let done = 0;
    for (let s = 0; done < evaluations; s = (s + 1) % symbols.length) {
      const symbol = symbols[s]!;
      peerMarks.set(symbol, markPrice(marks.get(symbol)! + random(3) - 1));
      for (const account of accounts) {
        const risk = accountRisk(account, lookup, markOf);
        if (nextLiquidationStep(risk, false).type !== 'Safe') sink++;
        if (++done >= evaluations) break;
      }
    }
    return done / (Number(process.hrtime.bigint() - start) / 1e9);
  }

  const commandsBefore = () =>
    ports.commands.shardIds.reduce((n, id) => n + ports.commands.recordsOf(id).length, 0);
  const results = {
    factor: [] as number[],
    evaluations: [] as number[],
    fills: [] as number[],
    peer: [] as number[],
  };
  const perSecond: number[] = [];
  await second(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    gc?.();
    const evaluationsBefore = shard.evaluations;
    let fills = 0;
    const start = process.hrtime.bigint();
    for (let s = 0; s < SECONDS; s++) fills += await second();
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    const evaluations = shard.evaluations - evaluationsBefore;
    results.factor.push(SECONDS / wall);
    results.evaluations.push(evaluations / wall);
    results.fills.push(fills / wall);
    perSecond.push(evaluations / SECONDS);
    gc?.();
    results.peer.push(peerRound(evaluations));
  }
  const heapAfterRun = heapMb();
  // Settlement was exact: the shard's positions are the bench's own, and its holders are the non-flat ones.
  let mismatches = 0;
  for (const symbol of symbols) {
    const own = positions.get(symbol)!;
    let held = 0;
    for (const state of shard.holdersOf(symbol)) {
      held++;
      const mine = own[state.accountId] ?? FLAT;
      const theirs = state.positions[symbol] ?? FLAT;
      if (mine.size !== theirs.size || mine.entryNotional !== theirs.entryNotional) mismatches++;
    }
    mismatches += Math.abs(own.filter((p) => p !== undefined && p.size !== 0).length - held);
  }

  const shardRate = median(results.evaluations);
  const peerRate = median(results.peer);
  const evaluationsPerSimSecond = median(perSecond);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `${fmt(ACCOUNTS)} accounts × 3 symbols (${fmt(shard.accountsKnown)} in the shard; holders ${symbols
      .map((s) => fmt([...shard.holdersOf(s)].length))
      .join(
        ' / ',
      )}), ${ROUNDS} rounds of ${SECONDS} simulated s: 1 mark/symbol/s + ${fmt(FILLS_PER_SECOND)} fills/s (medians)`,
  );
  console.log(
    `  set-up (store writes + ${fmt((ACCOUNTS >> 1) * 3)} opening trades settled by the shard) ${setupMs} ms`,
  );
  console.log(
    `  real-time factor (simulated s per wall s; > 1 keeps up)   ${median(results.factor).toFixed(2)}`,
  );
  console.log(
    `  RiskShard.apply evaluations/s                             ${fmt(shardRate)} (${fmt(evaluationsPerSimSecond)} per simulated s)`,
  );
  console.log(`  fills/s settled                                           ${fmt(median(results.fills))}`);
  console.log(`  peer: pure evaluation loop (bench/risk.bench.ts)          ${fmt(peerRate)} evaluations/s`);
  console.log(
    `  ratio shard / peer                                        ${(shardRate / peerRate).toFixed(2)}`,
  );
  console.log(
    `  peer's real-time factor at the same evaluations           ${(peerRate / evaluationsPerSimSecond).toFixed(2)}`,
  );
  console.log(`  positions the shard holds that differ from the bench's own: ${mismatches}`);
  console.log(
    `  margin calls ${margined.marginCalls}, liquidation commands ${commandsBefore()} (sink ${sink % 10})`,
  );
  console.log(
    `  heap used ${heapAfterSetup} MB after set-up, ${heapAfterRun} MB after the run${gc === undefined ? ' (no --expose-gc: not collected first)' : ''}`,
  );
  console.log(`  ${execSync('uptime').toString().trim()} (2 cores, shared)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
