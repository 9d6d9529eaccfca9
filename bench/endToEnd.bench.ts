/**
 * End to end through the local stack: `npx tsx bench/endToEnd.bench.ts`.
 *
 * 1. Latency, order accepted → trade event received on a WebSocket, at steady offered rates: pairs of crossing
 *    orders from two traders (a resting maker, then an IOC taker at the same price, each ACK), open loop. For
 *    each taker: from its REST ACK (and from sending it) to the `btcusdt@trade` message of its trade, the trade
 *    identified by the taker's own ORDER_TRADE_UPDATE; and from its ACK to that ORDER_TRADE_UPDATE (his own fill on
 *    his user data stream). Clients run in a worker thread; the whole exchange (as
 *    `npm start` runs it) in this process. At most BENCH_E2E_MAX_IN_FLIGHT (default 50) pairs are unfinished at
 *    once; a pair due beyond that is skipped and counted (the offered rate is then above what the stack takes).
 * 2. Projector and fan-out throughput draining a backlog: a stream pre-filled with crossing pairs, the matcher
 *    turns it into events (then stops), and each stream consumer alone drains the whole log through the local
 *    stream poller. Events/s and event items/s; with small items (as live traffic writes them) and large ones
 *    (as a matcher catching up writes them).
 *
 * 3. The request budget: every DynamoDB and Kinesis request per placed order by stage and table at a steady
 *    BENCH_BUDGET_RATE (default 50) orders/s, with the targets of issue 17 (docs/read-side.md, "Budget").
 *
 * 4. A ccxt binanceusdm client (the contract's reference client) placing resting limit orders one after another
 *    with newOrderRespType=RESULT (the answer waits for the matcher): round trip p50/p90/p99 and where the time
 *    goes (AWS calls per order by stage), polling as on AWS and with the local wake-ups.
 *
 * Environment (optional): BENCH_E2E_RATES (orders/s, default "25,50,100,300"), BENCH_E2E_SECONDS (measured per
 * rate, default 15, after 2 s warm-up), BENCH_PROJECTOR_PAIRS (backlog, default 3000 pairs = 12,000 events),
 * BENCH_E2E_SECTIONS ("budget,ccxt,latency,projector"), BENCH_E2E_POLL_MS (the matcher's busy poll interval),
 * BENCH_E2E_POLLER_MS (the stream poller's fallback interval), BENCH_E2E_RESTING (latency: orders each of the two
 * traders keeps resting away from the touch before the measured load, as a market maker's book does: its account
 * then carries that many margin reservations; default 0), SHARDEX_EMULATORS (child, the default, or in-process).
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { DynamoRateLimiter } from '../adapters/aws/access/rateLimiter';
import { awsConnectionPorts } from '../adapters/aws/compose/connections';
import { awsFanoutPorts } from '../adapters/aws/compose/fanout';
import { awsIngressPorts } from '../adapters/aws/compose/ingress';
import { awsProjectorPorts } from '../adapters/aws/compose/projector';
import { managementApiPoster } from '../adapters/aws/connections/connectionPoster';
import { DynamoEventLog } from '../adapters/aws/eventStore/eventStore';
import { batchOf } from '../adapters/aws/eventStore/eventsStream';
import { DynamoSnapshotStore } from '../adapters/aws/eventStore/snapshotStore';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { MemoryOperatorLog } from '../adapters/memory/operatorLog';
import { BatchedRateLimiter } from '../application/access/batchedRateLimiter';
import { ingressContext, projectorContext } from '../application/context';
import { Operator } from '../application/operator';
import { type CommandEnvelope, encodeCommand } from '../application/ports/commandEnvelope';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { createFanoutHandler } from '../lambdas/fanout/app';
import { createProjectorHandler } from '../lambdas/projector/app';
import { EMULATOR_SCHEDULING_ENV, emulatorScheduling } from '../local/batchScheduling';
import { BinanceClient, type Credentials } from '../local/binanceClient';
import { emulatorPlacementFromEnv, startEmulators } from '../local/emulators';
import { startGateway } from '../local/gateway/gateway';
import { BUSY_POLL_MS, POLLER_FALLBACK_MS, startLocalExchange } from '../local/localExchange';
import { StreamPoller } from '../local/streamPoller';
import { LeaseManager } from '../matching-fargate/leaseManager';
import { MatcherWorker } from '../matching-fargate/matcherWorker';
import { Metrics } from '../matching-fargate/metrics';
import { createLogger } from '../service-runtime/logger';
import { BTCUSDT } from '../test/core/support/specs';
import { envInt } from './env';
import {
  type CallTime,
  callsPer,
  countCalls,
  countCallsByStage,
  countItemsWrittenByStage,
  countRecordsPut,
  cpuDelta,
  cpuSnapshot,
  envList,
  fixed,
  inWorker,
  machine,
  percentile,
  printTable,
  timeCallsByStage,
} from './liveSupport';
import { BUDGET_HEADER, budgetRows } from './requestBudget';

silenceSdkNodeNotice();

const RATES = envList('BENCH_E2E_RATES', [25, 50, 100, 300]);
const SECONDS = envInt('BENCH_E2E_SECONDS', 15);
const PAIRS = envInt('BENCH_PROJECTOR_PAIRS', 3_000);
const SECTIONS = new Set((process.env.BENCH_E2E_SECTIONS ?? 'budget,ccxt,latency,projector').split(','));
const BUDGET_RATE = envInt('BENCH_BUDGET_RATE', 50);
const WARMUP_MS = 2_000;
const SPEC: SymbolSpec = { ...BTCUSDT, maxNumOrders: 1_000_000 };
const PRICE = '40000.0';
const MAX_PAIRS_IN_FLIGHT = envInt('BENCH_E2E_MAX_IN_FLIGHT', 50);
const RESTING = envInt('BENCH_E2E_RESTING', 0);
/** The matcher's and the stream poller's busy poll interval (local/localExchange.ts BUSY_POLL_MS by default). */
const POLL_MS = process.env.BENCH_E2E_POLL_MS === undefined ? undefined : envInt('BENCH_E2E_POLL_MS', 10);
/** The stream poller's fallback poll interval (it is nudged by each commit): local/localExchange.ts. */
const FALLBACK_MS =
  process.env.BENCH_E2E_POLLER_MS === undefined ? undefined : envInt('BENCH_E2E_POLLER_MS', 100);

