import type { IndexTick } from '../application/marketPrices/indexFeed';
import { emfLine } from '../service-runtime/emf';

/**
 * The index feed's counters, read by the health endpoint and logged every 10 s in CloudWatch's embedded metric
 * format at one-second resolution: `IndexAgeSeconds` per symbol (seconds since its last published index) is what
 * the "no fresh index for 30 s" alarm reads, and a feed that stops logging is as stale as one that cannot publish.
 */
export class IndexFeedMetrics {
  ticks = 0;
  published = 0;
  publishErrors = 0;
  readonly sourceFailures = new Map<string, number>();
  private readonly lastPublished = new Map<string, number>();
  private readonly lastIndex = new Map<string, string>();
  private readonly updatesSinceEmit = new Map<string, number>();

  constructor(
    private readonly symbols: readonly string[],
    private readonly startedAt: number,
  ) {}

  record(ticks: readonly IndexTick[], now: number): void {
    this.ticks++;
    for (const tick of ticks) {
      for (const failure of tick.failures) {
        const key = `${tick.symbol}/${failure.source}`;
        this.sourceFailures.set(key, (this.sourceFailures.get(key) ?? 0) + 1);
      }
      if (tick.publishError !== undefined) this.publishErrors++;
      if (!tick.published) continue;
      this.published++;
      this.lastPublished.set(tick.symbol, now);
      this.lastIndex.set(tick.symbol, tick.composition.price!);
      this.updatesSinceEmit.set(tick.symbol, (this.updatesSinceEmit.get(tick.symbol) ?? 0) + 1);
    }
  }

  /** Seconds since the symbol's last published index (since start when it has none yet). */
  indexAgeSeconds(symbol: string, now: number): number {
    return Math.round((now - (this.lastPublished.get(symbol) ?? this.startedAt)) / 1000);
  }

  snapshot(now: number): Record<string, unknown> {
    return {
      uptimeSeconds: Math.round((now - this.startedAt) / 1000),
      ticks: this.ticks,
      published: this.published,
      publishErrors: this.publishErrors,
      sourceFailures: Object.fromEntries(this.sourceFailures),
      symbols: Object.fromEntries(
        this.symbols.map((s) => [
          s,
          { indexPrice: this.lastIndex.get(s) ?? null, indexAgeSeconds: this.indexAgeSeconds(s, now) },
        ]),
      ),
    };
  }

  /** One EMF line per symbol (dimensions Service, Symbol); the update counts restart at each emit. */
  emf(namespace: string, service: string, now: number): string[] {
    return this.symbols.map((symbol) => {
      const metrics = {
        IndexAgeSeconds: this.indexAgeSeconds(symbol, now),
        IndexUpdates: this.updatesSinceEmit.get(symbol) ?? 0,
      };
      this.updatesSinceEmit.set(symbol, 0);
      return emfLine(
        namespace,
        { Service: service, Symbol: symbol },
        [
          { name: 'IndexAgeSeconds', value: metrics.IndexAgeSeconds, unit: 'Seconds', resolution: 1 },
          { name: 'IndexUpdates', value: metrics.IndexUpdates, unit: 'Count', resolution: 1 },
        ],
        now,
      );
    });
  }
}
