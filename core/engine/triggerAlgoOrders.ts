import { inTicks, type UntriggeredOrder } from '../book/algoOrderBook';
import { Rejections } from '../errors';
import { RATE_ONE } from '../numbers/money';
import { isMarketKind, type TriggerDirection, WORKING_TYPES } from '../orders/algoOrder';
import type { NewOrder } from '../orders/order';
import { reducibleLots } from '../position/position';
import type { Decision } from './decision';
import { workingPriceOf } from './evolve';
import { placeOrder } from './placeOrder';
import { type EngineState, positionOf } from './state';

/** A conditional order whose trigger the price has reached. */
interface Reached {
  readonly entry: UntriggeredOrder;
  readonly direction: TriggerDirection;
  /** Its trigger in 10^-8 USDT per base unit, whatever its working type. */
  readonly trigger: number;
  /** The working price that reached it, in 10^-8 USDT. */
  readonly workingPrice: number;
}

/**
 * After a command moved a price (a trade, a mark), triggers the conditional orders it reached, one at a time:
 * each becomes a new order through the usual path (placeOrder: filters, STP, reduce-only), whose trades may
 * reach more (a cascade), so the reached set is looked for again after each. The order is deterministic: orders
 * triggered by a rise first, lowest trigger first; then those triggered by a fall, highest trigger first; equal
 * triggers in placement order. A price-protected order whose mark and last price have parted by more than the
 * symbol's triggerProtect waits (it stays untriggered and is looked at again after the next price).
 *
 * Cost when nothing is reached: the nearest level of four ladders and the active trailing stops.
 */
export function triggerAlgoOrders(d: Decision): void {
  const state = d.state;
  if (state.algoOrders.size === 0) return;
  // Shared and empty unless a price-protected order has to wait: the common call allocates nothing.
  let waiting: Set<number> = NONE_WAITING;
  for (;;) {
    const next = firstReached(state, waiting);
    if (next === undefined) return;
    if (next.entry.order.priceProtect && !protectionAllows(state)) {
      if (waiting === NONE_WAITING) waiting = new Set();
      waiting.add(next.entry.order.algoId);
      continue;
    }
    trigger(d, next);
  }
}

const NONE_WAITING: Set<number> = new Set();
const DIRECTIONS = ['RISING', 'FALLING'] as const;

/**
 * GTD: conditional orders whose goodTillDate has come expire, first to expire first, at the start of any command
 * at or after it (the index feed's updates, about one a second, make that timely).
 */
export function expireAlgoOrders(d: Decision): void {
  const algoOrders = d.state.algoOrders;
  for (
    let next = algoOrders.nextExpiry();
    next !== undefined && next.goodTillDate <= d.time;
    next = algoOrders.nextExpiry()
  ) {
    const entry = algoOrders.get(next.algoId)!;
    d.emit({
      type: 'AlgoOrderExpired',
      seq: d.seq,
      time: d.time,
      commandId: d.commandId,
      algoId: next.algoId,
      accountId: entry.order.accountId,
      reason: 'GTD',
    });
  }
}

function trigger(d: Decision, reached: Reached): void {
  const order = reached.entry.order;
  const state = d.state;
  // closePosition closes whatever the position is now, on the side this order reduces.
  const quantity = order.closePosition
    ? reducibleLots(positionOf(state, order.accountId), order.side)
    : order.quantity;
  d.emit({
    type: 'AlgoOrderTriggered',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    algoId: order.algoId,
    accountId: order.accountId,
    orderId: order.orderId,
    side: order.side,
    algoType: order.type,
    workingType: order.workingType,
    workingPrice: reached.workingPrice,
    quantity,
  });
  const market = isMarketKind(order.type);
  const newOrder: NewOrder = {
    orderId: order.orderId,
    accountId: order.accountId,
    clientOrderId: order.clientAlgoId,
    side: order.side,
    type: market ? 'MARKET' : 'LIMIT',
    timeInForce: market ? 'GTC' : order.timeInForce,
    price: market ? 0 : order.price,
    quantity,
    reduceOnly: order.reduceOnly || order.closePosition,
    selfTradePreventionMode: order.selfTradePreventionMode,
    // A GTD limit kind rests GTD until the same date (still ahead: the conditional order has not expired).
    ...(!market && order.timeInForce === 'GTD' ? { goodTillDate: order.goodTillDate } : {}),
  };
  if (order.closePosition && quantity === 0) {
    // Nothing left to close: the triggered order is refused as a reduce-only order with no position would be.
    d.emit({
      type: 'OrderRejected',
      seq: d.seq,
      time: d.time,
      commandId: d.commandId,
      order: newOrder,
      code: Rejections.reduceOnlyRejected.code,
      reason: Rejections.reduceOnlyRejected.msg,
    });
    return;
  }
  placeOrder(d, newOrder);
}

