import type { Clock } from '../ports/clock';
import {
  LISTENER_CHANGE_LATE_MS,
  LISTENER_CHANGES_KEPT_MS,
  type ListenerChangeLog,
} from '../ports/connections';

/**
 * Engine time against the fan-out's: the matcher's and the fan-out's clocks, and the writers' of the listener
 * change log, are this close.
 */
export const CLOCK_MARGIN_MS = 100;
/**
 * How long after a change a read of an index (connections byAccount, subscriptions bySymbol, both eventually
 * consistent) may still not show it: a read made less than this after a change it is about is used once, not
 * remembered.
 */
export const INDEX_SETTLE_MS = 1_000;
/**
 * After a pause longer than this the fan-out does not ask the log for what changed meanwhile (the log keeps
 * changes for LISTENER_CHANGES_KEPT_MS, deleted some time after): it forgets everything and reads again.
 */
export const LISTENER_CHANGES_TRUSTED_MS = LISTENER_CHANGES_KEPT_MS / 10;

interface Kept<V> {
  readonly readAt: number;
  readonly value: V;
}

/**
 * What the fan-out read about who listens to one kind of key (an account's user data, a symbol's market
 * streams), kept until the listener change log says the key changed. A read is remembered only if no change to
 * its key is so recent that the index it came from may not show it yet (INDEX_SETTLE_MS); such a read serves its
 * own run and the next run reads again. At most `max` keys, the oldest read first out.
 */
export class ListenerMemory<K, V> {
  private readonly kept = new Map<K, Kept<V>>();
  /** The newest change seen per key, while a read may still not show it. */
  private readonly recent = new Map<K, number>();
  /** Reads made before this are not remembered (the memory was cleared after it). */
  private floor = Number.NEGATIVE_INFINITY;

  constructor(private readonly max: number) {}

  get(key: K): Kept<V> | undefined {
    return this.kept.get(key);
  }

  /** A read made at `readAt` (the fan-out's clock, taken before the read was sent). */
  put(key: K, readAt: number, value: V): void {
    this.kept.delete(key);
    if (readAt < this.floor || (this.recent.get(key) ?? Number.NEGATIVE_INFINITY) >= readAt - INDEX_SETTLE_MS)
      return;
    this.kept.set(key, { readAt, value });
    if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value as K);
  }

  /** The log says the key changed at `at` (the writer's clock): a read that may not show it is forgotten. */
  changed(key: K, at: number): void {
    this.recent.set(key, Math.max(at, this.recent.get(key) ?? at));
    const kept = this.kept.get(key);
    if (kept !== undefined && at >= kept.readAt - INDEX_SETTLE_MS) this.kept.delete(key);
  }

  /** Each kept value replaced by `update`'s answer (the fan-out's own deletions: a connection that is gone). */
  update(update: (value: V) => V): void {
    for (const [key, kept] of this.kept) this.kept.set(key, { ...kept, value: update(kept.value) });
  }

  /** Changes older than any read from `now` on could miss are no longer needed. */
  prune(now: number): void {
    for (const [key, at] of this.recent)
      if (at < now - INDEX_SETTLE_MS - CLOCK_MARGIN_MS) this.recent.delete(key);
  }

  /** Forgets everything read before `now`. */
  clear(now: number): void {
    this.kept.clear();
    this.recent.clear();
    this.floor = now;
  }
}

/**
 * The fan-out's reader of the listener change log: one strongly consistent read per delivery (fewer when the
 * fan-out runs behind the engine) tells every ListenerMemory which of its keys changed since the last look-up.
 *
 * Why a look-up is enough: a client that opens a user data stream (or subscribes) and then trades had its
 * connection (its subscription) written, and the change appended after it, before the trade happened; the fan-out
 * looks the log up after the trade's events reached it, so the change is in the answer and the account (the
 * symbol) is read again. A run delivered before the last look-up began, or whose events all happened before it
 * (engine time < look-up time − CLOCK_MARGIN_MS), needs no new look-up. Each look-up asks from the previous one's
 * time − LISTENER_CHANGE_LATE_MS − CLOCK_MARGIN_MS (a change lands at most that long after its stamp, on the
 * writer's clock), the first from INDEX_SETTLE_MS earlier still (reads made right after it may not show the changes
 * just before it). Changes seen twice are harmless: a change only makes a read that may not show it be read again.
 */
export class ListenerChangeFeed {
  private lookedUpAt: number | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly ctx: { readonly listenerChanges: ListenerChangeLog; readonly clock: Clock },
    private readonly memories: {
      readonly accounts: ListenerMemory<number, unknown>;
      readonly symbols: ListenerMemory<string, unknown>;
    },
  ) {}

  /**
   * Reads the log unless the last look-up began after the run was delivered (`deliveredAt`, on the fan-out's own
   * clock) or after every event up to `eventsUpTo` (engine time, with the clocks' margin). A delivered run's events
   * happened before it was delivered, and a change that came before them was appended before them: a look-up
   * begun after the delivery has it. So the runs of one delivery (a Lambda batch: every symbol of a stream shard)
   * share one look-up, however recent their events.
   */
  async lookUp(eventsUpTo: number, deliveredAt?: number): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
    const last = this.lookedUpAt;
    const delivered = deliveredAt !== undefined && last !== undefined && deliveredAt < last;
    if (delivered || (last !== undefined && eventsUpTo < last - CLOCK_MARGIN_MS)) return;
    this.inFlight = this.read().finally(() => {
      this.inFlight = undefined;
    });
    await this.inFlight;
  }

  private async read(): Promise<void> {
    const now = this.ctx.clock();
    const { accounts, symbols } = this.memories;
    const unbroken = this.lookedUpAt !== undefined && now - this.lookedUpAt < LISTENER_CHANGES_TRUSTED_MS;
    if (!unbroken) {
      accounts.clear(now);
      symbols.clear(now);
    }
    const since = unbroken
      ? this.lookedUpAt! - LISTENER_CHANGE_LATE_MS - CLOCK_MARGIN_MS
      : now - Math.max(INDEX_SETTLE_MS, LISTENER_CHANGE_LATE_MS) - CLOCK_MARGIN_MS;
    for (const change of await this.ctx.listenerChanges.since(since)) {
      for (const account of change.accounts) accounts.changed(account, change.at);
      for (const symbol of change.symbols) symbols.changed(symbol, change.at);
    }
    accounts.prune(now);
    symbols.prune(now);
    this.lookedUpAt = now;
  }
}
