import { Rejections, withDetail } from '../../core/errors';
import { MAX_GOOD_TILL_DATE, type TimeInForce } from '../../core/orders/order';
import { Rejected } from '../rejected';

/** Binance: a goodTillDate must lie more than 600 s ahead of the time the request is handled. */
export const MIN_GOOD_TILL_DATE_AHEAD_MS = 600_000;

/**
 * The goodTillDate an order (plain or conditional) is placed with, as Binance reads it: mandatory with GTD (-1102),
 * not wanted without (-1106, unless 0), kept to the second (the milliseconds are dropped), and then more than 600 s
 * after `now` and at most 253402300799000, 9999-12-31 23:59:59 UTC (-5040). Undefined when the order has none.
 */
export function goodTillDateOf(
  timeInForce: TimeInForce | undefined,
  goodTillDate: number | undefined,
  now: number,
): number | undefined {
  if (timeInForce !== 'GTD') {
    if (goodTillDate !== undefined && goodTillDate !== 0)
      throw new Rejected(withDetail(Rejections.paramNotRequired, 'goodTillDate'));
    return undefined;
  }
  if (goodTillDate === undefined) throw new Rejected(withDetail(Rejections.mandatoryParam, 'goodTillDate'));
  const seconds = Math.floor(goodTillDate / 1000) * 1000;
  if (seconds <= now + MIN_GOOD_TILL_DATE_AHEAD_MS || seconds > MAX_GOOD_TILL_DATE)
    throw new Rejected(Rejections.goodTillDateOutOfRange);
  return seconds;
}
