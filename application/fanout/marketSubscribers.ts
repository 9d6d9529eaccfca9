import type { Clock } from '../ports/clock';
import { type Subscriber, type SubscriptionStore, symbolOf } from '../ports/connections';
import { ListenerMemory } from './listenerMemory';

/** How long a symbol's subscribers are trusted without a change in the log (a backstop, see below). */
export const MARKET_SUBSCRIBERS_TTL_MS = 60_000;
/** Symbols (and all-market streams) remembered at once. */
export const MARKET_SUBSCRIBERS_MAX_SYMBOLS = 10_000;

type BySymbol = ReadonlyMap<string, readonly Subscriber[]>;

/**
 * Who subscribes to each symbol's market streams, as the fan-out last read it (one bySymbol read per symbol, and
 * one per all-market stream partition such as `!markPrice@arr`): kept until the listener change log says the
 * symbol's subscriptions changed (ListenerChangeFeed, looked up once per run), so at steady load a run reads no
 * subscribers at all.
 *
 * Where it may be stale, and why that is safe:
 * - A SUBSCRIBE (UNSUBSCRIBE) is in the log before its answer goes back: a run whose events reach the fan-out
 *   after it looks the log up again and reads the symbol's subscribers afresh, so a client that subscribed and
 *   then sees a trade happen gets it. A read right after a change (the index may not show it yet,
 *   INDEX_SETTLE_MS) serves its run and is not remembered.
 * - A connection found gone is dropped from memory at once (its rows are deleted, which is a change too).
 * - A writer that dies between the rows and the log's entry leaves its client without an answer; the set is read
 *   again after MARKET_SUBSCRIBERS_TTL_MS regardless, so such a subscription is served (or an unsubscribed one
 *   stops) within a minute.
 */
export class MarketSubscribers {
  readonly memory = new ListenerMemory<string, BySymbol>(MARKET_SUBSCRIBERS_MAX_SYMBOLS);

  constructor(
    private readonly ctx: {
      readonly subscriptions: Pick<SubscriptionStore, 'subscribersOfSymbol'>;
      readonly clock: Clock;
    },
    private readonly ttlMs = MARKET_SUBSCRIBERS_TTL_MS,
  ) {}

  /** The subscribers of each of these streams that has any. The caller has looked the change log up for the run. */
  async of(streams: readonly string[]): Promise<Map<string, readonly Subscriber[]>> {
    const symbols = [...new Set(streams.map(symbolOf))];
    const sets = await Promise.all(symbols.map((symbol) => this.ofSymbol(symbol)));
    const wanted = new Set(streams);
    const found = new Map<string, readonly Subscriber[]>();
    for (const set of sets)
      for (const [stream, subscribers] of set)
        if (wanted.has(stream) && subscribers.length > 0) found.set(stream, subscribers);
    return found;
  }

  /** A connection that is gone: nothing more to it from memory. */
  forget(connectionId: string): void {
    this.memory.update((set) => {
      if (![...set.values()].some((list) => list.some((s) => s.connectionId === connectionId))) return set;
      return new Map(
        [...set].map(([stream, list]) => [stream, list.filter((s) => s.connectionId !== connectionId)]),
      );
    });
  }

  private async ofSymbol(symbol: string): Promise<BySymbol> {
    const now = this.ctx.clock();
    const kept = this.memory.get(symbol);
    if (kept !== undefined && now - kept.readAt < this.ttlMs) return kept.value;
    const set = await this.ctx.subscriptions.subscribersOfSymbol(symbol);
    this.memory.put(symbol, now, set);
    return set;
  }
}
