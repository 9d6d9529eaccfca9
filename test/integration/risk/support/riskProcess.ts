// The risk service as it ships: the esbuild bundle of risk-fargate/main.ts in its own Node process, configured by
// its environment, observed through its JSON logs and /health, and stopped by real signals (SIGKILL, SIGSTOP/
// SIGCONT, SIGTERM).

import { type ChildProcess, spawn } from 'node:child_process';
import { SDK_NODE_NOTICE_OFF } from '../../../../adapters/aws/sdkNodeNotice';
import { freePorts } from '../../../../local/free-port';
import { eventually } from '../../../support/eventually';
import { serviceBundle } from '../../../support/serviceBundle';

/** Every child not yet reaped, so a failing test never leaves one behind. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export class RiskProcess {
  readonly logs: Record<string, unknown>[] = [];
  /** How the process ended: its exit code, or the signal that killed it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly id: string,
    private readonly child: ChildProcess,
    readonly healthPort: number,
  ) {
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        children.delete(child);
        done({ code, signal });
      }),
    );
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line));
        } catch {
          this.logs.push({ text: line });
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }

  static async start(
    id: string,
    endpoints: { readonly kinesis: string; readonly dynamodb: string },
    env: Readonly<Record<string, string>> = {},
  ): Promise<RiskProcess> {
    const [port] = (await freePorts(1)) as [number];
    const child = spawn(process.execPath, [await serviceBundle('risk-fargate/main.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
        AWS_REGION: 'us-east-1',
        ...SDK_NODE_NOTICE_OFF,
        RISK_ID: id,
        RISK_HEALTH_PORT: String(port),
        RISK_METRICS_INTERVAL_MS: '3600000',
        RISK_IDLE_POLL_MS: '20',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    return new RiskProcess(id, child, port);
  }

  messages(message: string): Record<string, unknown>[] {
    return this.logs.filter((line) => line.message === message);
  }

  /** Waits until `count` log lines carry `message`. */
  async waitFor(message: string, count = 1, timeoutMs = 20_000): Promise<void> {
    await eventually(async () => {
      if (this.messages(message).length < count)
        throw new Error(`${this.id}: ${count}× "${message}" not logged yet\n${this.tail()}`);
    }, timeoutMs);
  }

  signal(signal: NodeJS.Signals): void {
    if (children.has(this.child)) this.child.kill(signal);
  }

  /** kill -9, and wait until the process is reaped. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** GET /health: its status and body. */
  async health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${this.healthPort}/health`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  tail(lines = 20): string {
    return this.logs
      .slice(-lines)
      .map((line) => JSON.stringify(line))
      .join('\n');
  }
}
