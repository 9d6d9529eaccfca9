import type { EngineEvent } from '../../core/engine/events';
import {
  bucketsToLoad,
  type CandleState,
  candleStateOf,
  type IntervalCandle,
} from '../../core/projections/candleFold';
import type { CandleSample } from '../../core/projections/candles';
import type { KlineInterval } from '../../core/projections/intervals';
import type { Instrument } from '../../core/symbol/instrument';
import type { KlineSeries } from '../ports/marketData';
import type { FoldStore } from './foldRunner';

/**
 * The candles a kline series' fold resumes from after a cold start: the newest stored 1m candle (one Query), then
 * in one BatchGet the open candle of every interval and the candles of the buckets the batch's samples fall in.
 */
export async function loadCandles(
  series: Pick<KlineSeries, 'range' | 'getMany'>,
  symbol: string,
  samples: readonly CandleSample[],
): Promise<CandleState> {
  const [newest] = await series.range(symbol, '1m', { newest: true, limit: 1 });
  const keys = bucketsToLoad(samples, newest?.openTime);
  const found = await series.getMany(
    symbol,
    keys.map((key) => {
      const at = key.indexOf('@');
      return { interval: key.slice(0, at) as KlineInterval, openTime: Number(key.slice(at + 1)) };
    }),
  );
  return candleStateOf(keys, found);
}

/** A kline series as a fold's store: the samples come from the batch's events by `sampleOf`. */
export function candleStore(
  series: KlineSeries,
  sampleOf: (event: EngineEvent, instrument: Instrument) => CandleSample | undefined,
): FoldStore<CandleState, IntervalCandle> {
  return {
    load: (symbol, events, instrument) =>
      loadCandles(
        series,
        symbol,
        events.flatMap((e) => sampleOf(e, instrument) ?? []),
      ),
    write: (symbol, candles, guarded) => series.putMany(symbol, candles, guarded),
  };
}
