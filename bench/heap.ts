import { envInt } from './env';

const gc = (globalThis as { gc?: () => void }).gc;

/** How long to wait after the collection, in milliseconds (BENCH_SETTLE_MS; 0 restores the plain collection). */
const SETTLE_MS = envInt('BENCH_SETTLE_MS', 250);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A full collection before a timed run, then a pause while the collector finishes its work in the background.
 *
 * Each timed run starts from a collected heap, so that no run pays for the garbage of the one before it. But a
 * forced full collection's sweeping goes on after gc() returns, and the run that starts right after it pays for
 * that: on the wide workload its first 10,000 operations cost 3–5 µs each instead of 0.7, and the next 40,000
 * about 1.1, some 30–60 ms in all (docs/engine-performance.md). That cost is about the same for every run, so it
 * weighs on a short run (shardex's, under a second) far more than on a long one (the peer's: eight seconds wide,
 * minutes narrow). Waiting for the sweeping to end takes it out of every run alike.
 */
export function collectGarbage(): void {
  if (gc === undefined) return;
  gc();
  if (SETTLE_MS > 0) Atomics.wait(sleeper, 0, 0, SETTLE_MS);
}
