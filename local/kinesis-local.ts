// Kinesis, emulated by kinesis-local: the Node build of kinesis-mock, LocalStack's engine. Fuller and closer to
// AWS than kinesalite (it throttles a shard like AWS does) but slower. It is a program, not a library, so it runs
// as a child process.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { keepTail, stopWithParent } from './childProcess';
import { CREATE_DELAY_MS, type RunningEmulator } from './emulator';
import { freePorts } from './free-port';

export interface KinesisLocalOptions {
  /** Persist streams as JSON files in this directory; in memory when absent. */
  readonly dataDir?: string;
  /**
   * How often kinesis-local writes its data to disk. Records accepted since the last write are lost if it dies
   * (kill -9, crash, power loss): local persistence is a convenience, not AWS-grade durability.
   */
  readonly persistIntervalMs?: number;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startKinesisLocal(options: KinesisLocalOptions = {}): Promise<RunningEmulator> {
  const [plainPort, tlsPort] = (await freePorts(2)) as [number, number];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(process.execPath, [packageFile('main.js')], {
    // It reads its TLS certificate (server.json) from the working directory.
    cwd: packageFile('.'),
    env: { ...process.env, ...settings(plainPort, tlsPort, options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = keepTail(child);
  const stop = stopWithParent(child, STOP_TIMEOUT_MS);
  try {
    await waitForPort(plainPort, child, output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint: `http://127.0.0.1:${plainPort}`, stop };
}

function packageFile(name: string): string {
  return resolve(dirname(require.resolve('kinesis-local/package.json')), name);
}

function settings(plainPort: number, tlsPort: number, options: KinesisLocalOptions): Record<string, string> {
  const base = {
    KINESIS_MOCK_PLAIN_PORT: String(plainPort),
    KINESIS_MOCK_TLS_PORT: String(tlsPort),
    CREATE_STREAM_DURATION: `${CREATE_DELAY_MS}ms`,
    DELETE_STREAM_DURATION: `${CREATE_DELAY_MS}ms`,
    SPLIT_SHARD_DURATION: `${CREATE_DELAY_MS}ms`,
    MERGE_SHARDS_DURATION: `${CREATE_DELAY_MS}ms`,
    UPDATE_SHARD_COUNT_DURATION: `${CREATE_DELAY_MS}ms`,
    LOG_LEVEL: 'WARN',
  };
  if (!options.dataDir) return { ...base, SHOULD_PERSIST_DATA: 'false' };
  return {
    ...base,
    SHOULD_PERSIST_DATA: 'true',
    LOAD_DATA_IF_EXISTS: 'true',
    PERSIST_PATH: resolve(options.dataDir),
    PERSIST_INTERVAL: `${options.persistIntervalMs ?? 1000}ms`,
  };
}

/** Ready = its plain port accepts connections. Fails fast if the child exits first. */
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `kinesis-local exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`,
      );
    }
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`kinesis-local did not listen on port ${port} within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
