import type { AggTrade } from '../../core/projections/aggTrades';
import type { Candle } from '../../core/projections/candles';
import { HOUR_MS, type KlineInterval } from '../../core/projections/intervals';
import type { MarketTrade } from '../../core/projections/marketTrades';
import { type RollingStats, rollingStats, rollingWindowStart } from '../../core/projections/rollingTicker';
import type { Instrument } from '../../core/symbol/instrument';
import type { IngressContext } from '../context';
import type { DepthSnapshot, TickerView } from '../ports/marketData';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { type HistoryParams, HistoryRejections, historyRange, withTradeIds } from './historyRange';

/** Public market data, answered from the read models, each with the symbol's spec for formatting. */

export function listedSymbols(ctx: IngressContext): Promise<Instrument[]> {
  return ctx.symbols.all();
}

/** One answer for the symbol asked for, or a list over every listed symbol when none is. */
export async function perSymbol<T>(
  ctx: IngressContext,
  symbol: string | undefined,
  answer: (instrument: Instrument) => Promise<T>,
): Promise<T | T[]> {
  if (symbol !== undefined) return answer(await listedSymbol(ctx, symbol));
  return Promise.all((await ctx.symbols.all()).map(answer));
}

/** GET /fapi/v1/depth: the best `limit` levels a side, as of the book's lastUpdateId. */
export async function orderBook(
  ctx: IngressContext,
  symbol: string,
  limit: number,
): Promise<{ readonly instrument: Instrument; readonly book: DepthSnapshot }> {
  const instrument = await listedSymbol(ctx, symbol);
  return { instrument, book: await ctx.depth.read(symbol, limit) };
}

/** GET /fapi/v1/trades: the newest `limit` public trades. */
export async function recentTrades(
  ctx: IngressContext,
  symbol: string,
  limit: number,
): Promise<{ readonly instrument: Instrument; readonly trades: MarketTrade[] }> {
  const instrument = await listedSymbol(ctx, symbol);
  return { instrument, trades: await ctx.trades.recent(symbol, limit) };
}

/** GET /fapi/v1/aggTrades. Binance: a startTime..endTime span of at most one hour; fromId goes alone. */
export async function aggregateTrades(
  ctx: IngressContext,
  symbol: string,
  p: HistoryParams,
): Promise<{ readonly instrument: Instrument; readonly aggregates: AggTrade[] }> {
  const instrument = await listedSymbol(ctx, symbol);
  const rules = { defaultLimit: 500, maxSpanMs: HOUR_MS, fromIdWithTime: false };
  const range = await withTradeIds(ctx.klines, symbol, historyRange(p, rules, ctx.clock()));
  if (range === 'none') return { instrument, aggregates: [] };
  return { instrument, aggregates: await ctx.aggTrades.range(symbol, range) };
}

export interface CandleParams {
  readonly interval: KlineInterval;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit?: number;
}

/** GET /fapi/v1/klines: candles opening within the times, the oldest from startTime or else the newest. */
export async function candles(
  ctx: IngressContext,
  symbol: string,
  p: CandleParams,
): Promise<{ readonly instrument: Instrument; readonly candles: Candle[] }> {
  const instrument = await listedSymbol(ctx, symbol);
  if (p.startTime !== undefined && p.endTime !== undefined && p.startTime > p.endTime)
    throw new Rejected(HistoryRejections.startAfterEnd);
  const found = await ctx.klines.range(symbol, p.interval, {
    startTime: p.startTime,
    endTime: p.endTime,
    newest: p.startTime === undefined,
    limit: p.limit ?? 500,
  });
  return { instrument, candles: found };
}

/** GET /fapi/v1/ticker/24hr: the rolling 24 hours from the 1m candles, and the last trade. */
export async function dayStats(
  ctx: IngressContext,
  instrument: Instrument,
): Promise<{ readonly stats: RollingStats; readonly ticker: TickerView }> {
  const now = ctx.clock();
  const symbol = instrument.spec.symbol;
  const [minutes, ticker] = await Promise.all([
    ctx.klines.range(symbol, '1m', {
      startTime: rollingWindowStart(now),
      endTime: now,
      newest: false,
      limit: 1440,
    }),
    ctx.tickers.get(symbol),
  ]);
  return { stats: rollingStats(minutes, ticker.lastPrice ?? 0, now), ticker };
}

/** The latest facts of a market: last trade and the touch (price and book tickers). */
export function tickerOf(ctx: IngressContext, instrument: Instrument): Promise<TickerView> {
  return ctx.tickers.get(instrument.spec.symbol);
}
