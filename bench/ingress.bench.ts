/**
 * Ingress through the local gateway: `npx tsx bench/ingress.bench.ts`.
 *
 * Requests/s and latency p50/p99 with N concurrent keep-alive clients (a bounded loop per client, in a worker
 * thread), side by side in one run:
 *   - GET /fapi/v1/ping: the cheapest route, the ceiling of HTTP + gateway + router (+ the rate limiter's one
 *     DynamoDB write, which every request pays);
 *   - POST /fapi/v1/order, signed, newOrderRespType=ACK: HMAC, API key, rate limit, validation, idempotency record,
 *     order id, margin reservation on the event-sourced account, the put (orders that overlap share a PutRecords);
 *   - PutRecord of an order-sized command straight to the Kinesis emulator: the last step alone.
 * So order ÷ ping is what signing, validation, margin and Kinesis cost on top of HTTP, and PutRecord shows how
 * much of that is the emulator. Orders are resting BUYs far from the market, spread over many accounts.
 *
 * Two stacks (BENCH_INGRESS_STACKS, default both):
 *   - ingress: the emulators, the gateway and the handlers only (the symbol written to the symbols read model
 *     directly): ingress on its own;
 *   - full: the whole local exchange as `npm start` runs it (matcher, projector and fan-out consume everything
 *     the gateway puts, in the same process).
 * The per-key and per-IP rate limits are lifted for the run (the limiter still does its DynamoDB write).
 *
 * After each stack's table: signed orders as a share of the PutRecord ceiling at the same concurrency, and of the
 * ceiling the emulators allow an order (PutRecord and its DynamoDB writes). SHARDEX_EMULATORS=in-process runs the
 * emulators inside the stack's process (default: a child process each).
 *
 * Environment (optional): BENCH_INGRESS_CONCURRENCY (default "1,8,32"), BENCH_INGRESS_SECONDS (measured seconds
 * per cell, default 8, after 1 s of warm-up), BENCH_INGRESS_ACCOUNTS (default 64), BENCH_INGRESS_STACKS.
 */

import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { DynamoRateLimiter } from '../adapters/aws/access/rateLimiter';
import { awsConnectionPorts } from '../adapters/aws/compose/connections';
import { awsIngressPorts } from '../adapters/aws/compose/ingress';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { MemoryOperatorLog } from '../adapters/memory/operatorLog';
import { BatchedRateLimiter } from '../application/access/batchedRateLimiter';
import { ingressContext } from '../application/context';
import { Operator } from '../application/operator';
import { encodeCommand } from '../application/ports/commandEnvelope';
import { symbolsModel } from '../application/projections/symbolsModel';
import { compileInstrument } from '../core/symbol/instrument';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import type { WsContext } from '../lambdas/websocket/app';
import { type LocalEmulators, startEmulators } from '../local/emulators';
import { startGateway } from '../local/gateway/gateway';
import { startLocalExchange } from '../local/localExchange';
import { BTCUSDT } from '../test/core/support/specs';
import { envInt } from './env';
import {
  callsPer,
  countCalls,
  envList,
  fixed,
  inWorker,
  machine,
  percentile,
  printTable,
} from './liveSupport';

silenceSdkNodeNotice();

const CONCURRENCY = envList('BENCH_INGRESS_CONCURRENCY', [1, 8, 32]);
const SECONDS = envInt('BENCH_INGRESS_SECONDS', 8);
const ACCOUNTS = envInt('BENCH_INGRESS_ACCOUNTS', 64);
const STACKS = (process.env.BENCH_INGRESS_STACKS ?? 'ingress,full').split(',');
const WARMUP_MS = 1_000;
const UNLIMITED = { weightPerMinute: 1e12, ordersPerMinute: 1e12 };
const SPEC: SymbolSpec = { ...BTCUSDT, maxNumOrders: 1_000_000 };

type Kind = 'ping' | 'order' | 'put' | 'dynamo';
const KINDS: readonly Kind[] = ['ping', 'order', 'put', 'dynamo'];

interface LoadSpec {
  readonly kind: Kind;
  readonly url: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly keys: readonly { apiKey: string; secret: string }[];
  readonly symbol: string;
  readonly kinesis: { endpoint: string; streamName: string; payload: string };
  readonly dynamodb: { endpoint: string; table: string };
  /** Resolved paths of the SDK modules (the worker's eval'd code has no module of its own to resolve from). */
  readonly modules: Record<string, string>;
}

