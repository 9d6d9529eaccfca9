import { emfLine } from '../service-runtime/emf';

/**
 * The matcher's counters and timings, read by the health endpoint and logged periodically in CloudWatch's
 * embedded metric format (one JSON log line becomes metrics, no agent or API call needed).
 */
export class Metrics {
  recordsRead = 0;
  commandsApplied = 0;
  duplicatesDropped = 0;
  replayedRecordsSkipped = 0;
  poisonRecords = 0;
  eventsCommitted = 0;
  itemsCommitted = 0;
  batches = 0;
  fencedWrites = 0;
  /** Symbols whose log failed its hash chain at recovery (each an alarm: the log was changed after the fact). */
  brokenChains = 0;
  snapshotsWritten = 0;
  /** Milliseconds behind the tip of each shard, from GetRecords. */
  readonly millisBehind = new Map<string, number>();
  private readonly batchSizes: number[] = [];
  private readonly commitLatencies: number[] = [];
  private readonly startedAt = Date.now();

  recordBatch(records: number, commitMs: number): void {
    this.batches++;
    push(this.batchSizes, records);
    push(this.commitLatencies, commitMs);
  }

  snapshot(): Record<string, unknown> {
    const seconds = Math.max(1, (Date.now() - this.startedAt) / 1000);
    return {
      uptimeSeconds: Math.round(seconds),
      recordsRead: this.recordsRead,
      recordsPerSecond: round(this.recordsRead / seconds),
      commandsApplied: this.commandsApplied,
      duplicatesDropped: this.duplicatesDropped,
      replayedRecordsSkipped: this.replayedRecordsSkipped,
      poisonRecords: this.poisonRecords,
      eventsCommitted: this.eventsCommitted,
      eventsPerSecond: round(this.eventsCommitted / seconds),
      itemsCommitted: this.itemsCommitted,
      batches: this.batches,
      batchSize: percentiles(this.batchSizes),
      commitLatencyMs: percentiles(this.commitLatencies),
      fencedWrites: this.fencedWrites,
      brokenChains: this.brokenChains,
      snapshotsWritten: this.snapshotsWritten,
      millisBehindLatest: Object.fromEntries(this.millisBehind),
      maxMillisBehindLatest: Math.max(0, ...this.millisBehind.values()),
    };
  }

  /** One CloudWatch embedded-metric-format line. */
  emf(namespace: string, dimensions: Record<string, string>): string {
    const s = this.snapshot();
    return emfLine(
      namespace,
      dimensions,
      [
        { name: 'RecordsPerSecond', value: s.recordsPerSecond as number },
        { name: 'EventsPerSecond', value: s.eventsPerSecond as number },
        { name: 'MaxMillisBehindLatest', value: s.maxMillisBehindLatest as number },
        { name: 'CommitLatencyP99', value: (s.commitLatencyMs as { p99: number }).p99 },
        { name: 'BatchSizeP50', value: (s.batchSize as { p50: number }).p50 },
        { name: 'PoisonRecords', value: this.poisonRecords },
        { name: 'FencedWrites', value: this.fencedWrites },
        { name: 'BrokenChains', value: this.brokenChains },
      ],
      Date.now(),
    );
  }
}

/** Keeps the latest samples only: percentiles describe the recent past, and memory stays bounded. */
const SAMPLES = 2048;

function push(samples: number[], value: number): void {
  samples.push(value);
  if (samples.length > SAMPLES) samples.splice(0, samples.length - SAMPLES);
}

function percentiles(samples: readonly number[]): { p50: number; p99: number; max: number } {
  if (samples.length === 0) return { p50: 0, p99: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