interface LatencySpec {
  readonly url: string;
  readonly wsUrl: string;
  readonly wsModule: string;
  readonly maker: { apiKey: string; secret: string };
  readonly taker: { apiKey: string; secret: string };
  readonly takerListenKey: string;
  readonly ordersPerSecond: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly price: string;
  /** Beyond this many unfinished pairs a scheduled pair is skipped (counted): the stack is saturated. */
  readonly maxPairsInFlight: number;
}

/** The load worker's orders: crossing pairs of the maker and the taker at `ordersPerSecond`, the bench's window. */
function latencySpec(
  exchange: { readonly gateway: { readonly url: string; readonly wsUrl: string } },
  { maker, taker, listenKey }: Pick<LatencySpec, 'maker' | 'taker'> & { listenKey: string },
  ordersPerSecond: number,
): LatencySpec {
  return {
    url: exchange.gateway.url,
    wsUrl: exchange.gateway.wsUrl,
    wsModule: require.resolve('ws'),
    maker,
    taker,
    takerListenKey: listenKey,
    ordersPerSecond,
    warmupMs: WARMUP_MS,
    durationMs: SECONDS * 1_000,
    price: PRICE,
    maxPairsInFlight: MAX_PAIRS_IN_FLIGHT,
  };
}

interface LatencyResult {
  /** Taker ACK → trade message, and taker sent → trade message (ms), for takers acknowledged in the window. */
  readonly fromAck: number[];
  readonly fromSend: number[];
  /** Taker ACK → its own ORDER_TRADE_UPDATE TRADE on the user data stream (ms), for the same takers. */
  readonly ackToFill: number[];
  /** REST ACK latency of those takers. */
  readonly ackLatency: number[];
  readonly ordersAcked: number;
  /** Orders acknowledged over the whole run, warm-up included. */
  readonly ordersAckedTotal: number;
  readonly windowMs: number;
  readonly skipped: number;
  readonly missing: number;
  readonly errors: Record<string, number>;
}