interface LoadResult {
  /** Latencies (ms) of the requests that completed inside the measured window. */
  readonly latencies: number[];
  readonly windowMs: number;
  readonly failures: Record<string, number>;
  /** Requests sent, warm-up included. */
  readonly sent: number;
}

/** The load generator (runs in a worker thread: self-contained, requires what it needs). */
function loadGenerator(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHmac } = require('node:crypto') as typeof import('node:crypto');
  const spec = workerData as LoadSpec;
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const started = performance.now();
  const measureFrom = started + spec.warmupMs;
  const end = measureFrom + spec.durationMs;
  let sent = 0;
  // Every order distinct: two identical signed requests would be one order (a retry), answered once.
  const runId = `b${Math.floor(Math.random() * 1e9).toString(36)}`;

  // The emulators straight, with the SDK as the handlers use it (HTTP/1.1 keep-alive).
  let put: (() => Promise<void>) | undefined;
  if (spec.kind === 'put' || spec.kind === 'dynamo') {
    const { NodeHttpHandler } = require(spec.modules.handler!);
    const { Agent } = require('node:http') as typeof import('node:http');
    const config = {
      region: 'us-east-1',
      credentials: { accessKeyId: 'shardex-local', secretAccessKey: 'shardex-local' },
      requestHandler: new NodeHttpHandler({
        httpAgent: new Agent({ keepAlive: true, maxSockets: spec.concurrency }),
      }),
    };
    if (spec.kind === 'put') {
      const { KinesisClient, PutRecordCommand } = require(spec.modules.kinesis!);
      const kinesis = new KinesisClient({ ...config, endpoint: spec.kinesis.endpoint });
      const data = new TextEncoder().encode(spec.kinesis.payload);
      put = async () => {
        await kinesis.send(
          new PutRecordCommand({
            StreamName: spec.kinesis.streamName,
            PartitionKey: spec.symbol,
            Data: data,
          }),
        );
      };
    } else {
      // One conditional counter update, as the rate limiter writes for every request.
      const { DynamoDBClient, UpdateItemCommand } = require(spec.modules.dynamodb!);
      const dynamodb = new DynamoDBClient({ ...config, endpoint: spec.dynamodb.endpoint });
      put = async () => {
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: spec.dynamodb.table,
            Key: { window: { S: `bench#${sent % 64}` } },
            UpdateExpression: 'ADD #weight :one SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(#weight) OR #weight <= :room',
            ExpressionAttributeNames: { '#weight': 'weight' },
            ExpressionAttributeValues: {
              ':one': { N: '1' },
              ':room': { N: '1000000000000' },
              ':expires': { N: String(Math.floor(Date.now() / 1000) + 120) },
            },
          }),
        );
      };
    }
  }

  const once = async (): Promise<string | undefined> => {
    if (put) {
      await put();
      return undefined;
    }
    if (spec.kind === 'ping') {
      const response = await fetch(`${spec.url}/fapi/v1/ping`);
      await response.text();
      return response.status === 200 ? undefined : String(response.status);
    }
    const key = spec.keys[sent % spec.keys.length]!;
    const price = (10_000 + Math.floor(Math.random() * 10_000) / 10).toFixed(1);
    const text =
      `symbol=${spec.symbol}&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=${price}` +
      `&newOrderRespType=ACK&newClientOrderId=${runId}-${sent}&timestamp=${Date.now()}`;
    const signature = createHmac('sha256', key.secret).update(text).digest('hex');
    const response = await fetch(`${spec.url}/fapi/v1/order`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': key.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${text}&signature=${signature}`,
    });
    const body = await response.text();
    return response.status === 200 ? undefined : `${response.status} ${body.slice(0, 80)}`;
  };

  const client = async () => {
    while (performance.now() < end) {
      sent++;
      const t0 = performance.now();
      let failure: string | undefined;
      try {
        failure = await once();
      } catch (error) {
        failure = String((error as Error).message ?? error).slice(0, 80);
      }
      const t1 = performance.now();
      if (t1 < measureFrom || t1 > end) continue;
      if (failure === undefined) latencies.push(t1 - t0);
      else failures[failure] = (failures[failure] ?? 0) + 1;
    }
  };
  Promise.all(Array.from({ length: spec.concurrency }, client)).then(() =>
    parentPort!.postMessage({ latencies, windowMs: spec.durationMs, failures, sent } satisfies LoadResult),
  );
}

