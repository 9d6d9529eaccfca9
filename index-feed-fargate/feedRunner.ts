import type { IndexFeed, IndexTick } from '../application/marketPrices/indexFeed';
import type { Clock } from '../application/ports/clock';

/**
 * Runs the feed's ticks about once per interval: the next tick starts an interval after the previous one started
 * (or at once, when a tick took longer). Ticks never overlap, so each venue has one request in flight at most.
 * `stop()` lets the tick in hand finish (its puts delivered) and starts no other: the drain on SIGTERM.
 */
export class FeedRunner {
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(
    private readonly feed: IndexFeed,
    private readonly intervalMs: number,
    private readonly onTick: (ticks: readonly IndexTick[]) => void,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly clock: Clock = Date.now,
  ) {}

  start(): void {
    this.inFlight = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.inFlight;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const startedAt = this.clock();
      try {
        this.onTick(await this.feed.tick());
      } catch (error) {
        this.onError(error);
      }
      if (this.stopping) break;
      const wait = Math.max(0, startedAt + this.intervalMs - this.clock());
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, wait);
      });
    }
  }
}
