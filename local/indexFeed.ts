import { readFileSync } from 'node:fs';
import { parseReplayCsv, ReplayQuoteSource } from '../adapters/quotes/replayQuoteSource';
import { seededRandom } from '../adapters/quotes/seededRandom';
import { SimulatedQuoteSource } from '../adapters/quotes/simulatedQuoteSource';
import { IndexFeed, type IndexTick } from '../application/marketPrices/indexFeed';
import type { Clock } from '../application/ports/clock';
import type { CommandBus } from '../application/ports/commandBus';
import type { QuoteSource } from '../application/ports/quoteSource';
import { FeedRunner } from '../index-feed-fargate/feedRunner';
import { DEMO_MARKETS } from './demo/marketMaker';

export interface LocalIndexFeedOptions {
  readonly symbols: readonly string[];
  /** Seed of the simulated walks (default 1): the same seed, the same index path. */
  readonly seed?: number;
  /** A CSV of `time,price` replayed for every symbol instead of the simulated walk (adapters/quotes/replayQuoteSource). */
  readonly replayCsv?: string;
  /** Where each symbol's simulated walk starts (default: the demo's start prices). */
  readonly startPrices?: Readonly<Record<string, string>>;
  readonly intervalMs?: number;
  readonly onTick?: (ticks: readonly IndexTick[]) => void;
  readonly clock?: Clock;
}

/**
 * The local index feed of `npm start`: the production feed's use case and runner (application/marketPrices/
 * indexFeed, index-feed-fargate/feedRunner) on a simulated venue per symbol (a seeded random walk around the
 * symbol's preset price) or on a replayed CSV, putting UpdateIndexPrice on the local stream. Test stacks run
 * without it unless a test starts it. Returns the stop (waits for the tick in hand).
 */
export function startLocalIndexFeed(
  ctx: { readonly commands: CommandBus },
  options: LocalIndexFeedOptions,
): () => Promise<void> {
  const clock = options.clock ?? Date.now;
  const rows =
    options.replayCsv === undefined ? undefined : parseReplayCsv(readFileSync(options.replayCsv, 'utf8'));
  const random = seededRandom(options.seed ?? 1);
  const symbols = options.symbols.map((symbol) => {
    let source: QuoteSource;
    if (rows !== undefined) source = new ReplayQuoteSource('replay', rows, clock);
    else {
      const startPrice =
        options.startPrices?.[symbol] ??
        String(DEMO_MARKETS.find((m) => m.symbol === symbol)?.startPrice ?? '');
      if (startPrice === '')
        throw new Error(`${symbol}: no start price for the simulated index (startPrices)`);
      source = new SimulatedQuoteSource('simulated', { startPrice }, random);
    }
    return { symbol, sources: [source] };
  });
  const runner = new FeedRunner(
    new IndexFeed({ commands: ctx.commands, clock }, symbols),
    options.intervalMs ?? 1_000,
    options.onTick ?? (() => {}),
  );
  runner.start();
  return () => runner.stop();
}
