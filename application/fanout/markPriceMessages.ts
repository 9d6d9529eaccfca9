import type { MarkPriceUpdated, Trade } from '../../core/engine/events';
import { nextFundingTime } from '../../core/projections/funding';
import type { StreamMessage } from './marketMessages';
import type { MarketMessage, MarketStream, MarkQuote } from './messages';
import type { Throttle } from './rollingWindow';
import type { RunContext } from './runContext';

/**
 * The mark price streams' messages of one run: `<symbol>@markPrice` (every 3 s), `@markPrice@1s`, and the
 * all-symbols `!markPrice@arr[@1s]`, which gets the run's symbol's quote. A run with index updates shows its last
 * MarkPriceUpdated; a run with trades and no index update shows the last trade only while the symbol has no
 * index price (then the trade is the reference, as REST premiumIndex says): once it has one, the mark moves only
 * with the index. Each stream and symbol gets at most one message per slot of its speed (a second for `@1s`) of
 * the mark's own time, not the fan-out's: index updates about a second apart are each pushed however late the
 * fan-out runs.
 */
export async function markPriceMessages(
  ctx: RunContext,
  streams: readonly string[],
  parse: (name: string) => MarketStream | undefined,
  sources: { readonly throttle: Throttle },
): Promise<StreamMessage[]> {
  if (streams.length === 0) return [];
  const quote = quoteOf(ctx);
  if (quote === undefined) return [];
  const one: MarketMessage = { kind: 'markPrice', quote };
  const all: MarketMessage = { kind: 'allMarkPrice', quotes: [quote] };
  const out: StreamMessage[] = [];
  for (const stream of streams) {
    const parsed = parse(stream);
    if (parsed?.kind !== 'markPrice' && parsed?.kind !== 'allMarkPrice') continue;
    if (!sources.throttle.oncePerSlot(`${ctx.run.symbol} ${stream}`, quote.time, parsed.everyMs)) continue;
    out.push({ stream, message: parsed.kind === 'markPrice' ? one : all });
  }
  return out;
}

/**
 * Which of the all-symbols mark price streams (`!markPrice@arr`, `@1s`) this run may have a message for: those
 * whose slot of the run's mark time has not been looked up yet. Their subscribers live apart from the symbol's
 * (another partition, another read), so the fan-out looks them up once per slot and symbol, not once per run: a
 * subscriber found in the slot gets its one message (markPriceMessages' own throttle agrees, the time is the same),
 * and one that subscribes later in the slot gets the next slot's, as if it had subscribed a moment later.
 */
export function dueAllMarkStreams(
  ctx: RunContext,
  names: readonly string[],
  parse: (name: string) => MarketStream | undefined,
  throttle: Throttle,
): string[] {
  const quote = quoteOf(ctx);
  if (quote === undefined) return [];
  return names.filter((name) => {
    const parsed = parse(name);
    return (
      parsed?.kind === 'allMarkPrice' &&
      throttle.oncePerSlot(`lookup ${ctx.run.symbol} ${name}`, quote.time, parsed.everyMs)
    );
  });
}

function quoteOf(ctx: RunContext): MarkQuote | undefined {
  const { run, instrument, now } = ctx;
  let mark: MarkPriceUpdated | undefined;
  let trade: Trade | undefined;
  for (const event of run.events) {
    if (event.type === 'MarkPriceUpdated') mark = event;
    else if (event.type === 'Trade') trade = event;
  }
  if (mark !== undefined)
    return {
      markPrice: mark.markPrice,
      indexPrice: mark.indexPrice,
      lastPrice: trade?.price ?? 0,
      fundingRate: mark.estimatedFundingRate,
      nextFundingTime: mark.nextFundingTime,
      time: mark.time,
    };
  if (trade === undefined) return undefined;
  const ticker = ctx.market.ticker;
  if (ticker.markPrice !== null) return undefined;
  return {
    markPrice: null,
    indexPrice: null,
    lastPrice: trade.price,
    fundingRate: ticker.lastFundingRate,
    nextFundingTime: nextFundingTime(now, instrument.futures.fundingIntervalMs),
    time: trade.time,
  };
}
