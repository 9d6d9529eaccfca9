/** A free entry. */
export const FREE = -1;

/**
 * Slots of the order store filed by a 32-bit hash of some key of theirs: the open-addressing table under both
 * of the book's indexes (order id, client order id). Linear probing, backward-shift deletion, no tombstones.
 *
 * An entry is two 32-bit integers side by side, the slot and its hash, so a probe reads one cache line and
 * compares hashes without touching the orders; the keys are not copied: the index compares a candidate's key in
 * the order store when its hash matches. The table's low hash bits pick an entry, so an index can make related
 * keys share a cache line by giving them hashes that differ only in those bits.
 *
 * Lookup is the index's own loop (its key comparison differs), walking entries with home/next/slotAt/hashAt.
 */
export class SlotTable {
  private entries: Int32Array;
  /** Entries − 1 (a power of two minus one). */
  private mask: number;
  private count = 0;

  constructor(
    private readonly maxLoad: number,
    expected: number,
  ) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, expected / maxLoad)));
    this.entries = freeEntries(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Where a probe for this hash starts. */
  home(hash: number): number {
    return hash & this.mask;
  }

  /** The entry after `entry`, wrapping round. */
  next(entry: number): number {
    return (entry + 1) & this.mask;
  }

  /** The slot filed at `entry`, or FREE. */
  slotAt(entry: number): number {
    return this.entries[entry * 2]!;
  }

  hashAt(entry: number): number {
    return this.entries[entry * 2 + 1]!;
  }

  /** Files a slot; the caller guarantees its key is not filed already. */
  add(slot: number, hash: number): void {
    if (this.count + 1 > (this.mask + 1) * this.maxLoad) this.grow();
    this.insert(slot, hash);
    this.count++;
  }

  /** Forgets a slot filed under `hash`; nothing if it is not filed. */
  delete(slot: number, hash: number): void {
    const { entries, mask } = this;
    let i = hash & mask;
    while (entries[i * 2] !== slot) {
      if (entries[i * 2] === FREE) return;
      i = (i + 1) & mask;
    }
    // Backward-shift: pull later members of the probe run into the hole so lookups never stop early.
    for (let j = (i + 1) & mask; entries[j * 2] !== FREE; j = (j + 1) & mask) {
      const distanceFromHome = (j - (entries[j * 2 + 1]! & mask)) & mask;
      const distanceToHole = (j - i) & mask;
      if (distanceFromHome >= distanceToHole) {
        entries[i * 2] = entries[j * 2]!;
        entries[i * 2 + 1] = entries[j * 2 + 1]!;
        i = j;
      }
    }
    entries[i * 2] = FREE;
    this.count--;
  }

  private insert(slot: number, hash: number): void {
    const entries = this.entries;
    let i = hash & this.mask;
    while (entries[i * 2] !== FREE) i = (i + 1) & this.mask;
    entries[i * 2] = slot;
    entries[i * 2 + 1] = hash;
  }

  private grow(): void {
    const old = this.entries;
    this.entries = freeEntries(old.length);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== FREE) this.insert(old[i]!, old[i + 1]!);
  }
}

/** A table of `capacity` free entries. */
function freeEntries(capacity: number): Int32Array {
  const entries = new Int32Array(capacity * 2);
  for (let i = 0; i < entries.length; i += 2) entries[i] = FREE;
  return entries;
}
