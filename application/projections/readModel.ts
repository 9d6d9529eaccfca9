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
