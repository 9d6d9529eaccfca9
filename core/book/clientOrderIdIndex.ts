import { NO_SLOT, type OrderStore } from './orderStore';
import { FREE, SlotTable } from './slotTable';

const MAX_LOAD = 0.5;

/**
 * (account, client order id) → slot of the open order: a SlotTable whose candidates' account and client order id
 * are compared in the order store. A JavaScript Map keyed by strings costs hundreds of nanoseconds per operation
 * here, and every resting order needs three.
 *
 * Hashing the id is most of the cost, so it is done once per order: the check for a duplicate on placement
 * hashes it, adding the same order right after reuses that hash, and the order store keeps each order's hash for
 * deletion.
 */
export class ClientOrderIdIndex {
  private readonly table: SlotTable;
  /** The last key hashed (by get), and its hash. */
  private lastAccountId = -1;
  private lastClientOrderId = '';
  private lastHash = 0;

  constructor(
    private readonly orders: OrderStore,
    expectedOrders = 1024,
  ) {
    this.table = new SlotTable(MAX_LOAD, expectedOrders);
  }

  get(accountId: number, clientOrderId: string): number {
    const { table, orders } = this;
    const h = this.hash(accountId, clientOrderId);
    for (let i = table.home(h); ; i = table.next(i)) {
      const slot = table.slotAt(i);
      if (slot === FREE) return NO_SLOT;
      if (
        table.hashAt(i) === h &&
        orders.accountIdOf(slot) === accountId &&
        orders.clientOrderIdOf(slot) === clientOrderId
      ) {
        return slot;
      }
    }
  }

  /** Indexes a slot by the account and client order id stored in it (the caller guarantees uniqueness). */
  add(slot: number): void {
    const h = this.hash(this.orders.accountIdOf(slot), this.orders.clientOrderIdOf(slot));
    this.orders.setClientOrderIdHash(slot, h);
    this.table.add(slot, h);
  }

  /** Forgets a slot; call while it is still in the store. */
  delete(slot: number): void {
    this.table.delete(slot, this.orders.clientOrderIdHashOf(slot));
  }

  /** hashOf, remembered for the last key: placing an order looks its id up, then adds it. */
  private hash(accountId: number, clientOrderId: string): number {
    if (accountId !== this.lastAccountId || clientOrderId !== this.lastClientOrderId) {
      this.lastHash = hashOf(accountId, clientOrderId);
      this.lastAccountId = accountId;
      this.lastClientOrderId = clientOrderId;
    }
    return this.lastHash;
  }
}

/** FNV-1a over the client order id's characters, seeded with the account. */
function hashOf(accountId: number, clientOrderId: string): number {
  let h = Math.imul(0x811c9dc5 ^ (accountId >>> 0) ^ Math.floor(accountId / 4294967296), 0x01000193);
  for (let i = 0; i < clientOrderId.length; i++) h = Math.imul(h ^ clientOrderId.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}
