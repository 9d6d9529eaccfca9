import type { AggTradeLog } from '../../../adapters/readModels/aggTradeLog';
import type { DepthBook } from '../../../adapters/readModels/depthBook';
import type { KlineSeries } from '../../../adapters/readModels/klineSeries';
import type { Trade } from '../../../core/engine/events';
import { depthChanges } from '../../../core/marketData/depthChanges';
import { aggregateTrades, continuesAggregate } from '../../../core/projections/aggTrades';
import type { Candle } from '../../../core/projections/candles';
import { nextFundingTime } from '../../../core/projections/funding';
import { KLINE_INTERVALS, type KlineInterval } from '../../../core/projections/intervals';
import { rollingStats } from '../../../core/projections/rollingTicker';
import { tradeFacts } from '../../../core/projections/tradeFacts';
import { PARTIAL_DEPTH_LEVELS, parseStreamName, streamNamesOf } from '../../shared/streamNames';
import { depthSegments, depthUpdateJson } from './depthUpdates';
import {
  aggTradeEventJson,
  bookTickerJson,
  klineJson,
  markPriceJson,
  miniTickerJson,
  partialDepthJson,
  tickerJson,
  tradeJson,
} from './marketPayloads';
import type { RollingWindows, Throttle } from './rollingWindow';
import { runCandles } from './runCandles';
import type { RunContext, StreamMessage } from './runContext';
import { type TopOfBook, topOfBook } from './topOfBook';

export interface MarketSources {
  readonly depth: DepthBook;
  readonly klines: KlineSeries;
  readonly aggTrades: AggTradeLog;
  readonly windows: RollingWindows;
  readonly throttle: Throttle;
}

/** Binance pushes 24 h tickers and mark prices every second or slower. */
const TICKER_EVERY_MS = 1_000;

/**
 * The market stream messages of one run, for the streams that have subscribers (`subscribed`), in the order each
 * connection receives them: depth, book ticker, trades, aggregates, candles, tickers, mark price. Every run gets
 * its diff depth message(s), so `pu` chains; the rest only when the run changed what they show.
 */
export async function marketMessages(
  ctx: RunContext,
  subscribed: ReadonlySet<string>,
  sources: MarketSources,
): Promise<StreamMessage[]> {
  const { run, instrument, now } = ctx;
  const out: StreamMessage[] = [];
  const names = (kind: Parameters<typeof streamNamesOf>[1]) =>
    streamNamesOf(run.symbol, kind).filter((n) => subscribed.has(n));
  const push = (streams: readonly string[], payload: unknown) => {
    for (const stream of streams) out.push({ stream, payload });
  };

  const diff = names('diffDepth');
  if (diff.length > 0)
    for (const segment of depthSegments(run.events, run.firstSeq - 1))
      push(diff, depthUpdateJson(instrument, segment, now));

  const partial = names('partialDepth');
  const bookTicker = names('bookTicker');
  const depthMoved = depthChanges(run.events).length > 0;
  if (partial.length > 0 || (bookTicker.length > 0 && depthMoved)) {
    const levels = Math.max(1, ...partial.map((n) => levelsOf(n)));
    const book: TopOfBook | undefined = await topOfBook(sources.depth, run, levels);
    if (book !== undefined) {
      for (const name of partial)
        push([name], partialDepthJson(instrument, book, levelsOf(name), run.firstSeq - 1, now));
      if (depthMoved) push(bookTicker, bookTickerJson(instrument, book, now));
    }
  }

  const trades = run.events.filter((e): e is Trade => e.type === 'Trade');
  if (trades.length === 0) return out;
  const last = trades[trades.length - 1]!;
  for (const trade of trades) push(names('trade'), tradeJson(instrument, trade, now));

  const agg = names('aggTrade');
  if (agg.length > 0) {
    const facts = tradeFacts(run.events, instrument);
    const first = facts[0]!;
    // A command's trades can be cut across two event items: then the first ones continue an aggregate.
    const startedBefore = !run.events.some((e) => e.seq < first.seq && e.commandId === first.commandId);
    const stored = startedBefore ? await sources.aggTrades.atOrBefore(run.symbol, first.id - 1) : undefined;
    const previous = stored !== undefined && continuesAggregate(stored, first) ? stored : undefined;
    for (const aggregate of aggregateTrades(previous, facts))
      push(agg, aggTradeEventJson(instrument, aggregate, now));
  }

  const ticker = names('ticker');
  const mini = names('miniTicker');
  const tickersDue =
    (ticker.length > 0 || mini.length > 0) &&
    sources.throttle.due(`${run.symbol}@ticker`, now, TICKER_EVERY_MS);
  const intervals = KLINE_INTERVALS.filter((i) => subscribed.has(`${run.symbol.toLowerCase()}@kline_${i}`));
  const candleIntervals: KlineInterval[] =
    tickersDue && !intervals.includes('1m') ? [...intervals, '1m'] : intervals;
  const facts = tradeFacts(run.events, instrument);
  const projected = candleIntervals.length > 0 ? await ctx.projected() : 0;
  let minuteCandles: Candle[] = [];
  for (const interval of candleIntervals) {
    const candles = await runCandles(sources.klines, instrument, interval, facts, projected, ctx.window);
    if (interval === '1m') minuteCandles = candles;
    if (intervals.includes(interval))
      for (const candle of candles)
        push([`${run.symbol.toLowerCase()}@kline_${interval}`], klineJson(instrument, interval, candle, now));
  }
  if (tickersDue) {
    const window = await sources.windows.candles(run.symbol, minuteCandles, now);
    const stats = rollingStats(window, last.price, now);
    push(ticker, tickerJson(instrument, stats, last.quantity, now));
    push(mini, miniTickerJson(instrument, stats, now));
  }

  const mark = names('markPrice');
  if (mark.length > 0 && sources.throttle.due(`${run.symbol}@markPrice`, now, TICKER_EVERY_MS))
    push(mark, markPriceJson(instrument, last.price, nextFundingTime(now), now));
  return out;
}

function levelsOf(name: string): number {
  const stream = parseStreamName(name);
  return stream?.kind === 'partialDepth' ? stream.levels : PARTIAL_DEPTH_LEVELS[0];
}
