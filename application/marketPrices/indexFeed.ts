import {
  composeIndex,
  DEFAULT_INDEX_RULES,
  type IndexComposition,
  type IndexRules,
  type SourceQuote,
} from '../../core/indexPrice/compositeIndex';
import type { Clock } from '../ports/clock';
import type { CommandBus } from '../ports/commandBus';
import type { QuoteSource } from '../ports/quoteSource';
import { submitIndexPrice } from './submitIndexPrice';

/** The spot venues one symbol's index is made of. */
export interface IndexedSymbol {
  readonly symbol: string;
  readonly sources: readonly QuoteSource[];
}

/** What one tick did for one symbol. */
export interface IndexTick {
  readonly symbol: string;
  readonly composition: IndexComposition;
  /** The sources that failed to answer this tick, with why (their previous quote, if fresh, still counts). */
  readonly failures: readonly { readonly source: string; readonly error: string }[];
  /** Put on the stream (false: no usable source, a dry run, or the put failed). */
  readonly published: boolean;
  /** The put's failure, when it failed: the next tick replaces the lost update. */
  readonly publishError?: string;
}

/**
 * The index feed: once per tick, ask every venue of every symbol for its last price, compose each symbol's index
 * (core/indexPrice/compositeIndex: stale after 10 s, outliers beyond 5% of the median dropped, weighted average)
 * and submit it as `UpdateIndexPrice` on the symbol's key. Venues are asked in parallel, and a venue that fails
 * or hangs costs only its own quote: its previous one stays until it is stale. A symbol with no usable source
 * publishes nothing (the mark keeps its last value; the "no fresh index" alarm fires after 30 s).
 */
export class IndexFeed {
  /** The latest quote of each venue, per symbol. */
  private readonly quotes = new Map<string, Map<string, SourceQuote>>();

  constructor(
    private readonly ctx: { readonly commands: CommandBus; readonly clock: Clock },
    readonly symbols: readonly IndexedSymbol[],
    private readonly rules: IndexRules = DEFAULT_INDEX_RULES,
  ) {}

  /** One round over every symbol. `publish: false` (the `--check` dry run) composes without putting. */
  async tick(options: { readonly publish?: boolean } = {}): Promise<IndexTick[]> {
    return Promise.all(this.symbols.map((indexed) => this.tickSymbol(indexed, options.publish ?? true)));
  }

  private async tickSymbol(indexed: IndexedSymbol, publish: boolean): Promise<IndexTick> {
    const { symbol, sources } = indexed;
    const latest = this.quotes.get(symbol) ?? new Map<string, SourceQuote>();
    this.quotes.set(symbol, latest);
    const answers = await Promise.allSettled(sources.map((source) => source.latest()));
    const receivedAt = this.ctx.clock();
    const failures: { source: string; error: string }[] = [];
    answers.forEach((answer, i) => {
      const source = sources[i]!.name;
      if (answer.status === 'fulfilled') latest.set(source, { source, price: answer.value, receivedAt });
      else failures.push({ source, error: errorText(answer.reason) });
    });

    const composition = composeIndex(
      sources.map(({ name, weight }) => ({ name, weight })),
      [...latest.values()],
      this.ctx.clock(),
      this.rules,
    );
    if (composition.price === undefined || !publish)
      return { symbol, composition, failures, published: false };
    try {
      // The command carries what made the index (each used venue and its price), so the log explains every mark.
      const used = composition.used.map((u) => ({ name: u.source, price: u.price }));
      await submitIndexPrice(this.ctx, symbol, composition.price, used);
      return { symbol, composition, failures, published: true };
    } catch (error) {
      return { symbol, composition, failures, published: false, publishError: errorText(error) };
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
