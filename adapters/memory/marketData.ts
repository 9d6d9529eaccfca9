import {
  type AggTradeLog,
  type CandleRange,
  type DepthBook,
  type DepthSnapshot,
  EMPTY_TICKER,
  type KlineSeries,
  type MarketTradeLog,
  type TickerView,
  type TickerViews,
} from '../../application/ports/marketData';
import type { TradeRange } from '../../application/ports/tradeRange';
import type { AggTrade } from '../../core/projections/aggTrades';
import type { IntervalCandle } from '../../core/projections/candleFold';
import type { Candle } from '../../core/projections/candles';
import { type DepthItem, type DepthState, EMPTY_DEPTH } from '../../core/projections/depthFold';
import { KLINE_INTERVALS, type KlineInterval } from '../../core/projections/intervals';
import type { MarketTrade } from '../../core/projections/marketTrades';
import { putUnlessApplied } from './putUnlessApplied';

/**
 * The market read models in memory, each answering as its DynamoDB table does (test/contracts/): writes held back
 * by the sequence they reflect, ranges read oldest first from the lower end or newest first from the upper end.
 */

/** Items in key order, the newest `limit` or the oldest, answered oldest first. */
function window<T>(sorted: readonly T[], newest: boolean, limit: number): T[] {
  return newest ? sorted.slice(Math.max(0, sorted.length - limit)) : sorted.slice(0, limit);
}

function inTime(time: number, range: { startTime?: number; endTime?: number }): boolean {
  return (
    (range.startTime === undefined || time >= range.startTime) &&
    (range.endTime === undefined || time <= range.endTime)
  );
}

export class MemoryDepthBook implements DepthBook {
  private readonly books = new Map<
    string,
    { lastUpdateId: number; time: number; bids: Map<number, number>; asks: Map<number, number> }
  >();

  /** The lastSeq of each level item (held on past a deletion, as a guarded delete would see none). */
  private readonly levelSeqs = new Map<string, number>();

  async load(symbol: string): Promise<DepthState> {
    const book = this.books.get(symbol);
    if (book === undefined) return EMPTY_DEPTH;
    return { ...book, bids: new Map(book.bids), asks: new Map(book.asks) };
  }

  async write(symbol: string, items: readonly DepthItem[], guarded: boolean): Promise<void> {
    const book = this.books.get(symbol) ?? { lastUpdateId: 0, time: 0, bids: new Map(), asks: new Map() };
    this.books.set(symbol, book);
    for (const item of items) {
      if (item.kind === 'head') {
        if (guarded && book.lastUpdateId >= item.lastUpdateId) continue;
        book.lastUpdateId = item.lastUpdateId;
        book.time = item.time;
        continue;
      }
      const key = `${symbol} ${item.side} ${item.price}`;
      if (guarded && (this.levelSeqs.get(key) ?? 0) >= item.lastSeq) continue;
      this.levelSeqs.set(key, item.lastSeq);
      const side = item.side === 'BUY' ? book.bids : book.asks;
      if (item.quantity === 0) side.delete(item.price);
      else side.set(item.price, item.quantity);
    }
  }

  async read(symbol: string, limit: number): Promise<DepthSnapshot> {
    const book = this.books.get(symbol);
    if (book === undefined) return { lastUpdateId: 0, time: 0, bids: [], asks: [] };
    return {
      lastUpdateId: book.lastUpdateId,
      time: book.time,
      bids: best(book.bids, true, limit),
      asks: best(book.asks, false, limit),
    };
  }

  async touch(symbol: string) {
    const { bids, asks } = await this.read(symbol, 1);
    return { bid: bids[0], ask: asks[0] };
  }

  /** Levels and the head: as many items as the table would drop. */
  drop(symbol?: string): number {
    let dropped = 0;
    for (const [s, book] of this.books) {
      if (symbol !== undefined && s !== symbol) continue;
      dropped += book.bids.size + book.asks.size + 1;
      this.books.delete(s);
    }
    return dropped;
  }
}

function best(side: Map<number, number>, descending: boolean, limit: number): [number, number][] {
  return [...side].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0])).slice(0, limit);
}

export class MemoryMarketTradeLog implements MarketTradeLog {
  private readonly trades = new Map<string, Map<number, MarketTrade>>();

  async put(symbol: string, trade: MarketTrade): Promise<boolean> {
    const bySymbol = this.trades.get(symbol) ?? new Map<number, MarketTrade>();
    this.trades.set(symbol, bySymbol);
    return putUnlessApplied(bySymbol, trade.id, trade, trade.lastSeq);
  }

  async putMany(symbol: string, trades: readonly MarketTrade[]): Promise<void> {
    // A trade never changes: guarded or not, a second write is the same value.
    for (const trade of trades) await this.put(symbol, trade);
  }

  async recent(symbol: string, limit: number): Promise<MarketTrade[]> {
    const sorted = [...(this.trades.get(symbol)?.values() ?? [])].sort((a, b) => a.id - b.id);
    return window(sorted, true, limit).map((t) => structuredClone(t));
  }

  drop(symbol?: string): number {
    return dropSymbols(this.trades, symbol, (trades) => trades.size);
  }
}

export class MemoryAggTradeLog implements AggTradeLog {
  private readonly aggregates = new Map<string, Map<number, AggTrade>>();

  async put(symbol: string, aggregate: AggTrade, firstSeq: number): Promise<boolean> {
    const bySymbol = this.aggregates.get(symbol) ?? new Map<number, AggTrade>();
    this.aggregates.set(symbol, bySymbol);
    return putUnlessApplied(bySymbol, aggregate.a, aggregate, firstSeq);
  }

