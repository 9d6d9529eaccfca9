/** What one request may carry. */
export interface BatchLimits {
  readonly maxItems: number;
  readonly maxBytes: number;
}

/**
 * Group commit: items that arrive while `maxInFlight` requests are under way wait in a queue, and leave together,
 * as one batch, when a request ends. An item that finds room goes at once, alone: no timer gathers a batch, so a
 * lone item waits for nothing, and batches grow only as fast as items arrive during a request (natural batching).
 *
 * Items leave in the order they were added; each batch is the longest head of the queue within the limits (an item
 * larger than `maxBytes` goes alone: the sender refuses what no request can carry). `send` settles its items
 * itself (answers, retries by adding them again) and must not reject.
 */
export class GroupCommit<T> {
  private readonly queue: T[] = [];
  private inFlight = 0;

  constructor(
    private readonly send: (batch: readonly T[]) => Promise<void>,
    private readonly bytesOf: (item: T) => number,
    private readonly limits: BatchLimits,
    private readonly maxInFlight: number,
  ) {}

  add(...items: T[]): void {
    this.queue.push(...items);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      const done = () => {
        this.inFlight--;
        this.pump();
      };
      this.send(batch).then(done, done);
    }
  }

  private take(): T[] {
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && n < this.limits.maxItems) {
      const size = this.bytesOf(this.queue[n]!);
      if (n > 0 && bytes + size > this.limits.maxBytes) break;
      bytes += size;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