/** The trading clients (run in a worker thread: self-contained). */
function latencyClients(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHmac } = require('node:crypto') as typeof import('node:crypto');
  const { existsSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const WebSocket = require((workerData as LatencySpec).wsModule);
  const spec = workerData as LatencySpec;
  const threadCpuMs = () => {
    if (!existsSync('/proc/thread-self/stat')) return Number.NaN;
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const now = () => performance.now();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  const tradeArrival = new Map<number, number>();
  const tradeOfTaker = new Map<number, number>();
  const fillArrival = new Map<number, number>();
  const takers: { orderId: number; sent: number; acked: number }[] = [];
  const errors: Record<string, number> = {};

  const open = (path: string) =>
    new Promise<{ on: (event: string, f: (data: Buffer) => void) => void; send: (t: string) => void }>(
      (resolve, reject) => {
        const socket = new WebSocket(`${spec.wsUrl}${path}`);
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      },
    );
  const order = async (key: { apiKey: string; secret: string }, params: string) => {
    const text = `${params}&timestamp=${Date.now()}`;
    const signature = createHmac('sha256', key.secret).update(text).digest('hex');
    const response = await fetch(`${spec.url}/fapi/v1/order`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': key.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${text}&signature=${signature}`,
    });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 80)}`);
    return body as { orderId: number };
  };

  const run = async () => {
    const market = await open('/ws');
    await new Promise<void>((resolve) => {
      market.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.e === 'trade') tradeArrival.set(m.t, now());
        else if (m.id === 1) resolve();
      });
      market.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }));
    });
    const user = await open(`/ws?listenKey=${spec.takerListenKey}`);
    user.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.e === 'ORDER_TRADE_UPDATE' && m.o.x === 'TRADE' && m.o.m === false) {
        tradeOfTaker.set(m.o.i, m.o.t);
        fillArrival.set(m.o.i, now());
      }
    });

    const base = `symbol=BTCUSDT&quantity=0.001&price=${spec.price}&newOrderRespType=ACK`;
    // Every order distinct (client order ids): two identical signed requests would be one order, a retry.
    const runId = Math.floor(Math.random() * 1e9).toString(36);
    const pair = async (i: number) => {
      try {
        await order(
          spec.maker,
          `${base}&side=SELL&type=LIMIT&timeInForce=GTC&newClientOrderId=m${runId}-${i}`,
        );
        const sent = now();
        const { orderId } = await order(
          spec.taker,
          `${base}&side=BUY&type=LIMIT&timeInForce=IOC&newClientOrderId=t${runId}-${i}`,
        );
        takers.push({ orderId, sent, acked: now() });
      } catch (error) {
        const key = String((error as Error).message).slice(0, 60);
        errors[key] = (errors[key] ?? 0) + 1;
      }
    };

    const start = now();
    const measureFrom = start + spec.warmupMs;
    const end = measureFrom + spec.durationMs;
    const interval = 1_000 / (spec.ordersPerSecond / 2);
    const inFlight = new Set<Promise<void>>();
    let skipped = 0;
    let windowStarted = false;
    for (let i = 0; ; i++) {
      const at = start + i * interval;
      if (at >= end) break;
      await sleep(at - now());
      if (!windowStarted && now() >= measureFrom) {
        windowStarted = true;
        parentPort!.postMessage({ progress: { window: 'start', workerCpuMs: threadCpuMs() } });
      }
      if (inFlight.size >= spec.maxPairsInFlight) {
        skipped++;
        continue;
      }
      const p = pair(i).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(end - now());
    parentPort!.postMessage({ progress: { window: 'end', workerCpuMs: threadCpuMs() } });
    await Promise.all(inFlight);
    // Every acknowledged taker's trade, as far as it comes within 60 s.
    const complete = () =>
      takers.every((t) => {
        const trade = tradeOfTaker.get(t.orderId);
        return trade !== undefined && tradeArrival.has(trade);
      });
    for (const deadline = now() + 60_000; !complete() && now() < deadline; ) await sleep(50);

    const measured = takers.filter((t) => t.acked >= measureFrom && t.acked <= end);
    const fromAck: number[] = [];
    const fromSend: number[] = [];
    const ackToFill: number[] = [];
    let missing = 0;
    for (const t of measured) {
      const trade = tradeOfTaker.get(t.orderId);
      const arrival = trade === undefined ? undefined : tradeArrival.get(trade);
      if (arrival === undefined) {
        missing++;
        continue;
      }
      fromAck.push(arrival - t.acked);
      fromSend.push(arrival - t.sent);
      ackToFill.push(fillArrival.get(t.orderId)! - t.acked);
    }
    parentPort!.postMessage({
      fromAck,
      fromSend,
      ackToFill,
      ackLatency: measured.map((t) => t.acked - t.sent),
      ordersAcked: 2 * measured.length,
      ordersAckedTotal: 2 * takers.length,
      windowMs: spec.durationMs,
      skipped,
      missing,
      errors,
    } satisfies LatencyResult);
  };
  run().catch((error) => {
    throw error;
  });
}

/**
 * The rate limiter still counts every request (in DynamoDB, as on AWS), with limits no bench reaches: one client
 * sending 60 orders a second, or two sending 100 each, is far past Binance's 1,200 orders and 2,400 request weight
 * a minute, which would answer 429 within the first minute.
 */
function liftRateLimits(exchange: Awaited<ReturnType<typeof startLocalExchange>>): void {
  Object.assign(exchange.ctx, {
    rateLimiter: new BatchedRateLimiter(
      new DynamoRateLimiter(
        exchange.emulators.clients.documents,
        exchange.emulators.names.tables.rateLimits,
        {
          weightPerMinute: 1e12,
          ordersPerMinute: 1e12,
        },
      ),
    ),
  });
}

/**
 * `count` bids resting 4 % under the pairs' price, five to a batchOrders request: inside the price band, never
 * reached by the pairs, each holding a margin reservation on the trader's account.
 */
async function restAwayFromTouch(url: string, trader: Credentials, count: number): Promise<void> {
  const client = new BinanceClient(url, trader);
  const bid = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001' };
  for (let placed = 0; placed < count; placed += 5) {
    const batch = Array.from({ length: Math.min(5, count - placed) }, (_, i) => ({
      ...bid,
      price: (38_400 - ((placed + i) % 100) / 10).toFixed(1),
    }));
    const answer = await client.signed<unknown[]>('POST', '/fapi/v1/batchOrders', {
      batchOrders: JSON.stringify(batch),
    });
    const refused = Array.isArray(answer.body)
      ? answer.body.filter((o) => (o as { code?: number }).code)
      : [];
    if (answer.status !== 200 || refused.length > 0)
      throw new Error(`resting orders refused: ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
}

