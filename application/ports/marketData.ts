import type { AggTrade } from '../../core/projections/aggTrades';
import type { IntervalCandle } from '../../core/projections/candleFold';
import type { Candle } from '../../core/projections/candles';
import type { DepthItem, DepthState } from '../../core/projections/depthFold';
import type { FundingRateRecord } from '../../core/projections/fundingRates';
import type { KlineInterval } from '../../core/projections/intervals';
import type { PriceCandle } from '../../core/projections/klineFolds';
import type { MarketTrade } from '../../core/projections/marketTrades';
import type { PriceSeries } from '../../core/projections/priceSamples';
import type { TradeRange } from './tradeRange';

/**
 * The market read models: each kept by its projection (application/projections), read by the queries and the
 * fan-out. Every write is idempotent by event sequence: a redelivered batch writes nothing twice.
 */

export interface DepthSnapshot {
  readonly lastUpdateId: number;
  readonly time: number;
  /** [price ticks, quantity lots], best first. */
  readonly bids: [number, number][];
  readonly asks: [number, number][];
}

/**
 * The full aggregated book of each symbol, as of the last event applied (its lastUpdateId): every level, and a
 * head with the best levels (core/projections/depthFold.ts), so the top of the book is one item to read.
 */
export interface DepthBook {
  /** The whole stored book (what the depth fold resumes from after a cold start). */
  load(symbol: string): Promise<DepthState>;
  /** A batch's changed levels, then the head; `guarded`: each only where the stored one is older. */
  write(symbol: string, items: readonly DepthItem[], guarded: boolean): Promise<void>;
  /** The best `limit` (at most HEAD_LEVELS) levels of each side, all as of one lastUpdateId. */
  read(symbol: string, limit: number): Promise<DepthSnapshot>;
  /** The best level of each side (book tickers). */
  touch(symbol: string): Promise<{ bid: [number, number] | undefined; ask: [number, number] | undefined }>;
}

/** Public trades per symbol, by trade id (GET /fapi/v1/trades). */
export interface MarketTradeLog {
  /** A trade is written once; a second write of it is held back by its lastSeq (false). */
  put(symbol: string, trade: MarketTrade): Promise<boolean>;
  /** A batch's trades at once (`guarded`: each unless stored already). */
  putMany(symbol: string, trades: readonly MarketTrade[], guarded: boolean): Promise<void>;
  /** The newest `limit` trades, oldest first. */
  recent(symbol: string, limit: number): Promise<MarketTrade[]>;
}

/** Aggregate trades per symbol, keyed by their first trade id. */
export interface AggTradeLog {
  /** Writes an aggregate unless it already reflects the trade events from `firstSeq` on. */
  put(symbol: string, aggregate: AggTrade, firstSeq: number): Promise<boolean>;
  /** A batch's changed aggregates at once (`guarded`: each unless the stored one is as new). */
  putMany(symbol: string, aggregates: readonly AggTrade[], guarded: boolean): Promise<void>;
  /** The aggregate with the highest id not above `tradeId`: the one a trade with that id continues or starts. */
  atOrBefore(symbol: string, tradeId: number): Promise<AggTrade | undefined>;
  range(symbol: string, range: TradeRange): Promise<AggTrade[]>;
}

/** Which candles a klines query wants: open times within [startTime, endTime], oldest or newest `limit`. */
export interface CandleRange {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly newest: boolean;
  readonly limit: number;
}

/** Candles of every interval per symbol, by open time. */
export interface KlineSeries {
  get(symbol: string, interval: KlineInterval, openTime: number): Promise<Candle | undefined>;
  /** Several candles at once, by `${interval}@${openTime}`: what a batch of trades touches across intervals. */
  getMany(
    symbol: string,
    buckets: readonly { interval: KlineInterval; openTime: number }[],
  ): Promise<Map<string, Candle>>;
  /** Writes a candle unless it already reflects the trade events from `firstSeq` on. */
  put(symbol: string, interval: KlineInterval, candle: Candle, firstSeq: number): Promise<boolean>;
  /**
   * A batch's changed candles, each once: in batches, or `guarded` each unless the stored one is as new (lastSeq).
   */
  putMany(symbol: string, candles: readonly IntervalCandle[], guarded: boolean): Promise<void>;
  /** Candles opening within the range, oldest first. */
  range(symbol: string, interval: KlineInterval, range: CandleRange): Promise<Candle[]>;
}

/**
 * The mark price, index price and premium index klines of every symbol: one KlineSeries per price series, each
 * holding candles of every interval as the trade klines do.
 */
export interface PriceKlineSeries {
  of(series: PriceSeries): KlineSeries;
  /** A batch's changed candles of every series, each once (KlineSeries.putMany). */
  putMany(symbol: string, candles: readonly PriceCandle[], guarded: boolean): Promise<void>;
}

/** Which funding records a query wants: funding times within [startTime, endTime], oldest or newest `limit`. */
export interface FundingRange {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly newest: boolean;
  readonly limit: number;
}

/** Every settled funding per symbol, by funding time (GET /fapi/v1/fundingRate). */
export interface FundingRateHistory {
  /** A record is written once; a second write of it is held back by its lastSeq (false). */
  put(symbol: string, record: FundingRateRecord): Promise<boolean>;
  /** A batch's records at once (`guarded`: each unless stored already). */
  putMany(symbol: string, records: readonly FundingRateRecord[], guarded: boolean): Promise<void>;
  /** Records with funding times in the range, oldest first. */
  range(symbol: string, range: FundingRange): Promise<FundingRateRecord[]>;
}

export { EMPTY_TICKER, type TickerView } from '../../core/projections/tickerFold';

import type { TickerView } from '../../core/projections/tickerFold';

export interface TickerViews {
  /** The symbol's ticker (EMPTY_TICKER before its first event); may trail the latest write a little. */
  get(symbol: string): Promise<TickerView>;
  /** The same, reading the latest write (the projection folds onto it). */
  latest(symbol: string): Promise<TickerView>;
  /** Writes the ticker unless one as of `view.updateId` or later is there. */
  put(symbol: string, view: TickerView): Promise<boolean>;
  /** A batch's ticker (`guarded`: unless one as new is there; else in the batch's writes). */
  putMany(symbol: string, views: readonly TickerView[], guarded: boolean): Promise<void>;
}
