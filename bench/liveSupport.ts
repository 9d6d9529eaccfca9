// Helpers of the benchmarks that drive the running local stack (ingress.bench.ts, endToEnd.bench.ts): load
// generators in a worker thread (their own event loop, so on a multi-core machine the clients do not steal the
// stack's CPU), percentiles, and plain text tables.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AwsClients } from '../adapters/aws/clients';
import type { ResourceNames } from '../resources/declarations';

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
export function inWorker<T>(
  body: () => void,
  data: unknown,
  /** Messages of the form `{ progress: … }` before the answer go here (e.g. "the measured window starts"). */
  onProgress?: (progress: unknown) => void,
): Promise<T> {
  const source = `var __name = (f, n) => Object.defineProperty(f, 'name', { value: n, configurable: true });\n(${body.toString()})();`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: data });
    let answered = false;
    const onMessage = (message: T) => {
      if (typeof message === 'object' && message !== null && 'progress' in message) {
        onProgress?.((message as { progress: unknown }).progress);
        return;
      }
      answered = true;
      worker.off('message', onMessage);
      resolve(message);
      void worker.terminate();
    };
    worker.on('message', onMessage);
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

/** One counted AWS request: which part of the stack sent it, to which table or stream, which operation. */
export interface CallKey {
  readonly stage: string;
  readonly resource: string;
  readonly operation: string;
}

/**
 * Counts the AWS calls made through `clients` by stage (`stageOf()` at the time of the call, e.g. an
 * AsyncLocalStorage scope), table or stream (the logical names of `names`) and operation. The map's keys are
 * "stage|resource|operation"; clear it to start over.
 */
export function countCallsByStage(
  clients: AwsClients,
  names: ResourceNames,
  stageOf: () => string,
): Map<string, number> {
  const calls = new Map<string, number>();
  addCallMiddleware(clients, names, stageOf, 'benchStageCounter', (key) => {
    calls.set(key, (calls.get(key) ?? 0) + 1);
    return undefined;
  });
  return calls;
}

/** Calls and the milliseconds they took, summed per "stage|resource|operation" key. */
export interface CallTime {
  calls: number;
  ms: number;
}

/**
 * As countCallsByStage, also summing how long each call took (from the SDK's call to its answer, the emulator's
 * queueing included): where a sequential client's round trip spends its time.
 */
export function timeCallsByStage(
  clients: AwsClients,
  names: ResourceNames,
  stageOf: () => string,
): Map<string, CallTime> {
  const times = new Map<string, CallTime>();
  addCallMiddleware(clients, names, stageOf, 'benchStageTimer', (key) => {
    const started = performance.now();
    return () => {
      const time = times.get(key) ?? { calls: 0, ms: 0 };
      time.calls++;
      time.ms += performance.now() - started;
      times.set(key, time);
    };
  });
  return times;
}

/** Calls `onCall(key)` at each AWS call, and what it returns once the call has ended (answered or failed). */
function addCallMiddleware(
  clients: AwsClients,
  names: ResourceNames,
  stageOf: () => string,
  name: string,
  onCall: (key: string) => (() => void) | undefined,
): void {
  const logical = new Map<string, string>();
  for (const [id, physical] of Object.entries(names.tables)) logical.set(physical, id);
  for (const [id, physical] of Object.entries(names.streams)) logical.set(physical, `${id} stream`);
  for (const client of [clients.dynamodb, clients.kinesis] as const) {
    (client.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
      (
        next: (args: { input?: Record<string, unknown> }) => Promise<unknown>,
        context: { commandName?: string },
      ) =>
        async (args: { input?: Record<string, unknown> }) => {
          const operation = (context.commandName ?? '?').replace(/Command$/, '');
          const input = args.input ?? {};
          const physical =
            (input.TableName as string | undefined) ??
            (input.StreamName as string | undefined) ??
            Object.keys((input.RequestItems as object | undefined) ?? {})[0] ??
            (input.StreamARN as string | undefined)?.split('/')[1] ??
            // GetRecords names only its shard iterator; the stack reads one stream with it.
            (operation === 'GetRecords' ? names.streams.commands : '?');
          const ended = onCall(`${stageOf()}|${logical.get(physical) ?? physical}|${operation}`);
          try {
            return await next(args);
          } finally {
            ended?.();
          }
        },
      { step: 'initialize', name },
    );
  }
}

