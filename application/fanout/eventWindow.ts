import type { EngineEvent } from '../../core/engine/events';
import type { EventLog } from '../ports/eventLog';
import type { RecentEvents, UnsettledEvents } from './recentEvents';
import type { SymbolRun } from './symbolRuns';

/** How far from a run the fan-out reads the log to reconcile a read model; beyond, it gives up on the message. */
export const MAX_WINDOW_EVENTS = 20_000;

/**
 * A symbol's events around a run. The fan-out and the projector consume the events stream independently, so a
 * read model the fan-out reads (an order, a candle, an account) may stand a little before the run or already past
 * it. Each read model item says which sequence it reflects; the window supplies the events between that point
 * and the run, from the run in hand or from the event log, so the fan-out can bring the item exactly to the
 * run's boundaries. Events the fan-out handled in its last runs come from its memory (RecentEvents) without a
 * read; reads outside the run and that memory are cached per run.
 */
export class EventWindow {
  private readonly cache = new Map<string, Promise<readonly EngineEvent[]>>();

  constructor(
    readonly run: SymbolRun,
    private readonly store: Pick<EventLog, 'itemsAfter'>,
    private readonly recent?: RecentEvents,
  ) {}

  /** Whether the events from `after` up to the run are in hand (the run, or the fan-out's memory): no read. */
  inHand(after: number): boolean {
    const boundary = this.run.firstSeq - 1;
    return after >= boundary || (this.recent?.covers(this.run.symbol, after, boundary) ?? false);
  }

  /**
   * The events of other symbols the fan-out handled before this run that concern the account after its settled
   * point there (RecentEvents.unsettled): in memory only, never read.
   */
  unsettledElsewhere(accountId: number, settledSeq: Readonly<Record<string, number>>): UnsettledEvents[] {
    return this.recent?.unsettled(accountId, settledSeq, this.run.symbol) ?? [];
  }

  /** Events with after < seq ≤ upTo, in order; undefined if that reaches too far from the run. */
  async between(after: number, upTo: number): Promise<readonly EngineEvent[] | undefined> {
    if (upTo <= after) return [];
    const { firstSeq, lastSeq, events } = this.run;
    if (firstSeq - 1 - after > MAX_WINDOW_EVENTS || upTo - lastSeq > MAX_WINDOW_EVENTS) return undefined;
    const before = after < firstSeq - 1 ? await this.stored(after, Math.min(upTo, firstSeq - 1)) : [];
    const inRun = events.filter((e) => e.seq > after && e.seq <= upTo);
    const later = upTo > lastSeq ? await this.stored(Math.max(after, lastSeq), upTo) : [];
    return [...before, ...inRun, ...later];
  }

  private stored(after: number, upTo: number): Promise<readonly EngineEvent[]> {
    const remembered = this.recent?.between(this.run.symbol, after, upTo);
    if (remembered !== undefined) return Promise.resolve(remembered);
    const key = `${after}:${upTo}`;
    let read = this.cache.get(key);
    if (read === undefined) {
      read = this.read(after, upTo);
      this.cache.set(key, read);
    }
    return read;
  }

  private async read(after: number, upTo: number): Promise<readonly EngineEvent[]> {
    const found: EngineEvent[] = [];
    for await (const item of this.store.itemsAfter(this.run.symbol, after)) {
      if (item.events === null) break;
      for (const event of item.events) if (event.seq > after && event.seq <= upTo) found.push(event);
      if (item.last >= upTo) break;
    }
    return found;
  }
}
