import type { EngineEvent } from '../../core/engine/events';
import { foldEvents, type ReadModelFold } from '../../core/projections/readModelFold';
import type { Instrument } from '../../core/symbol/instrument';

/** Where a folded model's state comes from after a cold start, and where its changed items go. */
export interface FoldStore<S, I> {
  /**
   * The stored state a batch continues (a catch-up read): every item the batch's events can change, as stored.
   * `events` are the batch's, so the store can read just the keys they touch.
   */
  load(symbol: string, events: readonly EngineEvent[], instrument: Instrument): Promise<S>;
  /**
   * Writes a batch's changed items, each once. `guarded`: each write only if the stored item is older (the
   * lastSeq condition), for a batch that may not follow what is stored; else unconditionally, in batches.
   */
  write(symbol: string, items: readonly I[], guarded: boolean): Promise<void>;
  /**
   * For a model keyed by something a state cannot hold all of (orders): the state with what the batch touches
   * and it lacks, read from the store; run before every batch the runner folds onto a kept state.
   */
  fill?(symbol: string, state: S, events: readonly EngineEvent[], instrument: Instrument): Promise<S>;
}

/** One symbol's batch as the runner takes it. */
export interface FoldBatch {
  readonly symbol: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: readonly EngineEvent[];
}

export interface FoldRun<S, I> {
  readonly before: S;
  readonly after: S;
  /** What the batch changed and wrote (none when not writing). */
  readonly changes: readonly I[];
}

/** Symbols whose state a runner keeps; beyond, the least recently used is loaded again when it comes back. */
export const DEFAULT_CACHED_SYMBOLS = 2_000;

/**
 * The one runner of every read model: folds a symbol's batch into the model's state and writes the items that
 * changed, each once (coalesced), then keeps the state for the symbol's next batch, so a steady stream of
 * batches costs no reads. The state is loaded from the store (a catch-up read) on a cold start, and whenever a
 * batch does not follow the one before it in this process.
 *
 * `follows`: the caller vouches that the batch follows what is stored (the projector checked its progress; it is
 * the symbol's only writer; a rebuild replays in order into dropped items): writes are unconditional
 * BatchWriteItems. Otherwise the state is loaded afresh, each write is conditional on the stored item's lastSeq,
 * and nothing is kept. A failed write forgets the symbol's state (the next batch loads it again).
 */
export class FoldRunner<S, I> {
  private readonly states = new Map<string, { state: S; upTo: number }>();

  constructor(
    readonly fold: ReadModelFold<S, I>,
    private readonly store: FoldStore<S, I>,
    private readonly cachedSymbols = DEFAULT_CACHED_SYMBOLS,
  ) {}

  async run(
    batch: FoldBatch,
    instrument: Instrument,
    options: { readonly follows: boolean; readonly write: boolean },
  ): Promise<FoldRun<S, I>> {
    const { symbol } = batch;
    const cached = this.states.get(symbol);
    this.states.delete(symbol);
    const warm = options.follows && cached !== undefined && cached.upTo === batch.firstSeq - 1;
    const before = warm
      ? ((await this.store.fill?.(symbol, cached.state, batch.events, instrument)) ?? cached.state)
      : await this.store.load(symbol, batch.events, instrument);
    const after = foldEvents(this.fold, before, batch.events, instrument);
    // A reader that does not write (the fan-out) has no use for the items.
    const changes = options.write ? this.fold.changes(before, after) : [];
    if (changes.length > 0) await this.store.write(symbol, changes, !options.follows);
    if (options.follows) this.keep(symbol, this.fold.retain(after), batch.lastSeq);
    return { before, after, changes };
  }

  /** Forgets every symbol's state (what a process does when it cannot vouch for its memory any more). */
  forget(): void {
    this.states.clear();
  }

  private keep(symbol: string, state: S, upTo: number): void {
    this.states.set(symbol, { state, upTo });
    if (this.states.size > this.cachedSymbols) this.states.delete(this.states.keys().next().value!);
  }
}