async function latencySection() {
  console.log('\n1. order accepted (REST ACK) → trade message on a WebSocket, full local stack');
  const exchange = await startLocalExchange({ busyPollMs: POLL_MS, pollerFallbackMs: FALLBACK_MS });
  try {
    liftRateLimits(exchange);
    await exchange.listSymbol(SPEC);
    const [maker, taker] = [await exchange.trader('1000000000'), await exchange.trader('1000000000')];
    if (RESTING > 0) {
      for (const trader of [maker, taker]) await restAwayFromTouch(exchange.gateway.url, trader, RESTING);
      console.log(`   each trader keeps ${RESTING} orders resting away from the touch (BENCH_E2E_RESTING)`);
    }
    const listenKey = await fetch(`${exchange.gateway.url}/fapi/v1/listenKey`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': taker.apiKey },
    }).then(async (r) => ((await r.json()) as { listenKey: string }).listenKey);
    const rows: string[][] = [];
    const cpuRows: string[][] = [];
    for (const rate of RATES) {
      const loop = performance.eventLoopUtilization();
      // CPU over the measured window only (steady load; not the warm-up, nor the wait for the last trades).
      const window: { cpu?: Map<string, number>; at?: number; workerCpuMs?: number }[] = [{}, {}];
      const result = await inWorker<LatencyResult>(
        latencyClients,
        latencySpec(exchange, { maker, taker, listenKey }, rate),
        (progress) => {
          const { window: edge, workerCpuMs } = progress as { window: 'start' | 'end'; workerCpuMs: number };
          window[edge === 'start' ? 0 : 1] = { cpu: cpuSnapshot(), at: performance.now(), workerCpuMs };
        },
      );
      const busy = performance.eventLoopUtilization(loop).utilization;
      const [from, to] = window;
      if (from?.cpu && to?.cpu)
        cpuRows.push(
          cpuRow(
            rate,
            result.ordersAcked,
            cpuDelta(from.cpu, to.cpu),
            to.workerCpuMs! - from.workerCpuMs!,
            to.at! - from.at!,
          ),
        );
      const errors = Object.entries(result.errors);
      rows.push([
        String(rate),
        fixed(result.ordersAcked / (result.windowMs / 1_000), 0),
        fixed(percentile(result.ackLatency, 50), 1),
        fixed(percentile(result.fromAck, 50), 1),
        fixed(percentile(result.fromAck, 99), 1),
        fixed(Math.max(...result.fromAck), 0),
        fixed(percentile(result.fromSend, 50), 1),
        fixed(percentile(result.fromSend, 99), 1),
        fixed(percentile(result.ackToFill, 50), 1),
        fixed(percentile(result.ackToFill, 99), 1),
        String(result.fromAck.length),
        `${fixed(100 * busy, 0)}%`,
        `${result.missing}/${result.skipped}/${errors.reduce((s, [, n]) => s + n, 0)}${errors[0] ? ` (${errors[0][0]})` : ''}`,
      ]);
      await exchange.settle();
    }
    printTable(
      [
        'offered orders/s',
        'acked orders/s',
        'ACK p50 ms',
        'ACK→trade p50 ms',
        'p99 ms',
        'max ms',
        'sent→trade p50 ms',
        'p99 ms',
        'ACK→own fill p50 ms',
        'p99 ms',
        'trades',
        'stack loop busy',
        'missing/skipped/errors',
      ],
      rows,
    );
    console.log(
      '\nCPU ms per order acknowledged in the measured window, by process, over that window (% of one core in brackets)',
    );
    printTable(CPU_HEADER, cpuRows);
    const metrics = exchange.matcherMetrics.snapshot() as {
      commitLatencyMs: { p50: number; p99: number };
      recordsRead: number;
      batches: number;
    };
    console.log(
      `matcher commit latency over the run: p50 ${metrics.commitLatencyMs.p50} ms, p99 ${metrics.commitLatencyMs.p99} ms; ` +
        `${fixed(metrics.recordsRead / Math.max(1, metrics.batches), 1)} records per batch`,
    );
  } finally {
    await exchange.stop();
  }
}

