import type { OrderBook } from '../book/orderBook';
import { roundDiv } from '../numbers/decimal';
import { RATE_ONE } from '../numbers/money';
import type { Side } from '../orders/order';
import type { Instrument } from '../symbol/instrument';

/**
 * The premium index (Binance): how far the price of trading a meaningful size in the book stands from the index,
 *
 *   premium = [max(0, impact bid − index) − max(0, index − impact ask)] / index
 *
 * where the impact bid (ask) price is the average price at which the impact margin notional would sell into the
 * bids (buy from the asks). Exact: the impact prices are fractions and the premium is rounded once, to 10^-8.
 *
 * Thin book: a side that cannot absorb the whole impact notional (or is empty) has no impact price and adds
 * nothing to the premium, so one small order at an absurd price cannot set it. Walking a side stops as soon as
 * the notional is filled: its cost is bounded by the impact notional over the smallest level notional, not by
 * the size of the book (at a realistic top of book, a handful of levels).
 */
export function premiumIndex(book: OrderBook, instrument: Instrument, index: number): number {
  const bid = impactPrice(book, instrument, 'BUY');
  const indexUnits = BigInt(index);
  if (bid !== undefined && bid.num > indexUnits * bid.den) {
    return Number(roundDiv((bid.num - indexUnits * bid.den) * RATE_ONE, bid.den * indexUnits));
  }
  const ask = impactPrice(book, instrument, 'SELL');
  if (ask !== undefined && ask.num < indexUnits * ask.den) {
    return Number(roundDiv((ask.num - indexUnits * ask.den) * RATE_ONE, ask.den * indexUnits));
  }
  return 0;
}

/** A price in index units (10^-8 USDT per base unit) as the fraction num / den. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * The average price of filling the impact notional N against one side (bids for the impact bid, asks for the
 * impact ask), or undefined if the side holds less. With levels (pᵢ ticks, qᵢ lots) filled whole before level k
 * and the rest r of N taken at p_k, the lots filled are Σqᵢ + r / (p_k·m) (m: money per tick·lot), so
 *
 *   average (ticks) = N / (m · lots) = N · p_k / (m · p_k · Σqᵢ + r)
 */
export function impactPrice(book: OrderBook, instrument: Instrument, side: Side): Fraction | undefined {
  const ladder = book.ladder(side);
  const notional = instrument.futures.impactMarginNotional;
  const m = instrument.moneyPerTickLot;
  let filledNotional = 0n;
  let filledLots = 0n;
  for (let depth = 0; ; depth++) {
    const level = ladder.atDepth(depth);
    if (level === undefined) return undefined;
    const price = BigInt(level.price);
    const lots = BigInt(level.quantity);
    const levelNotional = price * lots * m;
    const rest = notional - filledNotional;
    if (levelNotional >= rest) {
      return { num: notional * price * BigInt(instrument.unitsPerTick), den: m * price * filledLots + rest };
    }
    filledNotional += levelNotional;
    filledLots += lots;
  }
}
