import type { Side } from '../orders/order';
import { reducibleLots } from '../position/position';
import type { Decision } from './decision';
import { expireMaker } from './matching';
import { type EngineState, positionOf } from './state';

/**
 * Reduce-only orders must only ever reduce. Binance keeps that true at every moment: a new reduce-only order
 * is cut down to what its account's position still leaves after the reduce-only orders ahead of it, and when a
 * position shrinks, closes or flips, the resting reduce-only orders that would now over-close it are knocked
 * out (expired), lowest priority first.
 */

/** The account's resting reduce-only orders on a side, in the order they would fill: best price, then oldest. */
function reduceOnlySlots(state: EngineState, accountId: number, side: Side): number[] {
  const orders = state.book.orders;
  const slots = state.book
    .slotsOfAccount(accountId)
    .filter((s) => orders.isReduceOnly(s) && orders.side(s) === side);
  return slots.sort((a, b) => {
    const pa = orders.priceOf(a);
    const pb = orders.priceOf(b);
    if (pa !== pb) return side === 'SELL' ? pa - pb : pb - pa;
    return orders.orderIdOf(a) - orders.orderIdOf(b);
  });
}

/** Lots a new reduce-only order on `side` at `price` may have: the position left after better-placed ones. */
export function reduceOnlyAllowance(
  state: EngineState,
  accountId: number,
  side: Side,
  price: number,
): number {
  let allowance = reducibleLots(positionOf(state, accountId), side);
  if (allowance === 0 || state.book.reduceOnlyCount(accountId) === 0) return allowance;
  const orders = state.book.orders;
  for (const slot of reduceOnlySlots(state, accountId, side)) {
    const p = orders.priceOf(slot);
    const ahead = side === 'SELL' ? p <= price : p >= price;
    if (ahead) allowance -= orders.remainingOf(slot);
  }
  return Math.max(0, allowance);
}

/** Expires the reduce-only orders of these accounts that their positions no longer cover. */
export function knockOutReduceOnly(d: Decision, accountIds: Iterable<number>): void {
  const state = d.state;
  const book = state.book;
  if (book.reduceOnlyTotal === 0) return;
  for (const accountId of [...accountIds].sort((a, b) => a - b)) {
    if (book.reduceOnlyCount(accountId) === 0) continue;
    for (const side of ['BUY', 'SELL'] as const) {
      let allowance = reducibleLots(positionOf(state, accountId), side);
      for (const slot of reduceOnlySlots(state, accountId, side)) {
        const remaining = book.orders.remainingOf(slot);
        if (remaining <= allowance) {
          allowance -= remaining;
        } else {
          expireMaker(d, slot, 'REDUCE_ONLY', book.levelQuantityOf(slot) - remaining);
        }
      }
    }
  }
}
