/**
 * `npm run bench:conditional`: what waiting conditional orders cost the engine.
 *
 * One index price (UpdateIndexPrice: the mark, its samples, and the check for reached triggers) that reaches no
 * trigger, on the same book, with no conditional orders waiting (the peer) and with BENCH_ALGO_ORDERS (default
 * 100,000) waiting: stops and take-profits on the mark and on the last price, on both sides, every trigger away
 * from the price. The ratio must stay near 1: a price that reaches nothing looks at the nearest trigger of each of
 * the four ladders only (docs/matching-semantics.md, Conditional orders). The two engines alternate in rounds so
 * that both see the same machine.
 *
 * Environment (optional): BENCH_ALGO_ORDERS, BENCH_UPDATES (timed index prices per round, default 20,000),
 * BENCH_ROUNDS (default 7).
 */
import { envInt } from './env';
import { markUpdateCost } from './markUpdateCost';

const ALGO_ORDERS = envInt('BENCH_ALGO_ORDERS', 100_000);
const UPDATES = envInt('BENCH_UPDATES', 20_000);
const ROUNDS = envInt('BENCH_ROUNDS', 7);

const { peerNs: p, loadedNs: l, ratio } = markUpdateCost(ALGO_ORDERS, UPDATES, ROUNDS);
console.log(`index price, no conditional orders waiting:         ${p.toFixed(0)} ns`);
console.log(
  `index price, ${ALGO_ORDERS.toLocaleString('en')} conditional orders waiting:  ${l.toFixed(0)} ns`,
);
console.log(`ratio (target ≤ 1.5):                                ${ratio.toFixed(2)}`);