const CPU_HEADER = [
  'offered orders/s',
  'orders',
  'stack loop',
  'stack other threads',
  'load generator',
  'kinesalite',
  'dynalite',
  'total',
  'load average',
];

/** One row of CPU ms per order by process: the load worker's own time is taken out of the stack's other threads. */
function cpuRow(
  rate: number,
  orders: number,
  cpu: Map<string, number>,
  workerCpuMs: number,
  wallMs: number,
): string[] {
  const worker = Number.isFinite(workerCpuMs) ? workerCpuMs : 0;
  const parts = [
    cpu.get('stack main thread') ?? Number.NaN,
    (cpu.get('stack other threads') ?? Number.NaN) - worker,
    workerCpuMs,
    cpu.get('kinesalite') ?? Number.NaN,
    cpu.get('dynalite') ?? Number.NaN,
  ];
  const total = parts.reduce((s, ms) => s + (Number.isFinite(ms) ? ms : 0), 0);
  const cell = (ms: number) => `${fixed(ms / orders, 2)} (${fixed((100 * ms) / wallMs, 0)}%)`;
  return [
    String(rate),
    String(orders),
    ...parts.map(cell),
    cell(total),
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  ];
}

/** A stream consumer draining the whole log alone: events/s and items/s. */
async function projectorSection() {
  console.log('\n2. stream consumers draining a backlog (each alone, through the local stream poller)');
  const rows: string[][] = [];
  for (const [label, batchLimit] of [
    ['small items (matcher batches of 2 records)', 2],
    ['large items (matcher batches of 500 records)', 500],
  ] as const) {
    const emulators = await startEmulators();
    const { clients, names } = emulators;
    const ctx = { ...ingressContext(awsIngressPorts(clients, names)), ...awsConnectionPorts(clients, names) };
    const gateway = await startGateway({ ctx });
    const poster = managementApiPoster(gateway.managementEndpoint);
    try {
      // The benchmark's own setup: its operator trail needs no table.
      const operator = new Operator({ ...ctx, operatorLog: new MemoryOperatorLog() });
      const accounts = [await operator.createAccount(), await operator.createAccount()];
      for (const a of accounts) await operator.deposit(a, '1000000000', 'bench');
      const metrics = new Metrics();
      const worker = new MatcherWorker(
        clients.kinesis,
        new LeaseManager(clients.documents, clients.kinesis, {
          table: names.tables.leases,
          streamName: names.streams.commands,
          workerId: 'bench-matcher',
          leaseDurationMs: 10_000,
        }),
        {
          events: new DynamoEventLog(clients.documents, names.tables.events),
          snapshots: new DynamoSnapshotStore(clients.documents, names.tables.snapshots),
        },
        {
          streamName: names.streams.commands,
          batchLimit,
          idlePollMs: 10,
          leaseSafetyMs: 2_000,
          snapshotEveryEvents: 100_000,
          snapshotEveryMs: 300_000,
          snapshotsKept: 3,
          renewIntervalMs: 2_500,
          shardSyncIntervalMs: 60_000,
        },
        metrics,
        createLogger({ service: 'bench' }, 'warn'),
      );
      await worker.start();
      await operator.addSymbol(SPEC);
      // The backlog: crossing pairs, a resting maker then a taker, alternating sides and accounts.
      const commands: CommandEnvelope[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const makerSide = i % 2 === 0 ? 'SELL' : 'BUY';
        for (const [k, side, tif] of [
          [0, makerSide, 'GTC'],
          [1, makerSide === 'SELL' ? 'BUY' : 'SELL', 'IOC'],
        ] as const) {
          const orderId = 1_000_000 + 2 * i + k;
          commands.push({
            v: 1,
            commandId: `place-${orderId}`,
            symbol: SPEC.symbol,
            type: 'PlaceOrder',
            order: {
              orderId,
              accountId: accounts[(i + k) % 2]!,
              clientOrderId: `bench-${orderId}`,
              side,
              type: 'LIMIT',
              timeInForce: tif,
              price: PRICE,
              quantity: '0.001',
              reduceOnly: false,
              selfTradePreventionMode: 'EXPIRE_MAKER',
            },
          });
        }
      }
      for (let i = 0; i < commands.length; i += 500) {
        const out = await clients.kinesis.send(
          new PutRecordsCommand({
            StreamName: names.streams.commands,
            Records: commands
              .slice(i, i + 500)
              .map((c) => ({ PartitionKey: c.symbol, Data: encodeCommand(c) })),
          }),
        );
        if ((out.FailedRecordCount ?? 0) > 0) throw new Error('PutRecords refused records');
      }
      while (metrics.commandsApplied < commands.length + 1) await new Promise((r) => setTimeout(r, 100));
      await worker.stop();
      const events = await ctx.events.lastSeq(SPEC.symbol);
      let items = 0;
      for await (const _ of ctx.events.itemsAfter(SPEC.symbol, 0)) items++;

      // A market data subscriber, so that the fan-out builds and posts depth and trade messages.
      const WebSocket = require('ws');
      const socket = new WebSocket(`${gateway.wsUrl}/ws`);
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(
        JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'btcusdt@trade'], id: 1 }),
      );
      await new Promise((resolve) => socket.once('message', resolve));
      let received = 0;
      socket.on('message', () => received++);

      const consumers = [
        {
          name: 'projector (9 read models + settlement)',
          handle: createProjectorHandler(
            projectorContext(awsProjectorPorts(clients, names), ctx.accounts),
            batchOf,
          ),
        },
        {
          name: 'fan-out (1 subscriber: depth, trade)',
          handle: createFanoutHandler(awsFanoutPorts(clients, names), poster, batchOf),
        },
      ];
      const calls = countCalls(clients);
      for (const consumer of consumers) {
        const poller = new StreamPoller(clients, names, [consumer]);
        calls.clear();
        const started = performance.now();
        await poller.drain();
        const seconds = (performance.now() - started) / 1_000;
        rows.push([
          label,
          consumer.name,
          String(events),
          fixed(events / items, 1),
          fixed(seconds, 1),
          fixed(events / seconds, 0),
          fixed(items / seconds, 1),
          callsPer(calls, items),
        ]);
      }
      socket.close();
      console.log(`  (${label}: fan-out posted ${received} messages)`);
    } finally {
      poster.close();
      await gateway.close();
      await emulators.stop();
    }
  }
  printTable(
    ['backlog', 'consumer', 'events', 'events/item', 'seconds', 'events/s', 'items/s', 'AWS calls per item'],
    rows,
  );
}

