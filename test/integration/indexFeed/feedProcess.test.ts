// The index feed service as it ships: the esbuild bundle of index-feed-fargate/main.ts in its own process, its
// venues two local stand-ins for public tickers, its stream kinesalite. It puts the composed index on the
// symbol's key, answers /health and /metrics, logs EMF lines, and drains on SIGTERM (exit 0, "stopped").
// Also `--check`: the dry run prints what it would publish and puts nothing.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SDK_NODE_NOTICE_OFF } from '../../../adapters/aws/sdkNodeNotice';
import { type LocalEmulators, startEmulators } from '../../../local/emulators';
import { freePorts } from '../../../local/free-port';
import { eventually } from '../../support/eventually';
import { streamRecords } from '../../support/streamRecords';

jest.setTimeout(90_000);

const REPO_ROOT = resolve(__dirname, '../../..');
let emulators: LocalEmulators;
let venues: Server;
let bundleDir: string;
let bundle: string;

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: 'kinesalite' });
  // Two venues with the shapes of Binance's and OKX's tickers.
  venues = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      request.url === '/binance'
        ? '{"symbol":"BTCUSDT","price":"60000.00"}'
        : '{"code":"0","data":[{"instId":"BTC-USDT","last":"60010.00"}]}',
    );
  });
  await new Promise<void>((done) => venues.listen(0, '127.0.0.1', done));
  bundleDir = mkdtempSync(join(tmpdir(), 'shardex-index-feed-'));
  bundle = join(bundleDir, 'index-feed.js');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(REPO_ROOT, 'index-feed-fargate/main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
  });
});
afterAll(async () => {
  venues?.close();
  await emulators?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

function feedEnv(healthPort: number): NodeJS.ProcessEnv {
  const base = `http://127.0.0.1:${(venues.address() as AddressInfo).port}`;
  return {
    ...process.env,
    ...SDK_NODE_NOTICE_OFF,
    AWS_ENDPOINT_URL_KINESIS: emulators.endpoints.kinesis,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'shardex-local',
    AWS_SECRET_ACCESS_KEY: 'shardex-local',
    SHARDEX_COMMANDS_STREAM: emulators.names.streams.commands,
    INDEX_SYMBOLS: 'BTCUSDT',
    INDEX_SOURCES: JSON.stringify({
      BTCUSDT: [
        { name: 'binance', url: `${base}/binance`, jsonPath: 'price', weight: '1' },
        { name: 'okx', url: `${base}/okx`, jsonPath: 'data[0].last', weight: '1' },
      ],
    }),
    INDEX_POLL_INTERVAL_MS: '100',
    INDEX_METRICS_INTERVAL_MS: '200',
    INDEX_HEALTH_PORT: String(healthPort),
  };
}

function run(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, [bundle, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  return { child, lines };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    if (child.exitCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });

async function publishedPrices(): Promise<{ partitionKey: string; price: string }[]> {
  const records = await streamRecords(emulators.clients.kinesis, emulators.names.streams.commands);
  return records.map((r) => ({
    partitionKey: r.partitionKey,
    price: (r.payload as { price: string }).price,
  }));
}

test('--check prints what it would publish and puts nothing', async () => {
  const [port] = await freePorts(1);
  const { child, lines } = run(['--check'], feedEnv(port!));
  expect(await exited(child)).toBe(0);
  expect(lines.map((line) => JSON.parse(line))).toEqual([
    expect.objectContaining({
      wouldPublish: true,
      partitionKey: 'BTCUSDT',
      composition: expect.objectContaining({ price: '60005.00000000' }),
      published: false,
    }),
  ]);
  expect(await publishedPrices()).toEqual([]);
});

test('puts the index on the symbol key, serves /health and /metrics, logs EMF, drains on SIGTERM', async () => {
  const [port] = await freePorts(1);
  const { child, lines } = run([], feedEnv(port!));
  try {
    const records = await eventually(async () => {
      const found = await publishedPrices();
      expect(found.length).toBeGreaterThanOrEqual(3);
      return found;
    }, 30_000);
    for (const record of records)
      expect(record).toEqual({ partitionKey: 'BTCUSDT', price: '60005.00000000' });

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const metrics = (await (await fetch(`http://127.0.0.1:${port}/metrics`)).json()) as Record<
      string,
      unknown
    >;
    expect(metrics).toMatchObject({
      publishErrors: 0,
      symbols: { BTCUSDT: { indexPrice: '60005.00000000' } },
    });
    expect(metrics.published).toBeGreaterThanOrEqual(3);
    const emf = await eventually(async () => {
      const line = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l._aws !== undefined);
      expect(line).toBeDefined();
      return line!;
    });
    expect(emf).toMatchObject({ Service: 'index-feed', Symbol: 'BTCUSDT', IndexAgeSeconds: 0 });
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited(child)).toBe(0);
  const messages = lines.map((l) => (JSON.parse(l) as { message?: string }).message);
  expect(messages).toEqual(expect.arrayContaining(['started', 'draining', 'stopped']));
});
