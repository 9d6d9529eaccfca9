import type { Trade } from '../../core/engine/events';
import { depthChanges } from '../../core/marketData/depthChanges';
import { aggregateTrades, continuesAggregate } from '../../core/projections/aggTrades';
import type { CandleState } from '../../core/projections/candleFold';
import type { Candle } from '../../core/projections/candles';
import type { KlineInterval } from '../../core/projections/intervals';
import { rollingStats } from '../../core/projections/rollingTicker';
import { tradeFacts } from '../../core/projections/tradeFacts';
import type { AggTradeLog } from '../ports/marketData';
import { depthSegments } from './depthSegments';
import { forceOrderMessages } from './forceOrderMessages';
import type { KlineCloses } from './klineCloses';
import { runCandlesOf, topOf } from './marketFolds';
import { markPriceMessages } from './markPriceMessages';
import { type MarketMessage, PARTIAL_DEPTH_LEVELS, type StreamFormat, type StreamKind } from './messages';
import type { RollingWindows, Throttle } from './rollingWindow';
import type { RunContext } from './runContext';

export interface MarketSources {
  readonly aggTrades: AggTradeLog;
  readonly windows: RollingWindows;
  readonly throttle: Throttle;
  readonly klineCloses: KlineCloses;
  /** Symbols whose ticker changed since its last push, held back by the once-a-second throttle. */
  readonly heldTickers: Set<string>;
}

/** A message for everyone subscribed to `stream`. */
export interface StreamMessage {
  readonly stream: string;
  readonly message: MarketMessage;
}

/** Binance pushes 24 h tickers every second or slower. */
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
  format: Pick<StreamFormat, 'namesOf' | 'parse'>,
): Promise<StreamMessage[]> {
  const { run, instrument, now } = ctx;
  const out: StreamMessage[] = [];
  const names = (kind: StreamKind) => format.namesOf(run.symbol, kind).filter((n) => subscribed.has(n));
  const push = (streams: readonly string[], message: MarketMessage) => {
    for (const stream of streams) out.push({ stream, message });
  };
  const markNames = () => [...names('markPrice'), ...names('allMarkPrice')];
  const levelsOf = (name: string) => {
    const stream = format.parse(name);
    return stream?.kind === 'partialDepth' ? stream.levels : PARTIAL_DEPTH_LEVELS[0];
  };

  const diff = names('diffDepth');
  if (diff.length > 0)
    for (const segment of depthSegments(run.events, run.firstSeq - 1))
      push(diff, {
        kind: 'depthUpdate',
        // The run ends at a committed item, whose link vouches for every event up to it.
        segment:
          segment.upTo === run.lastSeq && run.chain !== null ? { ...segment, chain: run.chain } : segment,
      });

  const partial = names('partialDepth');
  const bookTicker = [...names('bookTicker'), ...names('allBookTicker')];
  const depthMoved = depthChanges(run.events).length > 0;
  if (partial.length > 0 || (bookTicker.length > 0 && depthMoved)) {
    const levels = Math.max(1, ...partial.map(levelsOf));
    const book = topOf(ctx.market.book, levels);
    for (const name of partial)
      push([name], { kind: 'partialDepth', book, levels: levelsOf(name), after: run.firstSeq - 1 });
    if (depthMoved) push(bookTicker, { kind: 'bookTicker', book });
  }

  const force = [...names('forceOrder'), ...names('allForceOrders')];
  out.push(...forceOrderMessages(run.events, run.symbol, force, sources.throttle));

  const klineNames = new Map<KlineInterval, string[]>();
  for (const name of names('kline')) {
    const stream = format.parse(name);
    if (stream?.kind === 'kline')
      klineNames.set(stream.interval, [...(klineNames.get(stream.interval) ?? []), name]);
  }
  const pushKline = (interval: KlineInterval, candle: Candle) => {
    const streams = klineNames.get(interval) ?? [];
    if (streams.length === 0) return;
    push(streams, { kind: 'kline', interval, candle });
    sources.klineCloses.pushed(run.symbol, interval, candle, now);
  };
  const facts = tradeFacts(run.events, instrument);
  const runCandles = (interval: KlineInterval) => runCandlesOf(ctx.market.candles, interval, facts);
  // Candles pushed open that ended before this run, a last time (x: true), unless the run's trades touch them
  // (then they go below with the run's candles, closed as well).
  for (const { interval, candle } of sources.klineCloses.due(run.symbol, ctx.market.candles, now))
    if (!runCandles(interval).some((c) => c.openTime === candle.openTime)) pushKline(interval, candle);

  const trades = run.events.filter((e): e is Trade => e.type === 'Trade');
  for (const trade of trades) push(names('trade'), { kind: 'trade', trade });

  const agg = names('aggTrade');
  if (agg.length > 0 && facts.length > 0) {
    const first = facts[0]!;
    // A command's trades can be cut across two event items: then the first ones continue an aggregate.
    const startedBefore = !run.events.some((e) => e.seq < first.seq && e.commandId === first.commandId);
    const stored = startedBefore ? await sources.aggTrades.atOrBefore(run.symbol, first.id - 1) : undefined;
    const previous = stored !== undefined && continuesAggregate(stored, first) ? stored : undefined;
    for (const aggregate of aggregateTrades(previous, facts)) push(agg, { kind: 'aggTrade', aggregate });
  }

  // Tickers at most once a second; a change held back by that goes at the symbol's first run past the second (an
  // index update comes every second under an index feed), so the last state is never left unsent.
  const ticker = names('ticker');
  const mini = names('miniTicker');
  const [allTicker, allMini] = [names('allTicker'), names('allMiniTicker')];
  const wanted = ticker.length + mini.length + allTicker.length + allMini.length > 0;
  const changed = trades.length > 0;
  const tickersDue =
    wanted &&
    (changed || sources.heldTickers.has(run.symbol)) &&
    sources.throttle.due(`${run.symbol}@ticker`, now, TICKER_EVERY_MS);
  if (wanted && changed && !tickersDue) sources.heldTickers.add(run.symbol);
  for (const interval of klineNames.keys())
    for (const candle of runCandles(interval)) pushKline(interval, candle);
  const last = trades[trades.length - 1];
  const lastPrice = last?.price ?? ctx.market.ticker.lastPrice;
  if (tickersDue && lastPrice !== null) {
    sources.heldTickers.delete(run.symbol);
    // The 1m candles as the fan-out's kline fold holds them now: also those of runs whose push was held back.
    const window = await sources.windows.candles(run.symbol, minuteCandlesOf(ctx.market.candles), now);
    const stats = rollingStats(window, lastPrice, now);
    const lastQty = last?.quantity ?? ctx.market.ticker.lastQty ?? 0;
    push(ticker, { kind: 'ticker', stats, lastQty });
    push(mini, { kind: 'miniTicker', stats });
    push(allTicker, { kind: 'allTicker', stats, lastQty });
    push(allMini, { kind: 'allMiniTicker', stats });
  }

  out.push(...(await markPriceMessages(ctx, markNames(), format.parse, sources)));
  return out;
}

/** The 1m candles the kline fold holds (the open one, and those a run touched). */
function minuteCandlesOf(state: CandleState): Candle[] {
  const found: Candle[] = [];
  for (const [key, candle] of state.candles) if (candle != null && key.startsWith('1m@')) found.push(candle);
  return found;
}