/**
 * The request budget (docs/read-side.md, "Budget"): every DynamoDB and Kinesis request of the whole local stack,
 * attributed to its stage by an AsyncLocalStorage scope around each part, while crossing pairs arrive at a steady
 * BENCH_BUDGET_RATE orders/s for BENCH_E2E_SECONDS; the stream consumers are then drained so that the orders'
 * downstream work is all counted. Divided by the orders placed.
 */
async function budgetSection() {
  console.log(
    `\n3. requests per placed order by stage, ${BUDGET_RATE} orders/s steady for ${SECONDS} s (+ warm-up)`,
  );
  const part = new AsyncLocalStorage<string>();
  const exchange = await startLocalExchange({
    runPart: (name, body) => part.run(name, body),
    busyPollMs: POLL_MS,
    pollerFallbackMs: FALLBACK_MS,
  });
  try {
    liftRateLimits(exchange);
    await exchange.listSymbol(SPEC);
    const [maker, taker] = [await exchange.trader('1000000000'), await exchange.trader('1000000000')];
    const listenKey = await fetch(`${exchange.gateway.url}/fapi/v1/listenKey`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': taker.apiKey },
    }).then(async (r) => ((await r.json()) as { listenKey: string }).listenKey);
    await exchange.settle();
    const seqBefore = await exchange.ctx.events.lastSeq(SPEC.symbol);
    const calls = countCallsByStage(
      exchange.emulators.clients,
      exchange.emulators.names,
      () => part.getStore() ?? 'ingress',
    );
    const written = countItemsWrittenByStage(exchange.emulators.clients, () => part.getStore() ?? 'ingress');
    const put = countRecordsPut(exchange.emulators.clients);
    const result = await inWorker<LatencyResult>(
      latencyClients,
      latencySpec(exchange, { maker, taker, listenKey }, BUDGET_RATE),
    );
    await exchange.settle();
    const counted = new Map(calls);
    let items = 0;
    for await (const _ of exchange.ctx.events.itemsAfter(SPEC.symbol, seqBefore)) items++;
    const orders = result.ordersAckedTotal;
    console.log(
      `${orders} orders placed (${result.skipped} skipped, ${Object.values(result.errors).reduce((a, b) => a + b, 0)} errors) in ${items} events items (${fixed(orders / items, 1)} orders per item); p50 ACK→trade ${fixed(percentile(result.fromAck, 50), 1)} ms`,
    );
    printTable(BUDGET_HEADER, budgetRows(counted, orders, items));
    console.log(
      `DynamoDB items written per order (write units at ≤ 1 KB an item): ${[...written]
        .map(([stage, n]) => `${stage} ${fixed(n / orders, 2)}`)
        .join(', ')}`,
    );
    console.log(
      `Kinesis: ${put.records} records put in ${put.requests} requests (${fixed(put.records / Math.max(1, put.requests), 2)} records per request; puts that overlap share a PutRecords)`,
    );
  } finally {
    await exchange.stop();
  }
}

