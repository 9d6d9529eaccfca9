// Kinesis, emulated by kinesis-local: the Node build of kinesis-mock, LocalStack's engine. Fuller and closer to
// AWS than kinesalite (it throttles a shard like AWS does) but slower. It is a program, not a library, so it runs
// as a child process.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { batchScheduled } from './batchScheduling';
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
/** Starts whose ports another process took first (see PortTaken) before giving up. */
const START_ATTEMPTS = 3;

export async function startKinesisLocal(options: KinesisLocalOptions = {}): Promise<RunningEmulator> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === START_ATTEMPTS) throw err;
    }
  }
}

/**
 * kinesis-local cannot be told to pick its own port, so it is given ports that were free a moment ago
 * (free-port.ts). In the second or so before it binds them, another process binding port 0 (a dynalite starting
 * beside it) can be handed the same one. kinesis-local then exits (EADDRINUSE), but a check that only asked
 * whether the port accepts connections took the other server for it: once in CI the stack's CreateStream went to
 * a server that answered with a body the Kinesis client could not parse. So a port is only ready once it answers
 * a Kinesis request as Kinesis; another answer, or an exit for an address in use, is a clash, and the start is
 * tried again with new ports.
 */
class PortTaken extends Error {}

async function startOnce(options: KinesisLocalOptions): Promise<RunningEmulator> {
  const [plainPort, tlsPort] = (await freePorts(2)) as [number, number];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const [command, args] = batchScheduled(process.execPath, [packageFile('main.js')]);
  const child = spawn(command, args, {
    // It reads its TLS certificate (server.json) from the working directory.
    cwd: packageFile('.'),
    env: { ...process.env, ...settings(plainPort, tlsPort, options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = keepTail(child);
  const stop = stopWithParent(child, STOP_TIMEOUT_MS);
  try {
    await waitUntilServing(plainPort, child, output);
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

/**
 * Ready = its plain port answers ListStreams as Kinesis does. A port that answers as something else, or a child
 * that exits because its address is in use, is a clash (PortTaken); a child that exits otherwise fails the start.
 */
async function waitUntilServing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const answer = await kinesisAnswer(port);
    if (answer === 'kinesis') return;
    if (answer === 'other') {
      throw new PortTaken(`port ${port} answers, but not as Kinesis: another process took it`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      const exited = `kinesis-local exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`;
      throw output().includes('EADDRINUSE') ? new PortTaken(exited) : new Error(exited);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`kinesis-local did not listen on port ${port} within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

/**
 * One ListStreams, as the SDK sends it (kinesis-mock checks that a signature is present, not what it is):
 * 'kinesis' for Kinesis's answer, 'other' for any other answer, 'none' if nothing listens yet.
 */
export function kinesisAnswer(port: number): Promise<'kinesis' | 'other' | 'none'> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent: false,
        timeout: 5_000,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Kinesis_20131202.ListStreams',
          'x-amz-date': '20260101T000000Z',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve(res.statusCode === 200 && isStreamList(body) ? 'kinesis' : 'other'));
        res.on('error', () => resolve('none'));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve('none'));
    req.end('{}');
  });
}

function isStreamList(body: string): boolean {
  try {
    return Array.isArray((JSON.parse(body) as { StreamNames?: unknown }).StreamNames);
  } catch {
    return false;
  }
}
