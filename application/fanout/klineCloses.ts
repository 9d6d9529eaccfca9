import { type CandleState, candleKey } from '../../core/projections/candleFold';
import type { Candle } from '../../core/projections/candles';
import { bucketClose, type KlineInterval } from '../../core/projections/intervals';

/** The candles a fan-out remembers having pushed open: the current one per symbol and interval. */
const SYMBOLS_KEPT = 2_000;

/**
 * Binance pushes a kline one last time when its interval ends, with `x: true`, and bots act on that frame. The
 * fan-out runs on the log's events, not on a clock, so it pushes each candle it pushed open a last time, closed,
 * at the symbol's first run after the candle's close time: within a second under an index feed (an index update
 * is a run), and with the trade that opens the next candle at the latest. The closed frame carries the candle as
 * the fan-out's own kline fold holds it, which is exact up to the run (it catches up from the log after a gap), so
 * a container that did not push the last updates still closes it right; two containers may each push it closed
 * once, which a client keyed by open time takes as the same candle.
 */
export class KlineCloses {
  /** Per symbol, per interval, the open time of the candle pushed open and not yet closed. */
  private readonly open = new Map<string, Map<KlineInterval, number>>();

  /** A candle was pushed; open if its interval had not ended at `now`. */
  pushed(symbol: string, interval: KlineInterval, candle: Candle, now: number): void {
    const intervals = this.open.get(symbol) ?? new Map<KlineInterval, number>();
    if (candle.closeTime < now) {
      if (intervals.get(interval) === candle.openTime) intervals.delete(interval);
    } else if ((intervals.get(interval) ?? Number.NEGATIVE_INFINITY) <= candle.openTime) {
      intervals.set(interval, candle.openTime);
    }
    this.open.delete(symbol);
    if (intervals.size > 0) this.open.set(symbol, intervals);
    if (this.open.size > SYMBOLS_KEPT) this.open.delete(this.open.keys().next().value!);
  }

  /** Whether a candle of the symbol pushed open has ended by `now` (its kline streams have a message). */
  anyDue(symbol: string, now: number): boolean {
    for (const [interval, openTime] of this.open.get(symbol) ?? [])
      if (bucketClose(interval, openTime) < now) return true;
    return false;
  }

  /**
   * The candles pushed open that have ended by `now`, as the fold holds them, each once: after this they are no
   * longer open. One the fold no longer holds is forgotten.
   */
  due(symbol: string, folded: CandleState, now: number): { interval: KlineInterval; candle: Candle }[] {
    const intervals = this.open.get(symbol);
    if (intervals === undefined) return [];
    const found: { interval: KlineInterval; candle: Candle }[] = [];
    for (const [interval, openTime] of intervals) {
      const candle = folded.candles.get(candleKey(interval, openTime));
      if (candle == null) {
        intervals.delete(interval);
        continue;
      }
      if (candle.closeTime >= now) continue;
      found.push({ interval, candle });
      intervals.delete(interval);
    }
    if (intervals.size === 0) this.open.delete(symbol);
    return found;
  }
}
