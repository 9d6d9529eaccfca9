import { depthChanges } from '../marketData/depthChanges';
import type { Side } from '../orders/order';
import type { ReadModelFold } from './readModelFold';

/** The aggregated book of a symbol as of an event: quantity (lots) by price (ticks) per side. */
export interface DepthState {
  readonly lastUpdateId: number;
  readonly time: number;
  readonly bids: ReadonlyMap<number, number>;
  readonly asks: ReadonlyMap<number, number>;
}

/** Levels a depth head carries per side: the deepest REST depth (limit=1000) and every stream read one item. */
export const HEAD_LEVELS = 1_000;

/**
 * The depth model's items: each level (quantity 0 = gone), and the head, which carries the update id, its time
 * and the best HEAD_LEVELS of each side, best first, so a reader of the top of the book reads one item.
 */
export type DepthItem =
  | {
      readonly kind: 'level';
      readonly side: Side;
      readonly price: number;
      readonly quantity: number;
      readonly lastSeq: number;
    }
  | {
      readonly kind: 'head';
      readonly lastUpdateId: number;
      readonly time: number;
      readonly bids: readonly [number, number][];
      readonly asks: readonly [number, number][];
    };

export const EMPTY_DEPTH: DepthState = { lastUpdateId: 0, time: 0, bids: new Map(), asks: new Map() };

/** The best `limit` levels of a side, best first. */
export function bestLevels(
  side: ReadonlyMap<number, number>,
  buy: boolean,
  limit: number,
): [number, number][] {
  return [...side].sort((a, b) => (buy ? b[0] - a[0] : a[0] - b[0])).slice(0, limit);
}

/**
 * The book as a fold: every event after the state's lastUpdateId moves it there; level quantities are absolute,
 * so folding a half-written batch again writes the same levels.
 */
export const depthFold: ReadModelFold<DepthState, DepthItem> = {
  initial: EMPTY_DEPTH,
  evolve: (state, event, instrument) => depthFold.evolveAll!(state, [event], instrument),
  evolveAll(state, events) {
    const fresh = events.filter((e) => e.seq > state.lastUpdateId);
    const last = fresh[fresh.length - 1];
    if (last === undefined) return state;
    const changes = depthChanges(fresh);
    let bids = state.bids;
    let asks = state.asks;
    if (changes.some((c) => c.side === 'BUY')) bids = new Map(bids);
    if (changes.some((c) => c.side === 'SELL')) asks = new Map(asks);
    for (const change of changes) {
      const side = (change.side === 'BUY' ? bids : asks) as Map<number, number>;
      if (change.quantity === 0) side.delete(change.price);
      else side.set(change.price, change.quantity);
    }
    return { lastUpdateId: last.seq, time: last.time, bids, asks };
  },
  changes(before, after) {
    if (after.lastUpdateId === before.lastUpdateId) return [];
    const items: DepthItem[] = [
      ...changedLevels('BUY', before.bids, after.bids, after.lastUpdateId),
      ...changedLevels('SELL', before.asks, after.asks, after.lastUpdateId),
    ];
    items.push({
      kind: 'head',
      lastUpdateId: after.lastUpdateId,
      time: after.time,
      bids: bestLevels(after.bids, true, HEAD_LEVELS),
      asks: bestLevels(after.asks, false, HEAD_LEVELS),
    });
    return items;
  },
  retain: (state) => state,
};

function changedLevels(
  side: Side,
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
  lastSeq: number,
): DepthItem[] {
  if (before === after) return [];
  const items: DepthItem[] = [];
  for (const [price, quantity] of after)
    if (before.get(price) !== quantity) items.push({ kind: 'level', side, price, quantity, lastSeq });
  for (const price of before.keys())
    if (!after.has(price)) items.push({ kind: 'level', side, price, quantity: 0, lastSeq });
  return items;
}
