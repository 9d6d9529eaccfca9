import type { Clock } from '../ports/clock';
import type { Connection, ConnectionStore } from '../ports/connections';
import type { ListenKeyStore } from '../ports/listenKeyStore';
import { checkListenKeys } from './listenKeyCheck';

/** How long the fan-out trusts what it read about an account's user data connections. */
export const USER_LISTENERS_TTL_MS = 1_000;
/** Accounts remembered at once (oldest looked up first out). */
export const USER_LISTENERS_MAX_ACCOUNTS = 10_000;

interface Remembered {
  readonly readAt: number;
  /** The account's connections whose listen key was valid when read, and the earliest of those keys' expiries. */
  readonly live: readonly Connection[];
  readonly validUntil: number;
}

/**
 * Who listens to each account's user data, as the fan-out last read it: the account's bound connections and
 * whether their listen keys are valid. Read at most once per USER_LISTENERS_TTL_MS per account instead of once
 * per run (two reads per account: its connections, then its keys), so at steady load an account that trades in
 * every batch costs a read per second, not per batch.
 *
 * Where it may be stale, and why that is safe:
 * - A connection opened with the account's listen key less than the TTL after the account was last looked up
 *   gets its user data from the next look-up on: at most the TTL's worth of events is not pushed to it, as if it
 *   had connected that much later (a client takes its REST snapshot after connecting, as Binance advises).
 * - A connection that closed is posted to until the TTL runs out; the post says `gone`, and the outbox deletes it
 *   (`forget` drops it here too).
 * - A listen key deleted by its owner keeps feeding its owner's own connections for at most the TTL: nobody else's
 *   data. A key that expired by time is never trusted past its expiry: past it the account is read again, and only
 *   the store's answer sends `listenKeyExpired` and unbinds, so a keep-alive the cache did not see never ends a
 *   live stream.
 * Accounts with no live connection are remembered too (the common case: most traders have no user stream open).
 */
export class UserListeners {
  private readonly remembered = new Map<number, Remembered>();

  constructor(
    private readonly ctx: {
      readonly connections: Pick<ConnectionStore, 'ofAccount' | 'unbind'>;
      readonly listenKeys: ListenKeyStore;
      readonly clock: Clock;
    },
    private readonly ttlMs = USER_LISTENERS_TTL_MS,
    private readonly maxAccounts = USER_LISTENERS_MAX_ACCOUNTS,
  ) {}

  /**
   * The account's connections with a valid listen key, and those whose key expired since they bound (read from
   * the stores, never from memory: the caller tells them `listenKeyExpired` and unbinds them).
   */
  async of(accountId: number): Promise<{ live: readonly Connection[]; expired: readonly Connection[] }> {
    const now = this.ctx.clock();
    const kept = this.remembered.get(accountId);
    if (kept !== undefined && now - kept.readAt < this.ttlMs && now < kept.validUntil)
      return { live: kept.live, expired: [] };
    const connections = await this.ctx.connections.ofAccount(accountId);
    const { live, expired, validUntil } = await checkListenKeys(accountId, connections, this.ctx);
    this.remember(accountId, { readAt: now, live, validUntil });
    return { live, expired };
  }

  /** A connection that is gone or was unbound: no more user data to it from memory. */
  forget(connectionId: string): void {
    for (const [accountId, kept] of this.remembered)
      if (kept.live.some((c) => c.connectionId === connectionId))
        this.remembered.set(accountId, {
          ...kept,
          live: kept.live.filter((c) => c.connectionId !== connectionId),
        });
  }

  private remember(accountId: number, entry: Remembered): void {
    this.remembered.delete(accountId);
    this.remembered.set(accountId, entry);
    if (this.remembered.size > this.maxAccounts)
      this.remembered.delete(this.remembered.keys().next().value as number);
  }
}
