import type { Instrument } from '../../core/symbol/instrument';
import type { EventWindow } from './eventWindow';
import type { SymbolRun } from './symbolRuns';

/** What every message builder of one run shares. */
export interface RunContext {
  readonly run: SymbolRun;
  readonly instrument: Instrument;
  readonly window: EventWindow;
  /** The projector's progress in the symbol, read once per run on first use. */
  readonly projected: () => Promise<number>;
  /** The messages' event time E. */
  readonly now: number;
}

export function once<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read();
    return value;
  };
}
