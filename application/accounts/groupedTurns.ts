/**
 * Work for each key taken in turns, in groups: the first item for a key starts a turn at once; items that arrive
 * for the key while its turn runs wait, and the next turn takes them together, in arrival order (at most
 * `maxGroup`). Different keys do not wait for each other.
 *
 * This is group commit. The account store's optimistic appends are what keep an account consistent across
 * processes; turns stop the requests for one account inside one process (the local gateway and its settlement, a
 * warm Lambda) from racing each other into conditional-write conflicts, where n simultaneous writers cost O(n²)
 * attempts. Taking what waited as one group, instead of one item per turn, is what keeps a busy account (a market
 * maker's orders, and the settlement of its fills) from queueing behind one store round trip per item: one turn
 * decides them all and writes them once.
 */
export class GroupedTurns<K, T> {
  private readonly waiting = new Map<K, T[]>();

  /** `take` runs one turn; it answers its items itself and never throws. */
  constructor(
    private readonly take: (key: K, group: readonly T[]) => Promise<void>,
    private readonly maxGroup: number,
  ) {}

  add(key: K, item: T): void {
    const queue = this.waiting.get(key);
    if (queue !== undefined) {
      queue.push(item);
      return;
    }
    const started = [item];
    this.waiting.set(key, started);
    void this.turns(key, started);
  }

  private async turns(key: K, queue: T[]): Promise<void> {
    // A turn that throws (`take` must not) still leaves the key's later items their turns, instead of a queue that
    // nothing takes from again.
    while (queue.length > 0) await this.take(key, queue.splice(0, this.maxGroup)).catch(() => undefined);
    // Nothing arrived during the last turn (an arrival would be in `queue`): the key has no work queued.
    this.waiting.delete(key);
  }
}