/**
 * DynamoDB items written by stage (what write units are billed on: a BatchWriteItem of 25 items is 25 writes of
 * ≤ 1 KB, not one): PutItem, UpdateItem and DeleteItem one each, BatchWriteItem and TransactWriteItems their items.
 */
export function countItemsWrittenByStage(clients: AwsClients, stageOf: () => string): Map<string, number> {
  const items = new Map<string, number>();
  (clients.dynamodb.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
    (
      next: (args: { input?: Record<string, unknown> }) => Promise<unknown>,
      context: { commandName?: string },
    ) =>
      (args: { input?: Record<string, unknown> }) => {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        const input = args.input ?? {};
        let n = 0;
        if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem') n = 1;
        else if (operation === 'BatchWriteItem')
          for (const requests of Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}))
            n += requests.length;
        else if (operation === 'TransactWriteItems') n = ((input.TransactItems as unknown[]) ?? []).length;
        if (n > 0) items.set(stageOf(), (items.get(stageOf()) ?? 0) + n);
        return next(args);
      },
    { step: 'initialize', name: 'benchItemsWritten' },
  );
  return items;
}

/** Kinesis records put through `clients`, and the requests that carried them (a PutRecords carries its Records). */
export function countRecordsPut(clients: AwsClients): { requests: number; records: number } {
  const counts = { requests: 0, records: 0 };
  (clients.kinesis.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
    (
      next: (args: { input?: { Records?: unknown[] } }) => Promise<unknown>,
      context: { commandName?: string },
    ) =>
      (args: { input?: { Records?: unknown[] } }) => {
        if (context.commandName === 'PutRecordCommand' || context.commandName === 'PutRecordsCommand') {
          counts.requests++;
          counts.records += args.input?.Records?.length ?? 1;
        }
        return next(args);
      },
    { step: 'initialize', name: 'benchRecordsPut' },
  );
  return counts;
}

const READS = /^(Get|Query|Scan|BatchGet|Describe|List)/;

/** Whether an AWS operation reads (Get*, Query, Scan, BatchGet*, Describe*, List*) rather than writes. */
export function isRead(operation: string): boolean {
  return READS.test(operation);
}

/**
 * CPU time (ms, user + system) spent so far by this process's threads and its child processes, from /proc (Linux;
 * empty elsewhere): `stack main thread` (the event loop), `stack other threads` (GC helpers, libuv's pool, and any
 * worker thread: subtract a load worker's own figure, which it reads from /proc/thread-self), and each child by
 * what it runs (`kinesalite`, `dynalite` for local/emulatorChild.ts). Take one before and one after a run and
 * subtract (cpuDelta).
 */
export function cpuSnapshot(): Map<string, number> {
  const { existsSync, readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const times = new Map<string, number>();
  if (!existsSync('/proc/self/stat')) return times;
  const ms = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 1/100 s ticks (CLK_TCK 100)
  };
  const whole = ms(readFileSync('/proc/self/stat', 'utf8'));
  const main = ms(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  times.set('stack main thread', main);
  times.set('stack other threads', whole - main);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = argv.findIndex((a) => a.endsWith('emulatorChild.ts'));
      const name = at >= 0 ? (argv[at + 1] ?? 'emulator') : `child ${entry}`;
      times.set(name, (times.get(name) ?? 0) + ms(stat));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return times;
}

/** CPU ms per process from `before` to `after` (cpuSnapshot), processes that appeared since counted whole. */
export function cpuDelta(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [name, ms] of after) delta.set(name, ms - (before.get(name) ?? 0));
  return delta;
}
