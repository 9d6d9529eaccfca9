import { NO_SLOT, type OrderStore } from './orderStore';

const EMPTY = -1;
const MAX_LOAD = 0.5;

/**
 * (account, client order id) → slot of the open order, as an open-addressing hash table of slots. The keys are
 * not copied: a probe compares the candidate slot's account and client order id in the order store. A JavaScript
 * Map keyed by strings costs hundreds of nanoseconds per operation here, and every resting order needs three.
 */
export class ClientOrderIdIndex {
  private slots: Int32Array;
  private hashes: Int32Array;
  private mask: number;
  private count = 0;

  constructor(
    private readonly orders: OrderStore,
    initialCapacity = 1024,
  ) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity / MAX_LOAD)));
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get(accountId: number, clientOrderId: string): number {
    const h = hashOf(accountId, clientOrderId);
    const { slots, hashes, orders } = this;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = slots[i]!;
      if (slot === EMPTY) return NO_SLOT;
      if (
        hashes[i] === h &&
        orders.accountId[slot] === accountId &&
        orders.clientOrderId[slot] === clientOrderId
      ) {
        return slot;
      }
    }
  }

  /** Indexes a slot by the account and client order id stored in it (the caller guarantees uniqueness). */
  add(slot: number): void {
    if ((this.count + 1) / this.slots.length > MAX_LOAD) this.grow();
    this.insert(slot, hashOf(this.orders.accountId[slot]!, this.orders.clientOrderId[slot]!));
    this.count++;
  }

  /** Forgets a slot; call while its account and client order id are still in the store. */
  delete(slot: number): void {
    const { slots, hashes, mask } = this;
    let i = hashOf(this.orders.accountId[slot]!, this.orders.clientOrderId[slot]!) & mask;
    while (slots[i] !== slot) {
      if (slots[i] === EMPTY) return;
      i = (i + 1) & mask;
    }
    // Backward-shift deletion, as in OrderIdIndex: no tombstones, probes never stop early.
    for (let j = (i + 1) & mask; slots[j] !== EMPTY; j = (j + 1) & mask) {
      const home = hashes[j]! & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) {
        slots[i] = slots[j]!;
        hashes[i] = hashes[j]!;
        i = j;
      }
    }
    slots[i] = EMPTY;
    this.count--;
  }

  private insert(slot: number, h: number): void {
    let i = h & this.mask;
    while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
    this.slots[i] = slot;
    this.hashes[i] = h;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2).fill(EMPTY);
    this.hashes = new Int32Array(oldSlots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < oldSlots.length; i++)
      if (oldSlots[i] !== EMPTY) this.insert(oldSlots[i]!, oldHashes[i]!);
  }
}

/** FNV-1a over the client order id's characters, seeded with the account. */
function hashOf(accountId: number, clientOrderId: string): number {
  let h = Math.imul(0x811c9dc5 ^ (accountId >>> 0) ^ Math.floor(accountId / 4294967296), 0x01000193);
  for (let i = 0; i < clientOrderId.length; i++) h = Math.imul(h ^ clientOrderId.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}
