/**
 * The conditional mix of `npm run bench`: the plain mix's operations (the narrow workload) with one conditional-order
 * command after every nine of them, so that 10 % of the commands are conditional, over a book that also holds
 * 100,000 untriggered conditional orders far from the price (half on the mark, half on the last price). Of the
 * conditional commands, six in ten place a stop or take-profit (market or limit kind; one in twenty a trailing
 * stop, 0.1 % callback) a few ticks from the last trade, so that the price's wandering triggers many of them into the book; four in ten cancel
 * an earlier one (a miss, -2011, once it has triggered). Measured against the plain mix in the same run, rounds
 * alternating: the ratio is what conditional orders cost the engine's throughput.
 */
import type { EngineCommand } from '../core/engine/commands';
import { MatchingEngine } from '../core/engine/matchingEngine';
import type { AlgoOrderType, NewAlgoOrder, WorkingType } from '../core/orders/algoOrder';
import type { Side } from '../core/orders/order';
import { BENCH_SPEC, commandFor } from './benchSymbol';
import { collectGarbage } from './heap';
import { median } from './median';
import { mulberry32, type Workload } from './workload';

const SPEC = { ...BENCH_SPEC, maxNumAlgoOrders: 1_000_000_000 };
const BASE_TIME = 1_750_000_000_000;
/** Conditional orders' ids start far above the workload's order ids. */
const FIRST_ALGO_ID = 1_000_000_000;
const NEAR_TYPES: readonly AlgoOrderType[] = ['STOP_MARKET', 'TAKE_PROFIT_MARKET', 'STOP', 'TAKE_PROFIT'];

export interface ConditionalMixResult {
  readonly plainOps: number;
  readonly mixOps: number;
  /** Commands per second of the conditional mix over the plain mix's. */
  readonly ratio: number;
  readonly conditionalCommands: number;
  readonly triggered: number;
  readonly untriggeredAtEnd: number;
}

interface Mix {
  readonly seed: readonly EngineCommand[];
  readonly commands: readonly EngineCommand[];
  readonly conditional: number;
}

function algoOrder(
  algoId: number,
  accountId: number,
  side: Side,
  type: AlgoOrderType,
  trigger: number,
  workingType: WorkingType,
): NewAlgoOrder {
  const trailing = type === 'TRAILING_STOP_MARKET';
  return {
    algoId,
    orderId: algoId + 1,
    accountId,
    clientAlgoId: `a${algoId}`,
    side,
    type,
    timeInForce: 'GTC',
    price: type === 'STOP' || type === 'TAKE_PROFIT' ? trigger : 0,
    triggerPrice: trailing ? 0 : trigger,
    quantity: 1,
    workingType,
    priceProtect: false,
    closePosition: false,
    reduceOnly: false,
    selfTradePreventionMode: 'NONE',
    goodTillDate: 0,
    activationPrice: 0,
    callbackRate: trailing ? 1 : 0,
  };
}

/** Rising for a BUY stop and a SELL take-profit; a trailing SELL tracks a rise then triggers on the fall. */
function rises(type: AlgoOrderType, side: Side): boolean {
  return (type === 'STOP' || type === 'STOP_MARKET') === (side === 'BUY');
}