interface Stack {
  readonly name: string;
  readonly url: string;
  readonly emulators: LocalEmulators;
  readonly ctx: WsContext;
  stop(): Promise<void>;
}

/** Emulators, handlers and gateway only; the symbol written straight into the symbols read model. */
async function ingressStack(): Promise<Stack> {
  const emulators = await startEmulators();
  const { clients, names } = emulators;
  const ctx: WsContext = {
    ...ingressContext(awsIngressPorts(clients, names)),
    ...awsConnectionPorts(clients, names),
    rateLimiter: new BatchedRateLimiter(
      new DynamoRateLimiter(clients.documents, names.tables.rateLimits, UNLIMITED),
    ),
  };
  const gateway = await startGateway({ ctx });
  const listed = {
    type: 'SymbolListed',
    seq: 1,
    time: Date.now(),
    commandId: 'bench-list',
    spec: SPEC,
  } as const;
  await symbolsModel(ctx.symbols).apply(
    { symbol: SPEC.symbol, firstSeq: 1, lastSeq: 1, events: [listed], recordId: 'bench' },
    { instrument: compileInstrument(SPEC) },
  );
  return {
    name: 'ingress only (gateway + handlers + emulators)',
    url: gateway.url,
    emulators,
    ctx,
    async stop() {
      await gateway.close();
      await emulators.stop();
    },
  };
}

/** The whole local exchange, as `npm start` runs it. */
async function fullStack(): Promise<Stack> {
  const exchange = await startLocalExchange();
  // Lifted for the benchmark: the handlers read ctx.rateLimiter on every request.
  Object.assign(exchange.ctx, {
    rateLimiter: new BatchedRateLimiter(
      new DynamoRateLimiter(
        exchange.emulators.clients.documents,
        exchange.emulators.names.tables.rateLimits,
        UNLIMITED,
      ),
    ),
  });
  await exchange.listSymbol(SPEC);
  return {
    name: 'full stack (matcher, projector, fan-out running)',
    url: exchange.gateway.url,
    emulators: exchange.emulators,
    ctx: exchange.ctx,
    stop: () => exchange.stop(),
  };
}

