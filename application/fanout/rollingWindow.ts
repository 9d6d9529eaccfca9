import type { Candle } from '../../core/projections/candles';
import { rollingWindowStart } from '../../core/projections/rollingTicker';
import type { KlineSeries } from '../ports/marketData';

/** How long the 1m candles of a symbol's 24 h window are trusted before they are read again. */
const REFRESH_MS = 60_000;

/**
 * The 1m candles of each symbol's 24 h window, kept in the fan-out process: `<s>@ticker` needs 1,440 candles,
 * far too many to read per push. Read once a minute, and kept current in between with the candles the fan-out
 * itself computes from each run (on AWS one stream shard, hence one symbol, is handled by one invocation at a
 * time; a container that did not see some runs catches up at the next refresh).
 */
export class RollingWindows {
  private readonly bySymbol = new Map<string, { candles: Map<number, Candle>; readAt: number }>();

  constructor(private readonly klines: KlineSeries) {}

  async candles(symbol: string, fresh: readonly Candle[], now: number): Promise<Candle[]> {
    let window = this.bySymbol.get(symbol);
    if (window === undefined || now - window.readAt > REFRESH_MS) {
      const stored = await this.klines.range(symbol, '1m', {
        startTime: rollingWindowStart(now),
        newest: false,
        limit: 1_440,
      });
      window = { candles: new Map(stored.map((c) => [c.openTime, c])), readAt: now };
      this.bySymbol.set(symbol, window);
    }
    for (const candle of fresh) {
      const known = window.candles.get(candle.openTime);
      if (known === undefined || known.lastSeq <= candle.lastSeq) window.candles.set(candle.openTime, candle);
    }
    const start = rollingWindowStart(now);
    for (const openTime of window.candles.keys()) if (openTime < start) window.candles.delete(openTime);
    return [...window.candles.values()];
  }
}

/** At most one push per key per interval (tickers and mark prices are pushed every second or more on Binance). */
export class Throttle {
  private readonly last = new Map<string, number>();

  due(key: string, now: number, intervalMs: number): boolean {
    const last = this.last.get(key);
    if (last !== undefined && now - last < intervalMs) return false;
    this.last.set(key, now);
    return true;
  }

  private readonly slots = new Map<string, number>();

  /**
   * At most one push per key per clock slot of `slotMs` (one per wall-clock second for `@1s` streams): updates
   * about a slot apart are each pushed, where `due`'s sliding interval would drop one that comes a little early.
   */
  oncePerSlot(key: string, now: number, slotMs: number): boolean {
    const slot = Math.floor(now / slotMs);
    if (this.slots.get(key) === slot) return false;
    this.slots.set(key, slot);
    return true;
  }
}
