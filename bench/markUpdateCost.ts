/**
 * What waiting conditional orders cost an index price that reaches none of them: the same book with no conditional
 * order waiting (the peer) and with `algoOrders` waiting (stops and take-profits on the mark and on the last price,
 * both sides, every trigger 5 % to 25 % from the price), the two engines alternating in rounds so that both see the
 * same machine. Used by `npm run bench` and `npm run bench:conditional`.
 */
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import type { EngineCommand } from '../core/engine/commands';
import { MatchingEngine } from '../core/engine/matchingEngine';
import type { AlgoOrderType, WorkingType } from '../core/orders/algoOrder';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { gtcLimit } from './benchSymbol';
import { median } from './median';

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
  const place = (accountId: number, side: 'BUY' | 'SELL', price: number, quantity: number): EngineCommand =>
    gtcLimit(header(T0), { orderId: nextId++, accountId, side, price, quantity });
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
function timeUpdates(engine: MatchingEngine, round: number, updates: number): number {
  const base = T0 + 1_000 * (1 + round * updates);
  const start = process.hrtime.bigint();
  for (let i = 0; i < updates; i++) {
    const price = (65_000 + ((i % 3) - 1)).toString();
    const events = engine.execute({ type: 'UpdateIndexPrice', ...header(base + i), price, sources: [] });
    if (events.length !== 1) throw new Error('an index price reached a trigger');
  }
  return Number(process.hrtime.bigint() - start) / updates;
}

export interface MarkUpdateCost {
  /** Nanoseconds per index price, median of the rounds after the first. */
  readonly peerNs: number;
  readonly loadedNs: number;
  readonly ratio: number;
}

export function markUpdateCost(algoOrders: number, updates: number, rounds: number): MarkUpdateCost {
  const peer = engineWith(0);
  const loaded = engineWith(algoOrders);
  const peerTimes: number[] = [];
  const loadedTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    peerTimes.push(timeUpdates(peer, round, updates));
    loadedTimes.push(timeUpdates(loaded, round, updates));
  }
  const peerNs = median(peerTimes.slice(1));
  const loadedNs = median(loadedTimes.slice(1));
  return { peerNs, loadedNs, ratio: loadedNs / peerNs };
}