/** A stream of its own for raw puts, so that the matcher never reads them. */
async function rawStream(emulators: LocalEmulators): Promise<string> {
  const name = `${emulators.names.streams.commands}-bench-raw`;
  const kinesis = emulators.clients.kinesis;
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 4 }));
  for (;;) {
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return name;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One concurrency's figures of signed orders against the emulators' own ceilings, measured in the same run. */
interface Ceilings {
  readonly concurrency: number;
  readonly order: number;
  readonly put: number;
  readonly dynamo: number;
  /** DynamoDB writes an order makes (excluding its PutRecord), as counted in the run. */
  readonly dynamoPerOrder: number;
}

async function measureStack(stack: Stack): Promise<{ rows: string[][]; ceilings: Ceilings[] }> {
  // The benchmark's own setup: its operator trail needs no table.
  const operator = new Operator({ ...stack.ctx, operatorLog: new MemoryOperatorLog() });
  const keys: { apiKey: string; secret: string }[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const accountId = await operator.createAccount();
    await operator.deposit(accountId, '1000000000', 'bench');
    keys.push(await operator.createApiKey(accountId, ['READ', 'TRADE'], 'bench'));
  }
  const streamName = await rawStream(stack.emulators);
  const payload = new TextDecoder().decode(
    encodeCommand({
      v: 1,
      commandId: 'place-4910000000000000',
      symbol: SPEC.symbol,
      type: 'PlaceOrder',
      order: {
        orderId: 4_910_000_000_000_000,
        accountId: 1,
        clientOrderId: 'x3sK9fQ0bLrT5yVw2NpAzD',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '10000.0',
        quantity: '0.001',
        reduceOnly: false,
        selfTradePreventionMode: 'EXPIRE_MAKER',
      },
    }),
  );
  // AWS calls the stack's own clients make per request (in the full stack, the matcher's and the stream
  // consumers' calls too).
  const calls = countCalls(stack.emulators.clients);
  const rows: string[][] = [];
  const ceilings: Ceilings[] = [];
  for (const concurrency of CONCURRENCY) {
    const cells = new Map<
      Kind,
      { rate: number; p50: number; p99: number; failures: string; calls: string; busy: number }
    >();
    let dynamoPerOrder = 0;
    for (const kind of KINDS) {
      calls.clear();
      const loop = performance.eventLoopUtilization();
      const result = await inWorker<LoadResult>(loadGenerator, {
        kind,
        url: stack.url,
        concurrency,
        warmupMs: WARMUP_MS,
        durationMs: SECONDS * 1_000,
        keys,
        symbol: SPEC.symbol,
        kinesis: { endpoint: stack.emulators.endpoints.kinesis, streamName, payload },
        dynamodb: {
          endpoint: stack.emulators.endpoints.dynamodb,
          table: stack.emulators.names.tables.rateLimits,
        },
        modules: {
          kinesis: require.resolve('@aws-sdk/client-kinesis'),
          dynamodb: require.resolve('@aws-sdk/client-dynamodb'),
          handler: require.resolve('@smithy/node-http-handler'),
        },
      } satisfies LoadSpec);
      const busy = performance.eventLoopUtilization(loop).utilization;
      if (kind === 'order')
        dynamoPerOrder =
          [...calls].filter(([name]) => DYNAMO_WRITES.has(name)).reduce((sum, [, n]) => sum + n, 0) /
          result.sent;
      const failed = Object.values(result.failures).reduce((a, b) => a + b, 0);
      cells.set(kind, {
        rate: result.latencies.length / (result.windowMs / 1_000),
        p50: percentile(result.latencies, 50),
        p99: percentile(result.latencies, 99),
        busy,
        failures: failed === 0 ? '0' : `${failed} (${Object.keys(result.failures)[0]})`,
        calls: kind === 'put' || kind === 'dynamo' ? '1' : callsPer(calls, result.sent),
      });
    }
    const order = cells.get('order')!;
    ceilings.push({
      concurrency,
      order: order.rate,
      put: cells.get('put')!.rate,
      dynamo: cells.get('dynamo')!.rate,
      dynamoPerOrder,
    });
    const labels: Record<Kind, string> = {
      ping: 'GET /fapi/v1/ping',
      order: 'POST /fapi/v1/order (ACK)',
      put: 'Kinesis PutRecord (emulator)',
      dynamo: 'DynamoDB UpdateItem (emulator)',
    };
    for (const kind of KINDS) {
      const c = cells.get(kind)!;
      rows.push([
        String(concurrency),
        labels[kind],
        fixed(c.rate, 0),
        fixed(c.p50, 2),
        fixed(c.p99, 2),
        kind === 'order' ? '1×' : `${fixed(c.rate / order.rate, 1)}×`,
        `${fixed(100 * c.busy, 0)}%`,
        c.calls,
        c.failures,
      ]);
    }
  }
  return { rows, ceilings };
}

const DYNAMO_WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/**
 * Signed orders against the Kinesis emulator's PutRecord ceiling at the same concurrency (issue 17's figure), and
 * against what the emulators allow an order at all: an order also makes `dynamoPerOrder` DynamoDB writes, so with
 * each emulator on a core of its own the orders' ceiling is min(PutRecord/s, UpdateItem/s ÷ writes per order).
 */
function printCeilings(ceilings: readonly Ceilings[]): void {
  for (const c of ceilings) {
    const bound = Math.min(c.put, c.dynamo / Math.max(1, c.dynamoPerOrder));
    console.log(
      `${c.concurrency} clients: signed orders ${fixed(c.order, 0)}/s = ${fixed((100 * c.order) / c.put, 0)}% of PutRecord ` +
        `(${fixed(c.put, 0)}/s); ${fixed(c.dynamoPerOrder, 2)} DynamoDB writes per order, so the emulators allow ` +
        `≤ ${fixed(bound, 0)} orders/s: ${fixed((100 * c.order) / bound, 0)}% of that`,
    );
  }
}

async function main() {
  console.log(`ingress benchmark — ${machine()}`);
  console.log(
    `${SECONDS} s measured per cell after ${WARMUP_MS} ms warm-up; ${ACCOUNTS} accounts; clients in a worker thread, keep-alive\n`,
  );
  for (const name of STACKS) {
    const stack = name === 'full' ? await fullStack() : await ingressStack();
    try {
      console.log(`\nstack: ${stack.name}; emulators ${stack.emulators.placement}`);
      const { rows, ceilings } = await measureStack(stack);
      printTable(
        [
          'clients',
          'request',
          'req/s',
          'p50 ms',
          'p99 ms',
          'rate ÷ order',
          'stack loop busy',
          'AWS calls per request',
          'errors',
        ],
        rows,
      );
      printCeilings(ceilings);
    } finally {
      await stack.stop();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
