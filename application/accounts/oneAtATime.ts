/**
 * Runs tasks with the same key one after another, in arrival order, and tasks with different keys freely.
 *
 * The account store's optimistic appends are what keep an account consistent across processes; this only stops
 * requests for one account inside one process (the local gateway, a warm Lambda) from racing each other into
 * conditional-write conflicts, where n simultaneous writers cost O(n²) attempts.
 */
export class OneAtATime<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The last task for a key removes its entry, so the map holds only keys with work queued.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
