import type { AccountStore, StoredAccountEvent } from '../../application/ports/accountStore';
import type { Clock } from '../../application/ports/clock';
import type { AccountState } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';

/** Accounts in memory: each a list of versions, appended only at a version that is not there yet. */
export class MemoryAccountStore implements AccountStore {
  private readonly streams = new Map<number, { stored: StoredAccountEvent; state: AccountState }[]>();
  private lastId = 0;

  constructor(private readonly clock: Clock = Date.now) {}

  async load(accountId: number): Promise<AccountState | undefined> {
    const versions = this.streams.get(accountId);
    const newest = versions?.[versions.length - 1];
    return newest === undefined ? undefined : structuredClone(newest.state);
  }

  async append(accountId: number, event: AccountEvent, state: AccountState): Promise<boolean> {
    const versions = this.streams.get(accountId) ?? [];
    if (versions.some((v) => v.stored.version === state.version)) return false;
    versions.push({
      stored: { version: state.version, event: structuredClone(event), time: this.clock() },
      state: structuredClone(state),
    });
    versions.sort((a, b) => a.stored.version - b.stored.version);
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
