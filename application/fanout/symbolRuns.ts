import type { EngineEvent } from '../../core/engine/events';
import type { SymbolBatch } from '../ports/eventLog';

/**
 * Consecutive batches of one symbol in one invocation, handled as one: one depth update covers them all (the
 * coalescing Binance's @100ms/@250ms/@500ms streams do), one ticker, one account update per account.
 */
export interface SymbolRun {
  readonly symbol: string;
  /** First event sequence: the depth update's U and pu are firstSeq − 1. */
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: readonly EngineEvent[];
  /** The hash chain's link at lastSeq (its last batch's), when that batch carries one (docs/audit.md). */
  readonly chain: string | null;
  /** The record of the run's first batch (reported as the failed item if the run fails). */
  readonly firstRecordId: string;
}

/**
 * Groups batches into runs, in the order of each run's first record. A batch that does not follow its symbol's
 * run (a gap, or a redelivered batch) starts a new run, so a run is always gap-free and a client sees a gap
 * exactly where the stream has one.
 */
export function symbolRuns(batches: readonly SymbolBatch[]): SymbolRun[] {
  const runs: {
    symbol: string;
    firstSeq: number;
    lastSeq: number;
    events: EngineEvent[];
    chain: string | null;
    firstRecordId: string;
  }[] = [];
  const open = new Map<string, (typeof runs)[number]>();
  for (const batch of batches) {
    const run = open.get(batch.symbol);
    if (run !== undefined && batch.firstSeq === run.lastSeq + 1) {
      run.events.push(...batch.events);
      run.lastSeq = batch.lastSeq;
      run.chain = batch.chain ?? null;
      continue;
    }
    const started = {
      symbol: batch.symbol,
      firstSeq: batch.firstSeq,
      lastSeq: batch.lastSeq,
      events: [...batch.events],
      chain: batch.chain ?? null,
      firstRecordId: batch.recordId,
    };
    runs.push(started);
    open.set(batch.symbol, started);
  }
  return runs;
}
