import type { Instrument } from '../../core/symbol/instrument';
import type { SymbolBatch } from '../ports/eventLog';

/**
 * One read model: applies a symbol's batch of events to its store, idempotently (a redelivered or half-applied
 * batch writes nothing twice). The projector drives every model in order; a rebuild drives one.
 */
export interface ReadModel {
  readonly name: string;
  apply(batch: SymbolBatch, context: ProjectionContext): Promise<void>;
}

export interface ProjectionContext {
  /** The symbol's spec as of this batch (units for formatting). */
  readonly instrument: Instrument;
  /**
   * The batch follows what the model stores (the projector checked its progress and is the symbol's only writer;
   * a rebuild replays in order): the runner may keep state between batches and write unconditionally.
   */
  readonly follows?: boolean;
}

/** Runs `work` over the items with at most `width` in flight (independent writes of one batch). */
export async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
