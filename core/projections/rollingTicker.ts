import type { Money } from '../numbers/money';
import type { Candle } from './candles';
import { bucketOpen, DAY_MS, MINUTE_MS } from './intervals';

/**
 * The 24 h rolling statistics of GET /fapi/v1/ticker/24hr and `<s>@ticker`, from 1m candles: the window is the
 * 1,440 one-minute buckets ending with the current one, so it moves by whole minutes (Binance's moves by
 * seconds; a client cannot tell the difference that matters).
 */
export interface RollingStats {
  readonly openTime: number;
  readonly closeTime: number;
  /** In ticks; the last price and the open of the window's first candle. */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly last: number;
  readonly volume: number;
  readonly quoteVolume: Money;
  readonly count: number;
  /** -1 when the window has no trade, as Binance answers. */
  readonly firstId: number;
  readonly lastId: number;
}

export function rollingWindowStart(now: number): number {
  return bucketOpen('1m', now) + MINUTE_MS - DAY_MS;
}

/**
 * Stats of the candles that open within the window, given the last trade price (ticks; 0 if the symbol never
 * traded). With no trade in the window every price is the last price and the volumes are zero.
 */
export function rollingStats(candles: readonly Candle[], lastPrice: number, now: number): RollingStats {
  const start = rollingWindowStart(now);
  const inWindow = candles.filter((c) => c.openTime >= start && c.openTime <= now);
  inWindow.sort((a, b) => a.openTime - b.openTime);
  const first = inWindow[0];
  if (first === undefined) {
    return {
      openTime: start,
      closeTime: now,
      open: lastPrice,
      high: lastPrice,
      low: lastPrice,
      last: lastPrice,
      volume: 0,
      quoteVolume: 0n,
      count: 0,
      firstId: -1,
      lastId: -1,
    };
  }
  let high = first.high;
  let low = first.low;
  let volume = 0;
  let quoteVolume = 0n;
  let count = 0;
  for (const candle of inWindow) {
    high = Math.max(high, candle.high);
    low = Math.min(low, candle.low);
    volume += candle.volume;
    quoteVolume += candle.quoteVolume;
    count += candle.trades;
  }
  return {
    openTime: start,
    closeTime: now,
    open: first.open,
    high,
    low,
    last: lastPrice,
    volume,
    quoteVolume,
    count,
    firstId: first.firstTradeId,
    lastId: inWindow[inWindow.length - 1]!.lastTradeId,
  };
}

/** (last − open) / open in percent with three decimals, rounded half away from zero, as an integer of 10^-3. */
export function priceChangePermille(open: number, last: number): bigint {
  if (open === 0) return 0n;
  const scaled = BigInt(last - open) * 100_000n;
  const o = BigInt(open);
  const magnitude = ((scaled < 0n ? -scaled : scaled) * 2n + o) / (2n * o);
  return scaled < 0n ? -magnitude : magnitude;
}
