import type { EngineEvent } from '../engine/events';
import type { Instrument } from '../symbol/instrument';
import { type Candle, type CandleSample, candleWithTrade } from './candles';
import { bucketOpen, KLINE_INTERVALS, type KlineInterval } from './intervals';
import type { ReadModelFold } from './readModelFold';

/** A candle with its interval: one item of a kline series (its key: symbol, interval, open time). */
export interface IntervalCandle {
  readonly interval: KlineInterval;
  readonly candle: Candle;
}

/**
 * The candles of one kline series (every interval) a fold knows: by `${interval}@${openTime}`, a candle, or null
 * where the store is known to hold none for that bucket. `newest` is each interval's newest bucket with a candle
 * (the open one). A bucket neither known nor newer than the newest is one the store is ahead of us in.
 */
export interface CandleState {
  readonly candles: ReadonlyMap<string, Candle | null>;
  readonly newest: ReadonlyMap<KlineInterval, number>;
}

export const candleKey = (interval: KlineInterval, openTime: number) => `${interval}@${openTime}`;
const intervalOf = (key: string) => key.slice(0, key.indexOf('@')) as KlineInterval;

export const NO_CANDLES: CandleState = { candles: new Map(), newest: new Map() };

/**
 * The state a cold start resumes from: the stored candles of the buckets asked for (`asked`, by candleKey), as
 * read (`found`); the ones not found are known to be absent.
 */
export function candleStateOf(asked: readonly string[], found: ReadonlyMap<string, Candle>): CandleState {
  const candles = new Map<string, Candle | null>();
  const newest = new Map<KlineInterval, number>();
  for (const key of asked) {
    const candle = found.get(key) ?? null;
    candles.set(key, candle);
    if (candle === null) continue;
    const interval = intervalOf(key);
    if (candle.openTime > (newest.get(interval) ?? -1)) newest.set(interval, candle.openTime);
  }
  return { candles, newest };
}

/**
 * The buckets a cold start reads for a batch: those its samples fall in, and each interval's bucket of the newest
 * stored 1m candle (`newestMinute`, its open time): the last trade of a series is in that minute, so that minute's
 * bucket of every interval is the open candle.
 */
export function bucketsToLoad(samples: readonly CandleSample[], newestMinute: number | undefined): string[] {
  const keys = new Set<string>();
  for (const interval of KLINE_INTERVALS) {
    if (newestMinute !== undefined) keys.add(candleKey(interval, bucketOpen(interval, newestMinute)));
    for (const sample of samples) keys.add(candleKey(interval, bucketOpen(interval, sample.time)));
  }
  return [...keys];
}

/**
 * A kline series as a fold: each sample (a trade, or a price sample) goes into its bucket's candle of every
 * interval. A sample at or below its candle's lastSeq is in it already; a sample whose bucket is unknown and
 * older than the interval's open candle is one the store is past (a batch applied again): both are skipped.
 */
export function candleFold(
  sampleOf: (event: EngineEvent, instrument: Instrument) => CandleSample | undefined,
): ReadModelFold<CandleState, IntervalCandle> {
  return {
    initial: NO_CANDLES,
    evolve(state, event, instrument) {
      const sample = sampleOf(event, instrument);
      if (sample === undefined) return state;
      return withSample(state, sample);
    },
    changes(before, after) {
      const changed: IntervalCandle[] = [];
      for (const [key, candle] of after.candles)
        if (candle !== null && before.candles.get(key) !== candle)
          changed.push({ interval: intervalOf(key), candle });
      return changed;
    },
    retain(state) {
      const candles = new Map<string, Candle | null>();
      for (const [interval, openTime] of state.newest) {
        const key = candleKey(interval, openTime);
        candles.set(key, state.candles.get(key) ?? null);
      }
      return { candles, newest: state.newest };
    },
  };
}

/** The state with one more sample in every interval's candle. */
export function withSample(state: CandleState, sample: CandleSample): CandleState {
  let candles: Map<string, Candle | null> | undefined;
  let newest: Map<KlineInterval, number> | undefined;
  for (const interval of KLINE_INTERVALS) {
    const openTime = bucketOpen(interval, sample.time);
    const key = candleKey(interval, openTime);
    const current = (candles ?? state.candles).get(key);
    const open = (newest ?? state.newest).get(interval);
    if (current === undefined && open !== undefined && openTime < open) continue;
    if (current != null && sample.seq <= current.lastSeq) continue;
    candles ??= new Map(state.candles);
    candles.set(key, candleWithTrade(interval, current ?? undefined, sample));
    if (open === undefined || openTime > open) {
      newest ??= new Map(state.newest);
      newest.set(interval, openTime);
    }
  }
  if (candles === undefined) return state;
  return { candles, newest: newest ?? state.newest };
}