/** priceProtect: |mark − last| ≤ triggerProtect × mark, or no mark or no last price to compare. */
function protectionAllows(state: EngineState): boolean {
  const instrument = state.instrument!;
  const mark = state.futures.markPrice;
  if (mark === 0 || state.lastPrice === 0) return true;
  const last = BigInt(state.lastPrice) * BigInt(instrument.unitsPerTick);
  const gap = BigInt(mark) > last ? BigInt(mark) - last : last - BigInt(mark);
  return gap * RATE_ONE <= instrument.futures.triggerProtect * BigInt(mark);
}

/** The first reached order in triggering order, skipping those that wait for price protection. */
function firstReached(state: EngineState, waiting: ReadonlySet<number>): Reached | undefined {
  let best: Reached | undefined;
  const consider = (candidate: Reached) => {
    if (waiting.has(candidate.entry.order.algoId)) return;
    if (best === undefined || before(candidate, best)) best = candidate;
  };
  const instrument = state.instrument!;
  const tick = instrument.unitsPerTick;
  const algoOrders = state.algoOrders;
  for (const working of WORKING_TYPES) {
    const price = workingPriceOf(state, working);
    if (price === undefined) continue;
    const units = working === 'MARK_PRICE' ? price : price * tick;
    for (const direction of DIRECTIONS) {
      const ladder = algoOrders.triggers[working][direction];
      const threshold = inTicks(price, direction, working, tick);
      for (let depth = 0; ; depth++) {
        const level = ladder.atDepth(depth);
        if (level === undefined || !ladder.reaches(level, threshold)) break;
        // Within a level, the first not waiting is the only candidate (placement order).
        const algoId = waiting.size === 0 ? level.algoIds[0] : level.algoIds.find((id) => !waiting.has(id));
        if (algoId !== undefined) {
          consider({
            entry: algoOrders.get(algoId)!,
            direction,
            trigger: level.price * tick,
            workingPrice: units,
          });
          break;
        }
      }
    }
    if (!algoOrders.trailingReachable(working, price)) continue;
    for (const algoId of algoOrders.trailing[working]) {
      const entry = algoOrders.get(algoId)!;
      const at = entry.trigger;
      // A SELL trailing stop triggers on a fall back to its trigger, a BUY on a rise.
      const direction: TriggerDirection = entry.order.side === 'SELL' ? 'FALLING' : 'RISING';
      const reached = direction === 'FALLING' ? price <= at : price >= at;
      if (reached) {
        const trigger = working === 'MARK_PRICE' ? at : at * tick;
        consider({ entry, direction, trigger, workingPrice: units });
      }
    }
  }
  return best;
}

/** Rises before falls; a rise's lower trigger first, a fall's higher; then placement order. */
function before(a: Reached, b: Reached): boolean {
  if (a.direction !== b.direction) return a.direction === 'RISING';
  if (a.trigger !== b.trigger)
    return a.direction === 'RISING' ? a.trigger < b.trigger : a.trigger > b.trigger;
  return a.entry.placedSeq < b.entry.placedSeq;
}