function buildMix(workload: Workload, resting: number): Mix {
  const random = mulberry32(workload.seed ^ 0xa160);
  const center = workload.shape.center;
  let nextAlgoId = FIRST_ALGO_ID;
  let index = 0;
  const header = () => ({ commandId: `m${index}`, time: BASE_TIME + (index++ >>> 10) });
  const place = (order: NewAlgoOrder): EngineCommand => ({ type: 'PlaceAlgoOrder', ...header(), order });

  const seed: EngineCommand[] = [{ type: 'ListSymbol', ...header(), spec: SPEC }];
  for (const op of workload.book) seed.push({ ...commandFor(op, index), ...header() });
  // An index price, so the waiting MARK_PRICE orders have a mark to be compared with.
  seed.push({ type: 'UpdateIndexPrice', ...header(), price: (center / 10).toFixed(1), sources: [] });
  // The untriggered: 30 % to 90 % away from the centre, beyond any price the workload reaches.
  for (let i = 0; i < resting; i++) {
    const side: Side = i % 2 === 0 ? 'BUY' : 'SELL';
    const type: AlgoOrderType = (i >> 1) % 2 === 0 ? 'STOP_MARKET' : 'TAKE_PROFIT';
    const away = Math.round(center * (0.3 + 0.6 * random()));
    const trigger = rises(type, side) ? center + away : center - away;
    const working: WorkingType = (i >> 2) % 2 === 0 ? 'MARK_PRICE' : 'CONTRACT_PRICE';
    seed.push(place(algoOrder(nextAlgoId, 2_000_000 + (i % 10_000), side, type, trigger, working)));
    nextAlgoId += 2;
  }

  const commands: EngineCommand[] = [];
  const near: number[] = [];
  let conditional = 0;
  let lastPrice = center;
  workload.ops.forEach((op, i) => {
    commands.push({ ...commandFor(op, index), ...header() });
    if (op.kind === 'limit') lastPrice = op.price;
    if (i % 9 !== 8) return;
    conditional++;
    if (near.length > 0 && random() < 0.4) {
      const at = Math.floor(random() * near.length);
      const algoId = near[at]!;
      near[at] = near[near.length - 1]!;
      near.pop();
      commands.push({ type: 'CancelAlgoOrder', ...header(), accountId: 3_000_000 + (algoId % 1000), algoId });
      return;
    }
    const side: Side = random() < 0.5 ? 'BUY' : 'SELL';
    // Active trailing stops are followed one by one on every price (docs/matching-semantics.md, Cost): one in
    // twenty places is one.
    const type =
      random() < 0.05 ? 'TRAILING_STOP_MARKET' : NEAR_TYPES[Math.floor(random() * NEAR_TYPES.length)]!;
    const ticks = 1 + Math.floor(random() * 4);
    const trigger = rises(type, side) ? lastPrice + ticks : lastPrice - ticks;
    const algoId = nextAlgoId;
    nextAlgoId += 2;
    near.push(algoId);
    commands.push(
      place(algoOrder(algoId, 3_000_000 + (algoId % 1000), side, type, trigger, 'CONTRACT_PRICE')),
    );
  });
  return { seed, commands, conditional };
}

function fresh(mix: Mix): MatchingEngine {
  const engine = MatchingEngine.create(SPEC.symbol, { expectedOrders: 65_536 });
  for (const command of mix.seed) engine.execute(command);
  return engine;
}

function timed(engine: MatchingEngine, commands: readonly EngineCommand[]): number {
  collectGarbage();
  const start = performance.now();
  for (const command of commands) engine.executeRecorded(command);
  return (commands.length / (performance.now() - start)) * 1000;
}

/**
 * Runs both mixes `rounds` times, alternating, each from a fresh engine (not timed), and returns the medians. The
 * plain mix is the same workload's commands alone, on a book without conditional orders.
 */
export function benchConditionalMix(
  workload: Workload,
  resting: number,
  rounds: number,
): ConditionalMixResult {
  const mix = buildMix(workload, resting);
  const plain: Mix = {
    seed: [
      { type: 'ListSymbol', commandId: 'list', time: BASE_TIME, spec: SPEC },
      ...workload.book.map((op, i) => commandFor(op, i)),
    ],
    commands: workload.ops.map((op, i) => commandFor(op, workload.book.length + i)),
    conditional: 0,
  };
  // One counted pass (not timed): how many triggered, and how many still wait at the end.
  const check = fresh(mix);
  let triggered = 0;
  for (const command of mix.commands)
    for (const event of check.execute(command)) if (event.type === 'AlgoOrderTriggered') triggered++;
  const untriggeredAtEnd = check.snapshot().algoOrders?.length ?? 0;

  const plainOps: number[] = [];
  const mixOps: number[] = [];
  for (let round = 0; round < rounds; round++) {
    plainOps.push(timed(fresh(plain), plain.commands));
    mixOps.push(timed(fresh(mix), mix.commands));
  }
  const p = median(plainOps);
  const m = median(mixOps);
  return {
    plainOps: p,
    mixOps: m,
    ratio: m / p,
    conditionalCommands: mix.conditional,
    triggered,
    untriggeredAtEnd,
  };
}
