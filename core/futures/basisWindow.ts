import { MAX_BASIS_WINDOW_SECONDS } from '../symbol/futuresTerms';

/**
 * The basis samples of the mark price's Price 2: at most one per second, ((best bid + best ask) / 2 − index) in
 * 10^-8 USDT, kept while they are younger than the window (Binance: the moving average of the basis "measured
 * every second" over the window). A ring of fixed size with a running sum, so adding a sample and reading the
 * average are O(1) (each sample is dropped once): nothing here walks the book or grows with it.
 *
 * A sample is a safe integer (the symbol is markable: prices ≤ 2^51 units), the sum of up to an hour of them may
 * not be, so the sum is a bigint; it changes once a second, not per order.
 */
export class BasisWindow {
  private readonly seconds = new Float64Array(MAX_BASIS_WINDOW_SECONDS);
  private readonly values = new Float64Array(MAX_BASIS_WINDOW_SECONDS);
  private head = 0;
  private size = 0;
  private total = 0n;

  get count(): number {
    return this.size;
  }

  get sum(): bigint {
    return this.total;
  }

  /** The sum and count the window ending at `second` holds with `sample` added (null: none), unchanged. */
  peek(second: number, windowSeconds: number, sample: number | null): { sum: bigint; count: number } {
    let sum = this.total;
    let count = this.size;
    const oldest = second - windowSeconds;
    for (let i = 0; i < this.size && this.seconds[this.at(i)]! <= oldest; i++) {
      sum -= BigInt(this.values[this.at(i)]!);
      count--;
    }
    if (sample !== null) {
      sum += BigInt(sample);
      count++;
    }
    return { sum, count };
  }

  /** Drops the samples taken at or before `second − windowSeconds`. */
  evict(second: number, windowSeconds: number): void {
    const oldest = second - windowSeconds;
    while (this.size > 0 && this.seconds[this.head]! <= oldest) {
      this.total -= BigInt(this.values[this.head]!);
      this.head = (this.head + 1) % MAX_BASIS_WINDOW_SECONDS;
      this.size--;
    }
  }

  /** Adds the sample of `second`, later than every sample held (one per second, so the ring never overflows). */
  push(second: number, value: number): void {
    if (this.size > 0 && this.seconds[this.at(this.size - 1)]! >= second) {
      throw new Error(`basis sample of second ${second} is not after the last one`);
    }
    if (this.size === MAX_BASIS_WINDOW_SECONDS) throw new Error('basis window is full');
    const at = this.at(this.size);
    this.seconds[at] = second;
    this.values[at] = value;
    this.size++;
    this.total += BigInt(value);
  }

  /** [second, basis] from oldest to newest (snapshots). */
  entries(): [number, number][] {
    const entries: [number, number][] = [];
    for (let i = 0; i < this.size; i++) entries.push([this.seconds[this.at(i)]!, this.values[this.at(i)]!]);
    return entries;
  }

  private at(i: number): number {
    return (this.head + i) % MAX_BASIS_WINDOW_SECONDS;
  }
}
