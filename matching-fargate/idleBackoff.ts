/**
 * How long a poller waits after finding nothing: `minMs` while it was busy within the last `patienceMs`, then
 * twice as long after each further empty poll, up to `maxMs`; the first poll that finds work resets it. A busy
 * stream keeps its latency; an idle one stops spinning (the local stack idled at half a core polling every
 * 10 ms).
 */
export class IdleBackoff {
  private idleSince: number | undefined;
  private waitMs: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs = minMs,
    private readonly patienceMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {
    this.waitMs = minMs;
  }

  /** Call after every poll; returns how long to wait before the next (0 when the poll found work). */
  after(foundWork: boolean): number {
    if (foundWork) {
      this.idleSince = undefined;
      this.waitMs = this.minMs;
      return 0;
    }
    const now = this.now();
    this.idleSince ??= now;
    if (now - this.idleSince < this.patienceMs) return this.minMs;
    this.waitMs = Math.min(this.maxMs, this.waitMs * 2);
    return this.waitMs;
  }
}
