/**
 * Order id → storage slot, as an open-addressing hash table over typed arrays (linear probing, backward-shift
 * deletion, no tombstones). A Map would box every id above 2^31 and cost ~3× the memory per resting order.
 */
const EMPTY = -1;
const MAX_LOAD = 0.5;

export class OrderIdIndex {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity / MAX_LOAD)));
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The slot of an order id, or -1. */
  get(orderId: number): number {
    const keys = this.keys;
    for (let i = hash(orderId) & this.mask; ; i = (i + 1) & this.mask) {
      const key = keys[i]!;
      if (key === orderId) return this.slots[i]!;
      if (key === EMPTY) return -1;
    }
  }

  /** Records a new id; the caller guarantees it is not present. */
  set(orderId: number, slot: number): void {
    if ((this.count + 1) / this.keys.length > MAX_LOAD) this.grow();
    const keys = this.keys;
    let i = hash(orderId) & this.mask;
    while (keys[i] !== EMPTY) i = (i + 1) & this.mask;
    keys[i] = orderId;
    this.slots[i] = slot;
    this.count++;
  }

  delete(orderId: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = hash(orderId) & mask;
    while (keys[i] !== orderId) {
      if (keys[i] === EMPTY) return;
      i = (i + 1) & mask;
    }
    // Backward-shift: pull later members of the probe run into the hole so lookups never stop early.
    for (let j = (i + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const home = hash(keys[j]!) & mask;
      const distanceFromHome = (j - home) & mask;
      const distanceToHole = (j - i) & mask;
      if (distanceFromHome >= distanceToHole) {
        keys[i] = keys[j]!;
        this.slots[i] = this.slots[j]!;
        i = j;
      }
    }
    keys[i] = EMPTY;
    this.count--;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    this.keys = new Float64Array(oldKeys.length * 2).fill(EMPTY);
    this.slots = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) this.set(oldKeys[i]!, oldSlots[i]!);
    }
  }
}

/** Mixes both 32-bit halves of a safe-integer id (time-ordered ids differ mostly in their low bits). */
function hash(id: number): number {
  const low = id >>> 0;
  const high = (id / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}