  async putMany(symbol: string, aggregates: readonly AggTrade[], guarded: boolean): Promise<void> {
    for (const aggregate of aggregates) {
      if (guarded) await this.put(symbol, aggregate, aggregate.lastSeq);
      else {
        const bySymbol = this.aggregates.get(symbol) ?? new Map<number, AggTrade>();
        this.aggregates.set(symbol, bySymbol);
        bySymbol.set(aggregate.a, structuredClone(aggregate));
      }
    }
  }

  async atOrBefore(symbol: string, tradeId: number): Promise<AggTrade | undefined> {
    const candidates = this.sorted(symbol).filter((a) => a.a <= tradeId);
    const found = candidates[candidates.length - 1];
    return found === undefined ? undefined : structuredClone(found);
  }

  async range(symbol: string, range: TradeRange): Promise<AggTrade[]> {
    const from = range.fromId ?? 0;
    const to = range.toId ?? Number.MAX_SAFE_INTEGER;
    const inRange = this.sorted(symbol).filter((a) => a.a >= from && a.a <= to && inTime(a.T, range));
    return window(inRange, range.newest, range.limit).map((a) => structuredClone(a));
  }

  drop(symbol?: string): number {
    return dropSymbols(this.aggregates, symbol, (aggregates) => aggregates.size);
  }

  private sorted(symbol: string): AggTrade[] {
    return [...(this.aggregates.get(symbol)?.values() ?? [])].sort((a, b) => a.a - b.a);
  }
}

export class MemoryKlineSeries implements KlineSeries {
  /** By `${symbol}#${interval}`, then open time. */
  private readonly series = new Map<string, Map<number, Candle>>();

  async get(symbol: string, interval: KlineInterval, openTime: number): Promise<Candle | undefined> {
    const candle = this.series.get(`${symbol}#${interval}`)?.get(openTime);
    return candle === undefined ? undefined : structuredClone(candle);
  }

  async getMany(
    symbol: string,
    buckets: readonly { interval: KlineInterval; openTime: number }[],
  ): Promise<Map<string, Candle>> {
    const found = new Map<string, Candle>();
    for (const { interval, openTime } of buckets) {
      const candle = await this.get(symbol, interval, openTime);
      if (candle !== undefined) found.set(`${interval}@${openTime}`, candle);
    }
    return found;
  }

  async put(symbol: string, interval: KlineInterval, candle: Candle, firstSeq: number): Promise<boolean> {
    const key = `${symbol}#${interval}`;
    const candles = this.series.get(key) ?? new Map<number, Candle>();
    this.series.set(key, candles);
    return putUnlessApplied(candles, candle.openTime, candle, firstSeq);
  }

  async putMany(symbol: string, candles: readonly IntervalCandle[], guarded: boolean): Promise<void> {
    for (const { interval, candle } of candles) {
      if (guarded) await this.put(symbol, interval, candle, candle.lastSeq);
      else this.seriesOf(symbol, interval).set(candle.openTime, structuredClone(candle));
    }
  }

  private seriesOf(symbol: string, interval: KlineInterval): Map<number, Candle> {
    const key = `${symbol}#${interval}`;
    const candles = this.series.get(key) ?? new Map<number, Candle>();
    this.series.set(key, candles);
    return candles;
  }

  async range(symbol: string, interval: KlineInterval, range: CandleRange): Promise<Candle[]> {
    const from = range.startTime ?? 0;
    const to = range.endTime ?? Number.MAX_SAFE_INTEGER;
    const sorted = [...(this.series.get(`${symbol}#${interval}`)?.values() ?? [])]
      .filter((c) => c.openTime >= from && c.openTime <= to)
      .sort((a, b) => a.openTime - b.openTime);
    return window(sorted, range.newest, range.limit).map((c) => structuredClone(c));
  }

  drop(symbol?: string): number {
    let dropped = 0;
    for (const [key, candles] of this.series) {
      if (symbol !== undefined && !KLINE_INTERVALS.some((i) => key === `${symbol}#${i}`)) continue;
      dropped += candles.size;
      this.series.delete(key);
    }
    return dropped;
  }
}

export class MemoryTickerViews implements TickerViews {
  private readonly tickers = new Map<string, TickerView>();

  async get(symbol: string): Promise<TickerView> {
    return { ...EMPTY_TICKER, ...this.tickers.get(symbol) };
  }

  latest(symbol: string): Promise<TickerView> {
    return this.get(symbol);
  }

  async put(symbol: string, view: TickerView): Promise<boolean> {
    return putUnlessApplied(this.tickers, symbol, view, view.updateId, (stored) => stored.updateId);
  }

  async putMany(symbol: string, views: readonly TickerView[], guarded: boolean): Promise<void> {
    for (const view of views) {
      if (guarded) await this.put(symbol, view);
      else this.tickers.set(symbol, structuredClone(view));
    }
  }

  drop(symbol?: string): number {
    return dropSymbols(this.tickers, symbol, () => 1);
  }
}

/** Deletes the entries of one symbol, or all; returns how many items they stood for. */
export function dropSymbols<T>(
  map: Map<string, T>,
  symbol: string | undefined,
  items: (value: T) => number,
): number {
  let dropped = 0;
  for (const [key, value] of map) {
    if (symbol !== undefined && key !== symbol) continue;
    dropped += items(value);
    map.delete(key);
  }
  return dropped;
}
