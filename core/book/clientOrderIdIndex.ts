import { NO_SLOT, type OrderStore } from './orderStore';

const EMPTY = -1;
const MAX_LOAD = 0.5;

/**
 * (account, client order id) → slot of the open order, as an open-addressing hash table of slots. The keys are
 * not copied: a probe compares the candidate slot's account and client order id in the order store. A JavaScript
 * Map keyed by strings costs hundreds of nanoseconds per operation here, and every resting order needs three.
 *
 * Hashing the id is most of the cost, so it is done once per order: the check for a duplicate on placement
 * hashes it, adding the same order right after reuses that hash, and the order store keeps each order's hash for deletion.
 */
export class ClientOrderIdIndex {
  /** [slot, hash] per entry, side by side so a probe reads one cache line; slot EMPTY marks a free entry. */
  private entries: Int32Array;
  /** Entries − 1 (a power of two minus one). */
  private mask: number;
  private count = 0;
  /** The last key hashed (by get), and its hash. */
  private lastAccountId = -1;
  private lastClientOrderId = '';
  private lastHash = 0;

  constructor(
    private readonly orders: OrderStore,
    initialCapacity = 1024,
  ) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity / MAX_LOAD)));
    this.entries = emptyEntries(capacity);
    this.mask = capacity - 1;
  }

  get(accountId: number, clientOrderId: string): number {
    const h = this.hash(accountId, clientOrderId);
    const { entries, orders } = this;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = entries[i * 2]!;
      if (slot === EMPTY) return NO_SLOT;
      if (
        entries[i * 2 + 1] === h &&
        orders.accountIdOf(slot) === accountId &&
        orders.clientOrderIdOf(slot) === clientOrderId
      ) {
        return slot;
      }
    }
  }

  /** Indexes a slot by the account and client order id stored in it (the caller guarantees uniqueness). */
  add(slot: number): void {
    if (this.count + 1 > (this.mask + 1) * MAX_LOAD) this.grow();
    const h = this.hash(this.orders.accountIdOf(slot), this.orders.clientOrderIdOf(slot));
    this.orders.setClientOrderIdHash(slot, h);
    this.insert(slot, h);
    this.count++;
  }

  /** Forgets a slot; call while its account and client order id are still in the store. */
  delete(slot: number): void {
    const { entries, mask } = this;
    let i = this.orders.clientOrderIdHashOf(slot) & mask;
    while (entries[i * 2] !== slot) {
      if (entries[i * 2] === EMPTY) return;
      i = (i + 1) & mask;
    }
    // Backward-shift deletion, as in OrderIdIndex: no tombstones, probes never stop early.
    for (let j = (i + 1) & mask; entries[j * 2] !== EMPTY; j = (j + 1) & mask) {
      const home = entries[j * 2 + 1]! & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) {
        entries[i * 2] = entries[j * 2]!;
        entries[i * 2 + 1] = entries[j * 2 + 1]!;
        i = j;
      }
    }
    entries[i * 2] = EMPTY;
    this.count--;
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

  private insert(slot: number, h: number): void {
    const entries = this.entries;
    let i = h & this.mask;
    while (entries[i * 2] !== EMPTY) i = (i + 1) & this.mask;
    entries[i * 2] = slot;
    entries[i * 2 + 1] = h;
  }

  private grow(): void {
    const old = this.entries;
    this.entries = emptyEntries(old.length);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.insert(old[i]!, old[i + 1]!);
  }
}

function emptyEntries(capacity: number): Int32Array {
  const entries = new Int32Array(capacity * 2);
  for (let i = 0; i < entries.length; i += 2) entries[i] = EMPTY;
  return entries;
}

/** FNV-1a over the client order id's characters, seeded with the account. */
function hashOf(accountId: number, clientOrderId: string): number {
  let h = Math.imul(0x811c9dc5 ^ (accountId >>> 0) ^ Math.floor(accountId / 4294967296), 0x01000193);
  for (let i = 0; i < clientOrderId.length; i++) h = Math.imul(h ^ clientOrderId.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}
