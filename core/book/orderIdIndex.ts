import { NO_SLOT, type OrderStore } from './orderStore';
import { FREE, SlotTable } from './slotTable';

const MAX_LOAD = 0.5;
/** Ids of one group of this many consecutive ids share a home block: 8 entries of 8 bytes, one cache line. */
const GROUP = 8;

/**
 * Order id → slot of the resting order. A Map would box every id above 2^31 and cost ~3× the memory per resting
 * order; this is a SlotTable, 8 bytes an entry (a copy of the id beside each slot took 16), whose candidates'
 * ids are compared in the order store, in the record a cancel or a fill reads next anyway.
 */
export class OrderIdIndex {
  private readonly table: SlotTable;

  constructor(
    private readonly orders: OrderStore,
    expectedOrders = 1024,
  ) {
    this.table = new SlotTable(MAX_LOAD, expectedOrders);
  }

  get size(): number {
    return this.table.size;
  }

  /** The slot of an order id, or NO_SLOT. */
  get(orderId: number): number {
    const table = this.table;
    const h = hash(orderId);
    for (let i = table.home(h); ; i = table.next(i)) {
      const slot = table.slotAt(i);
      if (slot === FREE) return NO_SLOT;
      if (table.hashAt(i) === h && this.orders.orderIdOf(slot) === orderId) return slot;
    }
  }

  /** Indexes a slot by the order id stored in it (the caller guarantees the id is not indexed). */
  add(slot: number): void {
    this.table.add(slot, hash(this.orders.orderIdOf(slot)));
  }

  /** Forgets a slot; call while it is still in the store. */
  delete(slot: number): void {
    this.table.delete(slot, hash(this.orders.orderIdOf(slot)));
  }
}

/** An id's hash: both 32-bit halves mixed. */
function hash(id: number): number {
  const low = id >>> 0;
  const high = (id / 4294967296) >>> 0;
  // Ids of one group of GROUP consecutive ids (id >> 3) share a home block of GROUP entries, one cache line:
  // ingress assigns ids in time order, so orders placed together are filed (and often looked up) together. The
  // groups' blocks are spread by the mix as single ids were.
  const groupLow = (low >>> 3) | (high << 29);
  let h = Math.imul(groupLow ^ Math.imul(high >>> 3, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
  return (h << 3) | (low & (GROUP - 1));
}
