import type { EngineEvent } from '../../core/engine/events';
import type { SymbolRun } from './symbolRuns';

/** Events remembered per symbol: at 4 events an order, the last few hundred orders. */
export const RECENT_EVENTS_PER_SYMBOL = 2_000;

interface Kept {
  /** The memory holds every event with after < seq ≤ upTo. */
  after: number;
  upTo: number;
  events: EngineEvent[];
}

/**
 * The last events the fan-out itself handled, per symbol, gap-free: the log between a read model's point and the
 * run, which the fan-out would otherwise read back (an account last settled two batches ago, an order placed a
 * few batches before its fill). What it holds is what the stream delivered, which is what the log holds; a gap
 * (a cold start, a run that failed and comes again) starts the memory over from the next run.
 */
export class RecentEvents {
  private readonly bySymbol = new Map<string, Kept>();

  constructor(private readonly maxPerSymbol = RECENT_EVENTS_PER_SYMBOL) {}

  /** The symbol's events with after < seq ≤ upTo, if all of them are remembered; undefined otherwise. */
  between(symbol: string, after: number, upTo: number): readonly EngineEvent[] | undefined {
    const kept = this.bySymbol.get(symbol);
    if (kept === undefined || after < kept.after || upTo > kept.upTo) return undefined;
    return kept.events.filter((e) => e.seq > after && e.seq <= upTo);
  }

  /** Whether every event of the symbol with after < seq ≤ upTo is remembered. */
  covers(symbol: string, after: number, upTo: number): boolean {
    const kept = this.bySymbol.get(symbol);
    return upTo <= after || (kept !== undefined && after >= kept.after && upTo <= kept.upTo);
  }

  /** A run whose messages were built: its events follow the memory's, or start it over. */
  remember(run: SymbolRun): void {
    const boundary = run.firstSeq - 1;
    const kept = this.bySymbol.get(run.symbol);
    let next: Kept;
    if (kept !== undefined && boundary >= kept.after && boundary <= kept.upTo) {
      // Follows on, or comes again over the memory's end (a redelivery): the run's own copy wins from its start.
      const before = boundary === kept.upTo ? kept.events : kept.events.filter((e) => e.seq <= boundary);
      next = { after: kept.after, upTo: run.lastSeq, events: [...before, ...run.events] };
    } else {
      next = { after: boundary, upTo: run.lastSeq, events: [...run.events] };
    }
    const excess = next.events.length - this.maxPerSymbol;
    if (excess > 0) {
      next.after = next.events[excess - 1]!.seq;
      next.events = next.events.slice(excess);
    }
    this.bySymbol.set(run.symbol, next);
  }
}