interface CcxtSpec {
  readonly url: string;
  readonly ccxtModule: string;
  readonly trader: { apiKey: string; secret: string };
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** ccxt's binanceusdm placing resting orders one after another, RESULT (in a worker thread: self-contained). */
function ccxtClient(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const spec = workerData as CcxtSpec;
  const ccxt = require(spec.ccxtModule);
  // As test/e2e/support/ccxtClient.ts points it at a local gateway.
  const exchange = new ccxt.binanceusdm({
    ...spec.trader,
    enableRateLimit: false,
    options: { fetchCurrencies: false, adjustForTimeDifference: false },
  });
  const api = exchange.urls.api as Record<string, string>;
  for (const key of Object.keys(api)) {
    const match = /^fapi(Public|Private|Data)(V2|V3)?$/.exec(key);
    if (match)
      api[key] =
        match[1] === 'Data'
          ? `${spec.url}/futures/data`
          : `${spec.url}/fapi/${(match[2] ?? 'v1').toLowerCase()}`;
  }
  const run = async () => {
    await exchange.loadMarkets();
    const latencies: number[] = [];
    const started = performance.now();
    const end = started + spec.warmupMs + spec.durationMs;
    for (let i = 0; performance.now() < end; i++) {
      const t0 = performance.now();
      const price = 30_000 + (i % 1000);
      const order = await exchange.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.001, price, {
        newOrderRespType: 'RESULT',
      });
      if (order.status !== 'open') throw new Error(`unexpected status ${order.status}`);
      if (t0 >= started + spec.warmupMs) latencies.push(performance.now() - t0);
    }
    parentPort!.postMessage({ latencies });
  };
  run().catch((error) => {
    throw error;
  });
}

/**
 * One ccxt client, createOrder RESULT round trips one after another, on the full local stack: once with the matcher
 * and the RESULT answers polling as on AWS, once with the local wake-ups (a put rings the matcher's poll, a commit
 * wakes the answers waiting for it). Each prints p50/p90/p99 and where a round trip's time goes: every AWS call on
 * the answer's path (the gateway's and the matcher's) in ms per order, and the rest (HTTP, ccxt and signing, the
 * waits for the next poll, CPU shared with the stream consumers).
 */
