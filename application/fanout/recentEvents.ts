import { accountsToSettle } from '../../core/accounts/settlement';
import type { EngineEvent } from '../../core/engine/events';
import type { SymbolRun } from './symbolRuns';

/** Events remembered per symbol: at 4 events an order, the last few hundred orders. */
export const RECENT_EVENTS_PER_SYMBOL = 2_000;

/**
 * Below this many accounts a symbol's index of who its events concern is never pruned; above, it is rebuilt from
 * the events whenever it has doubled since the last rebuild, so it stays within twice the accounts the remembered
 * events concern, whatever passed through (a rebuild costs a pass over them, paid for by as many insertions).
 */
const INVOLVED_KEPT_UNPRUNED = 1_000;

interface Kept {
  /** The memory holds every event with after < seq ≤ upTo. */
  after: number;
  upTo: number;
  events: EngineEvent[];
  /**
   * Per account, the last remembered event that concerns it (accountsToSettle), so that a question about one
   * account skips the symbols it has no events in without a look at them. It may hold accounts whose events have
   * left the memory since (they answer "not after its settled point" or "not in hand", as they should) until it
   * is rebuilt (INVOLVED_KEPT_UNPRUNED).
   */
  involved: Map<number, number>;
  involvedAtRebuild: number;
}

/** A symbol's remembered events that an account's wallet has not taken in yet. */
export interface UnsettledEvents {
  readonly symbol: string;
  readonly events: readonly EngineEvent[];
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

  /**
   * For each remembered symbol but `except`, the events after the account's settled point there (`settledSeq`,
   * as its state read says) up to the memory's end, where any of them concerns the account: what the fan-out
   * handled for it that the state does not hold yet. A symbol whose memory does not reach back to the settled
   * point is left out (what came between is not in hand).
   */
  unsettled(
    accountId: number,
    settledSeq: Readonly<Record<string, number>>,
    except: string,
  ): UnsettledEvents[] {
    const found: UnsettledEvents[] = [];
    for (const [symbol, kept] of this.bySymbol) {
      if (symbol === except) continue;
      const settled = settledSeq[symbol] ?? 0;
      const last = kept.involved.get(accountId);
      if (last === undefined || last <= settled || settled < kept.after) continue;
      found.push({ symbol, events: kept.events.filter((e) => e.seq > settled) });
    }
    return found;
  }

  /** A run whose messages were built: its events follow the memory's, or start it over. */
  remember(run: SymbolRun): void {
    const boundary = run.firstSeq - 1;
    const kept = this.bySymbol.get(run.symbol);
    let next: Kept;
    if (kept !== undefined && boundary >= kept.after && boundary <= kept.upTo) {
      // Follows on, or comes again over the memory's end (a redelivery): the run's own copy wins from its start.
      // A redelivery holds the same events as the log, so the index stays true.
      const before = boundary === kept.upTo ? kept.events : kept.events.filter((e) => e.seq <= boundary);
      next = { ...kept, upTo: run.lastSeq, events: [...before, ...run.events] };
      index(next.involved, run.events);
    } else {
      next = {
        after: boundary,
        upTo: run.lastSeq,
        events: [...run.events],
        involved: index(new Map(), run.events),
        involvedAtRebuild: 0,
      };
    }
    const excess = next.events.length - this.maxPerSymbol;
    if (excess > 0) {
      next.after = next.events[excess - 1]!.seq;
      next.events = next.events.slice(excess);
    }
    if (next.involved.size > Math.max(INVOLVED_KEPT_UNPRUNED, 2 * next.involvedAtRebuild)) {
      next.involved = index(new Map(), next.events);
      next.involvedAtRebuild = next.involved.size;
    }
    this.bySymbol.set(run.symbol, next);
  }
}

function index(involved: Map<number, number>, events: readonly EngineEvent[]): Map<number, number> {
  for (const event of events)
    for (const accountId of accountsToSettle(event)) involved.set(accountId, event.seq);
  return involved;
}
