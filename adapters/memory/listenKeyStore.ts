import type { ListenKey, ListenKeyStore } from '../../application/ports/listenKeyStore';
import { MemoryListenerChanges } from './connections';

/**
 * Listen keys in memory, with the DynamoDB conditions: changes only by the owner, extensions only while valid; a
 * deleted key is recorded in the listener change log.
 */
export class MemoryListenKeyStore implements ListenKeyStore {
  private readonly keys = new Map<string, ListenKey>();

  constructor(private readonly changes = new MemoryListenerChanges()) {}

  async ofAccount(accountId: number): Promise<ListenKey[]> {
    return [...this.keys.values()].filter((key) => key.accountId === accountId).map((key) => ({ ...key }));
  }

  async find(listenKey: string): Promise<ListenKey | undefined> {
    const key = this.keys.get(listenKey);
    return key === undefined ? undefined : { ...key };
  }

  async put(key: ListenKey): Promise<void> {
    this.keys.set(key.listenKey, { ...key });
  }

  async extend(
    accountId: number,
    listenKey: string,
    expiresAt: number,
    nowSeconds: number,
  ): Promise<boolean> {
    const key = this.keys.get(listenKey);
    if (key === undefined || key.accountId !== accountId || key.expiresAt <= nowSeconds) return false;
    this.keys.set(listenKey, { ...key, expiresAt });
    return true;
  }

  async delete(accountId: number, listenKey: string): Promise<boolean> {
    const key = this.keys.get(listenKey);
    if (key === undefined || key.accountId !== accountId) return false;
    this.keys.delete(listenKey);
    this.changes.append({ accounts: [accountId], symbols: [] });
    return true;
  }
}
