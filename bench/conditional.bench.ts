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
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import type { EngineCommand } from '../core/engine/commands';
import { MatchingEngine } from '../core/engine/matchingEngine';
import type { AlgoOrderType, WorkingType } from '../core/orders/algoOrder';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { envInt } from './env';
import { median } from './median';

const ALGO_ORDERS = envInt('BENCH_ALGO_ORDERS', 100_000);
const UPDATES = envInt('BENCH_UPDATES', 20_000);
const ROUNDS = envInt('BENCH_ROUNDS', 7);
const SPEC: SymbolSpec = {
  ...SYMBOL_PRESETS.BTCUSDT!,
  maxNumOrders: 1_000_000_000,
  maxNumAlgoOrders: 1_000_000_000,
  minNotional: '5',
};
const T0 = 1_750_003_200_000;
const MID = 650_000; // 65,000.0 in ticks

let commands = 0;
let nextId = 1;
const header = (time: number) => ({ commandId: `c${++commands}`, time });

function engineWith(algoOrders: number): MatchingEngine {
  const engine = MatchingEngine.create(SPEC.symbol, { expectedOrders: 4096 });
  engine.execute({ type: 'ListSymbol', ...header(T0), spec: SPEC });
  const place = (
    accountId: number,
    side: 'BUY' | 'SELL',
    price: number,
    quantity: number,
  ): EngineCommand => ({
    type: 'PlaceOrder',
    ...header(T0),
    order: {
      orderId: nextId++,
      accountId,
      clientOrderId: `o${nextId}`,
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity,
      reduceOnly: false,
      selfTradePreventionMode: 'NONE',
    },
  });
  for (let i = 0; i < 500; i++) {
    engine.execute(place(1, 'BUY', MID - 1 - i, 10));
    engine.execute(place(2, 'SELL', MID + 1 + i, 10));
  }
  // A last price at the mid.
  engine.execute(place(3, 'SELL', MID, 1));
  engine.execute(place(4, 'BUY', MID, 1));
  engine.execute({ type: 'UpdateIndexPrice', ...header(T0), price: '65000', sources: [] });
  const types: AlgoOrderType[] = ['STOP_MARKET', 'TAKE_PROFIT_MARKET', 'STOP', 'TAKE_PROFIT'];
  for (let i = 0; i < algoOrders; i++) {
    const type = types[i % 4]!;
    const side = (i >> 2) % 2 === 0 ? 'BUY' : 'SELL';
    const stop = type.startsWith('STOP');
    const rises = stop === (side === 'BUY');
    // 5 % to 25 % away from the mid, spread over many levels.
    const away = Math.round(MID * (0.05 + ((i * 7919) % 1000) / 5000));
    const trigger = rises ? MID + away : MID - away;
    const working: WorkingType = i % 3 === 0 ? 'CONTRACT_PRICE' : 'MARK_PRICE';
    const result = engine.execute({
      type: 'PlaceAlgoOrder',
      ...header(T0),
      order: {
        algoId: nextId++,
        orderId: nextId++,
        accountId: 1000 + (i % 10_000),
        clientAlgoId: `a${i}`,
        side,
        type,
        timeInForce: 'GTC',
        price: type === 'STOP' || type === 'TAKE_PROFIT' ? trigger : 0,
        triggerPrice: trigger,
        quantity: 1,
        workingType: working,
        priceProtect: false,
        closePosition: false,
        reduceOnly: false,
        selfTradePreventionMode: 'NONE',
        goodTillDate: 0,
        activationPrice: 0,
        callbackRate: 0,
      },
    });
    if (result[0]?.type !== 'AlgoOrderPlaced') throw new Error(`not placed: ${JSON.stringify(result[0])}`);
  }
  return engine;
}

/** Nanoseconds per index price that reaches nothing: prices wander ±1 USDT around the mid. */
function timeUpdates(engine: MatchingEngine, round: number): number {
  const base = T0 + 1_000 * (1 + round * UPDATES);
  const start = process.hrtime.bigint();
  for (let i = 0; i < UPDATES; i++) {
    const price = (65_000 + ((i % 3) - 1)).toString();
    const events = engine.execute({ type: 'UpdateIndexPrice', ...header(base + i), price, sources: [] });
    if (events.length !== 1) throw new Error('an index price reached a trigger');
  }
  return Number(process.hrtime.bigint() - start) / UPDATES;
}

const peer = engineWith(0);
const loaded = engineWith(ALGO_ORDERS);
const peerTimes: number[] = [];
const loadedTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  peerTimes.push(timeUpdates(peer, round));
  loadedTimes.push(timeUpdates(loaded, round));
}
const p = median(peerTimes.slice(1));
const l = median(loadedTimes.slice(1));
console.log(`index price, no conditional orders waiting:         ${p.toFixed(0)} ns`);
console.log(
  `index price, ${ALGO_ORDERS.toLocaleString('en')} conditional orders waiting:  ${l.toFixed(0)} ns`,
);
console.log(`ratio (target ≤ 1.5):                                ${(l / p).toFixed(2)}`);