async function ccxtSection() {
  console.log('\n4. ccxt binanceusdm createOrder (limit, RESULT) round trip, one client, sequential');
  const rows: string[][] = [];
  for (const wakeUps of [false, true]) {
    const part = new AsyncLocalStorage<string>();
    const exchange = await startLocalExchange({
      busyPollMs: POLL_MS,
      pollerFallbackMs: FALLBACK_MS,
      wakeUps,
      runPart: (name, body) => part.run(name, body),
    });
    try {
      liftRateLimits(exchange);
      await exchange.listSymbol(SPEC);
      const trader = await exchange.trader('1000000000');
      await exchange.settle();
      const times = timeCallsByStage(
        exchange.emulators.clients,
        exchange.emulators.names,
        () => part.getStore() ?? 'ingress',
      );
      // The warm-up's calls are not counted (the worker's warm-up starts a little later, after loadMarkets: the
      // calls are divided by the orders put in the counted window, not by the measured round trips).
      const counting = setTimeout(() => times.clear(), WARMUP_MS);
      const { latencies } = await inWorker<{ latencies: number[] }>(ccxtClient, {
        url: exchange.gateway.url,
        ccxtModule: require.resolve('ccxt'),
        trader,
        warmupMs: WARMUP_MS,
        durationMs: SECONDS * 1_000,
      } satisfies CcxtSpec);
      clearTimeout(counting);
      const counted = new Map([...times].map(([key, time]) => [key, { ...time }]));
      const mode = wakeUps ? 'woken (local)' : 'polling (as on AWS)';
      rows.push([
        mode,
        String(latencies.length),
        fixed(percentile(latencies, 50), 1),
        fixed(percentile(latencies, 90), 1),
        fixed(percentile(latencies, 99), 1),
      ]);
      printBreakdown(mode, counted, latencies);
      const metrics = exchange.matcherMetrics.snapshot() as { commitLatencyMs: { p50: number; p99: number } };
      console.log(
        `matcher commit latency: p50 ${metrics.commitLatencyMs.p50} ms, p99 ${metrics.commitLatencyMs.p99} ms`,
      );
    } finally {
      await exchange.stop();
    }
  }
  printTable(['mode', 'orders', 'p50 ms', 'p90 ms', 'p99 ms'], rows);
}

/** The AWS calls of one ccxt run per order, those on the answer's path first; the rest of the mean round trip. */
function printBreakdown(
  mode: string,
  times: ReadonlyMap<string, CallTime>,
  latencies: readonly number[],
): void {
  // One sequential client: each order's PutRecords carries its one record, so the requests count the orders.
  const orders = [...times].find(([key]) => /^ingress\|.*\|PutRecords?$/.test(key))?.[1].calls ?? 1;
  const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  const onPath = (key: string) => key.startsWith('ingress|') || key.startsWith('matcher|');
  const sorted = [...times].sort(([a, x], [b, y]) => Number(onPath(b)) - Number(onPath(a)) || y.ms - x.ms);
  let pathMs = 0;
  const rows = sorted
    .filter(([key, time]) => onPath(key) || time.ms / orders >= 0.5)
    .map(([key, time]) => {
      // The matcher polls all the time; one GetRecords (the one that finds the order) is on its path.
      if (onPath(key)) pathMs += key.endsWith('|GetRecords') ? time.ms / time.calls : time.ms / orders;
      return [...key.split('|'), fixed(time.calls / orders, 2), fixed(time.ms / orders, 2)];
    });
  console.log(`\n${mode}: ${orders} orders, mean round trip ${fixed(mean, 1)} ms`);
  printTable(['stage', 'table/stream', 'operation', 'calls/order', 'ms/order'], rows);
  console.log(
    `the calls of the answer's path summed (ingress and matcher, one GetRecords): ${fixed(pathMs, 1)} ms/order, against a mean round trip of ${fixed(mean, 1)} ms: the sum overlaps (the sequence Query runs beside the margin PutItem; a call's time includes its queueing in the emulator behind the stream consumers' calls)`,
  );
}

async function main() {
  console.log(`end-to-end benchmark — ${machine()}`);
  console.log(
    `emulators: ${emulatorPlacementFromEnv()} (SHARDEX_EMULATORS)${emulatorPlacementFromEnv() === 'child' ? `, scheduled ${emulatorScheduling()} (${EMULATOR_SCHEDULING_ENV})` : ''}; matcher's busy poll ${POLL_MS ?? BUSY_POLL_MS} ms (BENCH_E2E_POLL_MS), stream poller's fallback ${FALLBACK_MS ?? POLLER_FALLBACK_MS} ms (BENCH_E2E_POLLER_MS)`,
  );
  if (SECTIONS.has('budget')) await budgetSection();
  if (SECTIONS.has('ccxt')) await ccxtSection();
  if (SECTIONS.has('latency')) await latencySection();
  if (SECTIONS.has('projector')) await projectorSection();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
