export type Permission = 'READ' | 'TRADE';

export interface ApiKey {
  readonly apiKey: string;
  readonly accountId: number;
  readonly secret: string;
  readonly permissions: readonly Permission[];
  readonly status: 'ACTIVE' | 'REVOKED';
  readonly label: string;
  readonly createdAt: number;
}

/** What may be shown about a key after its creation: everything but the secret. */
export type ApiKeySummary = Omit<ApiKey, 'secret'>;

/**
 * API keys. A lookup may be served from a short per-process cache (a revocation then takes effect within the
 * cache's lifetime everywhere); the secret is readable only by `find`, for signature checks.
 */
export interface ApiKeyStore {
  find(apiKey: string): Promise<ApiKey | undefined>;
  /** Stores a new key; throws if the key exists already. */
  add(key: ApiKey): Promise<void>;
  /** false if there is no such key. */
  revoke(apiKey: string): Promise<boolean>;
  listForAccount(accountId: number): Promise<ApiKeySummary[]>;
}
