// Risk service evaluations: 100,000 accounts each holding positions in 3 symbols, every account of a symbol
// evaluated on each mark update of that symbol (what RiskShard does: O(holders) per mark, O(positions) per
// account). The peer is the account summary the ingress computes on every order (marginSummary): the same
// valuation without the maintenance margin, margin ratio and liquidation step. Prints evaluations/s and the ratio.
//
//   npx tsx bench/risk.bench.ts [accounts=100000] [rounds=5]

import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import { type AccountState, openedAccount } from '../core/accounts/account';
import { marginSummary } from '../core/accounts/margin';
import type { Position } from '../core/position/position';
import { accountRisk } from '../core/risk/accountRisk';
import { nextLiquidationStep } from '../core/risk/liquidationPlan';
import { liquidationPrice } from '../core/risk/liquidationPrice';
import { compileInstrument, type Instrument } from '../core/symbol/instrument';
import { markPrice, type ValuationPrice } from '../core/symbol/valuation';

const ACCOUNTS = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const USDT = 100_000_000n;
const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const instruments = new Map<string, Instrument>(
  symbols.map((s) => [s, compileInstrument(SYMBOL_PRESETS[s]!)]),
);
const basePrice: Record<string, number> = { BTCUSDT: 64_000, ETHUSDT: 3_000, SOLUSDT: 150 };

let seed = 7;
const random = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
};

const accounts: AccountState[] = [];
for (let id = 1; id <= ACCOUNTS; id++) {
  const positions: Record<string, Position> = {};
  for (const symbol of symbols) {
    const lots = (1 + random(200)) * (random(2) === 0 ? 1 : -1);
    const instrument = instruments.get(symbol)!;
    const entry = BigInt(basePrice[symbol]! * (95 + random(10))) / 100n;
    const coins = BigInt(Math.abs(lots)) * instrument.stepUnits;
    positions[symbol] = {
      size: lots,
      entryNotional: (coins * entry * USDT) / 10n ** BigInt(instrument.stepDecimals),
      realizedPnl: 0n,
    };
  }
  accounts.push({ ...openedAccount(id), walletBalance: BigInt(100 + random(5_000)) * USDT, positions });
}
const lookup = { get: (s: string) => instruments.get(s) };
const marks = new Map<string, ValuationPrice>();
const markOf = (s: string) => marks.get(s);

function round(evaluate: (account: AccountState) => void): number {
  const start = process.hrtime.bigint();
  let evaluations = 0;
  for (const symbol of symbols) {
    // One mark update of the symbol: every holder (here every account) is evaluated.
    marks.set(symbol, markPrice(basePrice[symbol]! * (90 + random(20)) * 1_000_000));
    for (const account of accounts) {
      evaluate(account);
      evaluations++;
    }
  }
  return evaluations / (Number(process.hrtime.bigint() - start) / 1e9);
}

let sink = 0;
const riskEvaluation = (account: AccountState) => {
  const risk = accountRisk(account, lookup, markOf);
  if (nextLiquidationStep(risk, false).type !== 'Safe') sink++;
};
const peer = (account: AccountState) => {
  if (marginSummary(account, lookup, markOf).availableBalance < 0n) sink++;
};
const withLiquidationPrices = (account: AccountState) => {
  const risk = accountRisk(account, lookup, markOf);
  for (const symbol of symbols) sink += Number(liquidationPrice(risk, symbol) & 1n);
};

const results: Record<string, number[]> = { risk: [], peer: [], liquidationPrices: [] };
round(riskEvaluation);
round(peer);
for (let i = 0; i < ROUNDS; i++) {
  results.risk!.push(round(riskEvaluation));
  results.peer!.push(round(peer));
  results.liquidationPrices!.push(round(withLiquidationPrices));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const risk = median(results.risk!);
const peerRate = median(results.peer!);
const prices = median(results.liquidationPrices!);
console.log(`${ACCOUNTS} accounts × 3 positions, ${ROUNDS} rounds of one mark update per symbol (medians):`);
console.log(
  `  risk evaluation (trigger, ratio, next step)   ${Math.round(risk).toLocaleString()} evaluations/s`,
);
console.log(
  `  peer: marginSummary (ingress valuation)       ${Math.round(peerRate).toLocaleString()} evaluations/s`,
);
console.log(`  ratio risk / peer                             ${(risk / peerRate).toFixed(2)}`);
console.log(
  `  with 3 liquidation prices (positionRisk)      ${Math.round(prices).toLocaleString()} accounts/s`,
);
console.log(
  `  at 1 mark/s/symbol: ${((3 * ACCOUNTS) / risk).toFixed(2)} s of one core per second for ${ACCOUNTS} accounts (sink ${sink % 10})`,
);
