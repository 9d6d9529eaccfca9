import type { Clock } from '../ports/clock';
import type { Connection, ConnectionStore } from '../ports/connections';
import type { ListenKeyStore } from '../ports/listenKeyStore';
import { ListenerMemory } from './listenerMemory';
import { checkListenKeys } from './listenKeyCheck';

/**
 * How long the fan-out trusts what it read about an account's live user data connections without a change in the
 * log (a backstop, see below).
 */
export const USER_LISTENERS_TTL_MS = 60_000;
/** Accounts remembered at once (oldest looked up first out). */
export const USER_LISTENERS_MAX_ACCOUNTS = 10_000;

interface Read {
  /** The account's connections whose listen key was valid when read, and the earliest of those keys' expiries. */
  readonly live: readonly Connection[];
  readonly validUntil: number;
}

/**
 * Who listens to each account's user data, as the fan-out last read it: the account's bound connections and
 * whether their listen keys are valid. An account is read (its connections, then its keys) when the fan-out has
 * no memory of it, when the listener change log names it (a connection bound to it, its listen key deleted;
 * ListenerChangeFeed looks the log up once per run, for all accounts), when a remembered key's expiry passes,
 * and, while it listens, once per USER_LISTENERS_TTL_MS regardless. So at steady load an account costs no read
 * of who listens, with or without a user stream.
 *
 * Where it may be stale, and why that is safe:
 * - An account found without a listening connection stays so until the log shows it bound: the look-up made after
 *   the run's events arrived holds every binding written before them, so a trader who connects and then trades
 *   (or gets liquidated) misses nothing. A read right after a binding (the connections index may not show it yet,
 *   INDEX_SETTLE_MS) serves its run and is not remembered.
 * - A second connection of an account that already listens is a binding too: the account is read again at once.
 * - A connection that closed is posted to once more; the post says `gone`, and the outbox deletes it (`forget`
 *   drops it here too).
 * - A listen key deleted by its owner is in the log: the account is read again in the next run, its connections
 *   told `listenKeyExpired` and unbound. (Had the writer died between the delete and the log, its owner's own
 *   connections would be fed for at most the TTL: nobody else's data.) A key that expired by time is never
 *   trusted past its expiry: past it the account is read again, and only the store's answer sends
 *   `listenKeyExpired` and unbinds, so a keep-alive the cache did not see never ends a live stream.
 */
export class UserListeners {
  readonly memory: ListenerMemory<number, Read>;

  constructor(
    private readonly ctx: {
      readonly connections: Pick<ConnectionStore, 'ofAccount' | 'unbind'>;
      readonly listenKeys: ListenKeyStore;
      readonly clock: Clock;
    },
    private readonly ttlMs = USER_LISTENERS_TTL_MS,
    maxAccounts = USER_LISTENERS_MAX_ACCOUNTS,
  ) {
    this.memory = new ListenerMemory(maxAccounts);
  }

  /**
   * The account's connections with a valid listen key, and those whose key expired since they bound (read from
   * the stores, never from memory: the caller tells them `listenKeyExpired` and unbinds them). The caller has
   * looked the listener change log up for the run (ListenerChangeFeed.lookUp).
   */
  async of(accountId: number): Promise<{ live: readonly Connection[]; expired: readonly Connection[] }> {
    const now = this.ctx.clock();
    const kept = this.trusted(accountId, now);
    if (kept !== undefined) return { live: kept.live, expired: [] };
    const connections = await this.ctx.connections.ofAccount(accountId);
    const { live, expired, validUntil } = await checkListenKeys(accountId, connections, this.ctx);
    this.memory.put(accountId, now, { live, validUntil });
    return { live, expired };
  }

  /**
   * Whether the account listens as far as the fan-out remembers (what `of` would answer without a read, before this
   * run's look-up of the change log). A guess to begin work on, never who is posted to.
   */
  remembersListening(accountId: number): boolean {
    return (this.trusted(accountId, this.ctx.clock())?.live.length ?? 0) > 0;
  }

  /** What was read about the account, while it may be served from memory. */
  private trusted(accountId: number, now: number): Read | undefined {
    const kept = this.memory.get(accountId);
    if (kept === undefined || now >= kept.value.validUntil) return undefined;
    if (kept.value.live.length > 0 && now - kept.readAt >= this.ttlMs) return undefined;
    return kept.value;
  }

  /** A connection that is gone or was unbound: no more user data to it from memory. */
  forget(connectionId: string): void {
    this.memory.update((read) =>
      read.live.some((c) => c.connectionId === connectionId)
        ? { ...read, live: read.live.filter((c) => c.connectionId !== connectionId) }
        : read,
    );
  }
}
