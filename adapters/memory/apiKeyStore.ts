import type { ApiKey, ApiKeyStore, ApiKeySummary } from '../../application/ports/apiKeyStore';

/** API keys in memory; listed per account oldest first, as the DynamoDB index sorts them. */
export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly keys = new Map<string, ApiKey>();

  async find(apiKey: string): Promise<ApiKey | undefined> {
    const key = this.keys.get(apiKey);
    return key === undefined ? undefined : { ...key, permissions: [...key.permissions] };
  }

  async add(key: ApiKey): Promise<void> {
    if (this.keys.has(key.apiKey)) throw new Error(`API key ${key.apiKey.slice(0, 4)}… exists already`);
    this.keys.set(key.apiKey, { ...key, permissions: [...key.permissions].sort() });
  }

  async revoke(apiKey: string): Promise<boolean> {
    const key = this.keys.get(apiKey);
    if (key === undefined) return false;
    this.keys.set(apiKey, { ...key, status: 'REVOKED' });
    return true;
  }

  async listForAccount(accountId: number): Promise<ApiKeySummary[]> {
    return [...this.keys.values()]
      .filter((key) => key.accountId === accountId)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(({ secret: _secret, ...summary }) => ({ ...summary, permissions: [...summary.permissions] }));
  }
}
