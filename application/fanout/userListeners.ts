import type { Clock } from '../ports/clock';
import type { Connection, ConnectionStore } from '../ports/connections';
import type { ListenKeyStore } from '../ports/listenKeyStore';
import { checkListenKeys } from './listenKeyCheck';

/** How long the fan-out trusts what it read about an account's user data connections. */
export const USER_LISTENERS_TTL_MS = 1_000;
/**
 * Engine time against the look-up's: the matcher's and the connecting Lambda's clocks, and the connections index's
 * propagation, are this close.
 */
export const CLOCK_MARGIN_MS = 100;
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
 * - An account found without a listening connection is remembered so only for events that happened before the
 *   look-up (engine time < read time − CLOCK_MARGIN_MS): a connection opened after the look-up was not open when
 *   they happened, and Binance's user data stream starts at the connection too. For later events the account is
 *   read again, so a trader who connects and then trades (or gets liquidated) misses nothing.
 * - A second connection of an account that already listens, opened less than the TTL after the look-up, gets its
 *   user data from the next look-up on: at most the TTL's worth, which the account's first connection did get.
 * - A connection that closed is posted to until the TTL runs out; the post says `gone`, and the outbox deletes it
 *   (`forget` drops it here too).
 * - A listen key deleted by its owner keeps feeding its owner's own connections for at most the TTL: nobody else's
 *   data. A key that expired by time is never trusted past its expiry: past it the account is read again, and only
 *   the store's answer sends `listenKeyExpired` and unbinds, so a keep-alive the cache did not see never ends a
 *   live stream.
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
   * The account's connections with a valid listen key for events up to `eventsUpTo` (engine time), and those
   * whose key expired since they bound (read from the stores, never from memory: the caller tells them
   * `listenKeyExpired` and unbinds them).
   */
  async of(
    accountId: number,
    eventsUpTo: number,
  ): Promise<{ live: readonly Connection[]; expired: readonly Connection[] }> {
    const now = this.ctx.clock();
    const kept = this.remembered.get(accountId);
    if (
      kept !== undefined &&
      now - kept.readAt < this.ttlMs &&
      now < kept.validUntil &&
      (kept.live.length > 0 || eventsUpTo < kept.readAt - CLOCK_MARGIN_MS)
    )
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
