import type { AccountShardLease, AccountShardLeases } from '../../application/ports/accountShardLeases';

/** The account shard leases in memory, with the DynamoDB adapter's conditions (test/contracts). */
export class MemoryAccountShardLeases implements AccountShardLeases {
  private readonly rows = new Map<number, AccountShardLease>();

  async list(shards: number): Promise<AccountShardLease[]> {
    return Array.from({ length: shards }, (_, shard) => this.row(shard));
  }

  async take(
    seen: AccountShardLease,
    owner: string,
    expires: number,
  ): Promise<AccountShardLease | undefined> {
    const row = this.row(seen.shard);
    if (row.counter !== seen.counter || row.expires !== seen.expires) return undefined;
    return this.write({ shard: seen.shard, owner, counter: seen.counter + 1, expires });
  }

  async renew(held: AccountShardLease, expires: number): Promise<AccountShardLease | undefined> {
    if (!this.holds(held)) return undefined;
    return this.write({ ...held, expires });
  }

  async release(held: AccountShardLease): Promise<void> {
    if (this.holds(held)) this.write({ ...held, owner: null, expires: 0 });
  }

  private holds(held: AccountShardLease): boolean {
    const row = this.row(held.shard);
    return row.counter === held.counter && row.owner === held.owner && held.owner !== null;
  }

  private row(shard: number): AccountShardLease {
    return this.rows.get(shard) ?? { shard, owner: null, counter: 0, expires: 0 };
  }

  private write(lease: AccountShardLease): AccountShardLease {
    this.rows.set(lease.shard, lease);
    return lease;
  }
}
