import type { AccountStore, StoredAccountEvent } from '../../application/ports/accountStore';
import type { Clock } from '../../application/ports/clock';
import type { AccountState } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';

/** Accounts in memory: each a list of versions, appended to only after the newest. */
export class MemoryAccountStore implements AccountStore {
  private readonly streams = new Map<number, { stored: StoredAccountEvent; state: AccountState }[]>();
  private lastId = 0;

  constructor(private readonly clock: Clock = Date.now) {}

  async load(accountId: number): Promise<AccountState | undefined> {
    const versions = this.streams.get(accountId);
    const newest = versions?.[versions.length - 1];
    return newest === undefined ? undefined : structuredClone(newest.state);
  }

  async append(accountId: number, events: readonly AccountEvent[], state: AccountState): Promise<boolean> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    const versions = this.streams.get(accountId) ?? [];
    const first = state.version - events.length + 1;
    // As the table's conditional write: an append that followed the same state got in first.
    if ((versions.at(-1)?.stored.version ?? 0) >= first) return false;
    const time = this.clock();
    const after = structuredClone(state);
    events.forEach((event, i) => {
      versions.push({ stored: { version: first + i, event: structuredClone(event), time }, state: after });
    });
    this.streams.set(accountId, versions);
    return true;
  }

  async history(accountId: number): Promise<StoredAccountEvent[]> {
    return (this.streams.get(accountId) ?? []).map((v) => structuredClone(v.stored));
  }

  async nextAccountId(): Promise<number> {
    return ++this.lastId;
  }
}
