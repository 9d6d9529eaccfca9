import type { IdSlots } from '../../application/ports/idSlots';

/** Order-id slot leases in memory, with the DynamoDB condition: free, one's own, or expired. */
export class MemoryIdSlots implements IdSlots {
  private readonly leases = new Map<number, { owner: string; expires: number }>();

  async lease(slot: number, owner: string, now: number, until: number): Promise<boolean> {
    const held = this.leases.get(slot);
    if (held !== undefined && held.owner !== owner && held.expires >= now) return false;
    this.leases.set(slot, { owner, expires: until });
    return true;
  }
}
