// The matcher as it runs in production: a separate Node process started from the esbuild bundle of
// matching-fargate/main.ts, configured by its environment, observed through its JSON logs and its /metrics
// endpoint, and stopped by real signals (SIGKILL, SIGSTOP/SIGCONT, SIGTERM).

import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { SDK_NODE_NOTICE_OFF } from '../../../../adapters/aws/sdkNodeNotice';
import { freePorts } from '../../../../local/free-port';
import { serviceBundle } from '../../../support/serviceBundle';

export const REPO_ROOT = resolve(__dirname, '../../../..');

/** One parsed log line of a matcher (or `{ text }` when the line was not JSON, e.g. a Node warning). */
export type LogLine = Record<string, unknown> & { readonly at: number };

/** The matcher's bundle (the artifact that ships), built once per jest worker. */
export function matcherBundle(): Promise<string> {
  return serviceBundle('matching-fargate/main.ts');
}

export interface MatcherOptions {
  readonly id: string;
  readonly endpoints: { readonly kinesis: string; readonly dynamodb: string };
  /** Prefix of the leases, events and snapshots tables. */
  readonly prefix: string;
  /** The commands stream (may belong to another prefix: two matchers on one stream, different tables). */
  readonly stream: string;
  readonly leaseMs?: number;
  readonly renewMs?: number;
  readonly safetyMs?: number;
  readonly batchLimit?: number;
  readonly idlePollMs?: number;
  readonly snapshotEveryEvents?: number;
  readonly snapshotsKept?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Options for node itself, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
}

/** Every child started and not yet reaped, so a failing test can never leave one behind. */
const children = new Set<MatcherProcess>();
process.once('exit', () => {
  for (const child of children) child.process.kill('SIGKILL');
});

export class MatcherProcess {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitState: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly options: MatcherOptions,
    readonly process: ChildProcess,
    readonly healthPort: number,
  ) {
    this.exited = new Promise((done) => {
      process.once('exit', (code, signal) => {
        this.exitState = { code, signal };
        children.delete(this);
        done({ code, signal });
        this.notify();
      });
    });
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        this.addLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', onData);
  }

  static async start(options: MatcherOptions): Promise<MatcherProcess> {
    const main = await matcherBundle();
    const [port] = (await freePorts(1)) as [number];
    const lease = options.leaseMs ?? 2_000;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AWS_ENDPOINT_URL_KINESIS: options.endpoints.kinesis,
      AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
      AWS_REGION: 'us-east-1',
      ...SDK_NODE_NOTICE_OFF,
      SHARDEX_PREFIX: options.prefix,
      SHARDEX_COMMANDS_STREAM: options.stream,
      MATCHER_ID: options.id,
      MATCHER_LEASE_DURATION_MS: String(lease),
      MATCHER_RENEW_INTERVAL_MS: String(options.renewMs ?? Math.floor(lease / 5)),
      MATCHER_LEASE_SAFETY_MS: String(options.safetyMs ?? Math.floor(lease / 4)),
      MATCHER_IDLE_POLL_MS: String(options.idlePollMs ?? 20),
      MATCHER_BATCH_LIMIT: String(options.batchLimit ?? 500),
      MATCHER_SNAPSHOT_EVERY_EVENTS: String(options.snapshotEveryEvents ?? 100_000),
      MATCHER_SNAPSHOTS_KEPT: String(options.snapshotsKept ?? 3),
      MATCHER_HEALTH_PORT: String(port),
      MATCHER_METRICS_INTERVAL_MS: '3600000',
      ...options.env,
    };
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), main], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const matcher = new MatcherProcess(options, child, port);
    children.add(matcher);
    return matcher;
  }

  get id(): string {
    return this.options.id;
  }

  get pid(): number {
    return this.process.pid!;
  }

  get running(): boolean {
    return this.exitState === undefined;
  }

  /** Sends a signal; a no-op once the process is gone. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.process.kill(signal);
  }

  /** kill -9, and wait until the process is reaped. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** The first log line (from the start, or from index `from`) matching `match`, waiting for it if need be. */
  async waitForLog(match: (line: LogLine) => boolean, timeoutMs = 20_000, from = 0): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.slice(from).find(match);
      if (found !== undefined) return found;
      if (!this.running)
        throw new Error(`${this.id} exited ${JSON.stringify(this.exitState)}\n${this.tail()}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`${this.id}: no matching log line within ${timeoutMs} ms\n${this.tail()}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 200));
        this.waiters.add(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  messages(message: string): LogLine[] {
    return this.logs.filter((line) => line.message === message);
  }

  async health(): Promise<{ status: number; body: Record<string, unknown> }> {
    return getJson(this.healthPort, '/health');
  }

  async metrics(): Promise<Record<string, unknown>> {
    return (await getJson(this.healthPort, '/metrics')).body;
  }

  /** The last log lines, to explain a failure. */
  tail(lines = 30): string {
    return this.logs
      .slice(-lines)
      .map((line) => JSON.stringify(line))
      .join('\n');
  }

  private addLine(text: string): void {
    if (text.trim() === '') return;
    let line: LogLine;
    try {
      const parsed = JSON.parse(text);
      line =
        typeof parsed === 'object' && parsed !== null
          ? { ...parsed, at: Date.now() }
          : { text, at: Date.now() };
    } catch {
      line = { text, at: Date.now() };
    }
    this.logs.push(line);
    this.notify();
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** SIGKILLs every matcher still running (a stopped one too) and waits until all are reaped. */
export async function killAllMatchers(): Promise<void> {
  await Promise.all([...children].map((child) => child.kill()));
}

function getJson(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        try {
          resolvePromise({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch (error) {
          reject(error);
        }
      });
    });
    req.setTimeout(5_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
