/**
 * The goodTillDate of every resting GTD order, in the order they expire (goodTillDate, then order id). The engine
 * adds an entry when a GTD order rests and removes it when the order leaves the book by any means; the order
 * book's hot path pays one size check for it while no GTD order rests.
 */
export class GoodTillDates {
  private readonly byOrderId = new Map<number, number>();
  /** [goodTillDate, orderId] ascending: the next to expire first. */
  private readonly queue: [number, number][] = [];

  get size(): number {
    return this.byOrderId.size;
  }

  of(orderId: number): number | undefined {
    return this.byOrderId.get(orderId);
  }

  add(orderId: number, goodTillDate: number): void {
    if (this.byOrderId.has(orderId)) throw new Error(`order ${orderId} already has a goodTillDate`);
    this.byOrderId.set(orderId, goodTillDate);
    this.queue.splice(this.indexOf(goodTillDate, orderId), 0, [goodTillDate, orderId]);
  }

  remove(orderId: number): void {
    const goodTillDate = this.byOrderId.get(orderId);
    if (goodTillDate === undefined) return;
    this.byOrderId.delete(orderId);
    this.queue.splice(this.indexOf(goodTillDate, orderId), 1);
  }

  /** The first order to expire, if its goodTillDate is at or before `time`. */
  firstDue(time: number): number | undefined {
    const first = this.queue[0];
    return first !== undefined && first[0] <= time ? first[1] : undefined;
  }

  /** [orderId, goodTillDate] by order id. */
  entries(): [number, number][] {
    return [...this.byOrderId].sort((a, b) => a[0] - b[0]);
  }

  /** Where [goodTillDate, orderId] is or would go in the queue (binary search). */
  private indexOf(goodTillDate: number, orderId: number): number {
    const queue = this.queue;
    let low = 0;
    let high = queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const [date, id] = queue[mid]!;
      if (date < goodTillDate || (date === goodTillDate && id < orderId)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
