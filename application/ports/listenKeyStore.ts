export interface ListenKey {
  readonly listenKey: string;
  readonly accountId: number;
  /** Epoch seconds (a storage TTL: expired keys go by themselves). */
  readonly expiresAt: number;
}

/** User data stream keys; whether a key is still valid is the caller's judgement (application/listenKeys). */
export interface ListenKeyStore {
  /** Every key of the account, valid or not. */
  ofAccount(accountId: number): Promise<ListenKey[]>;
  find(listenKey: string): Promise<ListenKey | undefined>;
  put(key: ListenKey): Promise<void>;
  /** Moves the key's expiry to `expiresAt` if it is the account's and has not expired at `nowSeconds`. */
  extend(accountId: number, listenKey: string, expiresAt: number, nowSeconds: number): Promise<boolean>;
  /** Deletes the key if it is the account's. */
  delete(accountId: number, listenKey: string): Promise<boolean>;
}
