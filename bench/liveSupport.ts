// Helpers of the benchmarks that drive the running local stack (ingress.bench.ts, endToEnd.bench.ts): load
// generators in a worker thread (their own event loop, so on a multi-core machine the clients do not steal the
// stack's CPU), percentiles, and plain text tables.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AwsClients } from '../adapters/aws/clients';

export function envList(name: string, fallback: readonly number[]): number[] {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? [...fallback] : raw.split(',').map(Number);
}

/** The p-th percentile (0..100) of unsorted values, nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A table with a header row, columns padded to their widest cell, numbers right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (/^[-\d.,×%–]+$/.test(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load}`;
}

/**
 * Runs `body` (a self-contained function: no closure over this module, it `require`s what it needs) in a worker
 * thread with `data`, and resolves with the one message it posts back. The function's source is what tsx
 * transpiled; esbuild's `__name` helper is supplied.
 */
export function inWorker<T>(body: () => void, data: unknown): Promise<T> {
  const source = `var __name = (f, n) => Object.defineProperty(f, 'name', { value: n, configurable: true });\n(${body.toString()})();`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: data });
    let answered = false;
    worker.once('message', (message: T) => {
      answered = true;
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`load worker exited with ${code} before answering`));
    });
  });
}

/**
 * Counts the AWS calls made through `clients` (every handler, the matcher and the stream consumers of the local
 * stack share them), by operation name, into the returned map (clear it to start over).
 */
export function countCalls(clients: AwsClients): Map<string, number> {
  const calls = new Map<string, number>();
  for (const client of [clients.dynamodb, clients.kinesis] as const) {
    (client.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        const name = (context.commandName ?? '?').replace(/Command$/, '');
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
  }
  return calls;
}

/** "3.0 PutItem, 2.0 Query, …" per unit, most frequent first. */
export function callsPer(calls: ReadonlyMap<string, number>, units: number): string {
  return [...calls]
    .sort(([, a], [, b]) => b - a)
    .filter(([, n]) => n / units >= 0.05)
    .map(([name, n]) => `${fixed(n / units, 1)} ${name}`)
    .join(', ');
}
