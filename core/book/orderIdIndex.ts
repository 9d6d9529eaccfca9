/**
 * Order id → storage slot, as an open-addressing hash table over one typed array (linear probing, backward-shift
 * deletion, no tombstones). A Map would box every id above 2^31 and cost ~3× the memory per resting order.
 *
 * Each entry is a pair of doubles, the id and then its slot, side by side: a probe reads one cache line, not one
 * in a key column and another in a slot column. On a book of tens of thousands of orders these tables do not
 * fit in the core's cache, so the misses, not the arithmetic, are what a lookup costs.
 */
const EMPTY = -1;
const MAX_LOAD = 0.5;

export class OrderIdIndex {
  /** [id, slot] per entry; id EMPTY marks a free entry. */
  private entries: Float64Array;
  /** Entries − 1 (a power of two minus one). */
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity / MAX_LOAD)));
    this.entries = new Float64Array(capacity * 2).fill(EMPTY);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The slot of an order id, or -1. */
  get(orderId: number): number {
    const entries = this.entries;
    for (let i = hash(orderId) & this.mask; ; i = (i + 1) & this.mask) {
      const key = entries[i * 2]!;
      if (key === orderId) return entries[i * 2 + 1]!;
      if (key === EMPTY) return -1;
    }
  }

  /** Records a new id; the caller guarantees it is not present. */
  set(orderId: number, slot: number): void {
    if (this.count + 1 > (this.mask + 1) * MAX_LOAD) this.grow();
    const entries = this.entries;
    let i = hash(orderId) & this.mask;
    while (entries[i * 2] !== EMPTY) i = (i + 1) & this.mask;
    entries[i * 2] = orderId;
    entries[i * 2 + 1] = slot;
    this.count++;
  }

  delete(orderId: number): void {
    const entries = this.entries;
    const mask = this.mask;
    let i = hash(orderId) & mask;
    while (entries[i * 2] !== orderId) {
      if (entries[i * 2] === EMPTY) return;
      i = (i + 1) & mask;
    }
    // Backward-shift: pull later members of the probe run into the hole so lookups never stop early.
    for (let j = (i + 1) & mask; entries[j * 2] !== EMPTY; j = (j + 1) & mask) {
      const home = hash(entries[j * 2]!) & mask;
      const distanceFromHome = (j - home) & mask;
      const distanceToHole = (j - i) & mask;
      if (distanceFromHome >= distanceToHole) {
        entries[i * 2] = entries[j * 2]!;
        entries[i * 2 + 1] = entries[j * 2 + 1]!;
        i = j;
      }
    }
    entries[i * 2] = EMPTY;
    this.count--;
  }

  private grow(): void {
    const old = this.entries;
    this.entries = new Float64Array(old.length * 2).fill(EMPTY);
    this.mask = old.length - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== EMPTY) this.set(old[i]!, old[i + 1]!);
    }
  }
}

/** An id's home entry: both 32-bit halves mixed (time-ordered ids differ mostly in their low bits). */
function hash(id: number): number {
  const low = id >>> 0;
  const high = (id / 4294967296) >>> 0;
  // Ids of one group of four consecutive ids (id >> 2) share a home block of four entries, one cache line: ingress
  // assigns ids in time order, so orders placed together are filed (and often looked up) together. The groups'
  // blocks are spread by the mix as single ids were.
  const groupLow = (low >>> 2) | (high << 30);
  let h = Math.imul(groupLow ^ Math.imul(high >>> 2, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
  return (h << 2) | (low & 3);
}
