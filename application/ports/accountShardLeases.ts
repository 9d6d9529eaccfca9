/**
 * One account shard's lease as its holder knows it (the risk service: account id mod N = shard). `counter` is the
 * fencing token: it rises with every change of owner, and every write of a holder is conditional on it, so an
 * instance that lost a lease finds out at its next renewal.
 */
export interface AccountShardLease {
  readonly shard: number;
  /** The risk service instance holding it; null when free. */
  readonly owner: string | null;
  readonly counter: number;
  /** Others may take it over after this, epoch milliseconds (0 when free). */
  readonly expires: number;
}

/** The account shards' leases, after the matcher's shard leases (conditional writes, expiry, renewal). */
export interface AccountShardLeases {
  /** Every lease of shards 0..shards-1, by shard; a shard never taken is free at counter 0. */
  list(shards: number): Promise<AccountShardLease[]>;
  /**
   * Takes a lease as last seen (free, expired, or another's to take over); undefined if anyone changed it since,
   * a renewal included. So the taker knows the exact expiry its previous holder acts up to (`seen.expires`).
   */
  take(seen: AccountShardLease, owner: string, expires: number): Promise<AccountShardLease | undefined>;
  /** Extends a held lease; undefined means it was lost (taken over since). */
  renew(held: AccountShardLease, expires: number): Promise<AccountShardLease | undefined>;
  /** Gives a held lease up (a drain), so another instance may take it at once; a lost one is left alone. */
  release(held: AccountShardLease): Promise<void>;
}
