/**
 * The matcher service through the local emulators: `npx tsx bench/matcher.bench.ts`.
 *
 * The matcher runs as it ships: the esbuild bundle of matching-fargate/main.ts in its own Node process, against
 * kinesalite (or SHARDEX_KINESIS=kinesis-local) and dynalite running in this process. Measured:
 *   1. the emulators' own ceiling: raw GetRecords records/s from kinesalite, raw conditional PutItem/s of a
 *      ~100 KB item to dynalite (one at a time, and 4 in flight as 4 shard consumers write);
 *   2. the matcher consuming a pre-filled stream (records put with PutRecords beforehand, so putting is not the
 *      bottleneck): commands/s, batch commit latency p50/p99, for one hot symbol and for 8 symbols on 4 shards;
 *   3. end to end at a steady put rate: commands/s and latency from Kinesis arrival to committed event item;
 *   4. recovery (restart until the symbol is recovered and consuming) with 1,000,000 events in the store,
 *      without and with a snapshot.
 * The matcher's figures are also printed as a fraction of the emulators' ceiling.
 *
 * Environment (all optional): BENCH_MATCHER_COMMANDS (pre-filled stream, default 40,000), BENCH_MATCHER_RATE
 * (steady put rate, commands/s, default 1,000), BENCH_MATCHER_STEADY_S (default 20), BENCH_MATCHER_EVENTS
 * (recovery store size, default 1,000,000), BENCH_MATCHER_SECTIONS (e.g. "ceiling,prefilled,steady,recovery").
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-kinesis';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoEventLog } from '../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../adapters/aws/eventStore/snapshotStore';
import { packSymbolSnapshot } from '../adapters/aws/eventStore/symbolSnapshot';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import type { EngineEvent } from '../core/engine/events';
import { MatchingEngine } from '../core/engine/matchingEngine';
import { type CommandOutcome, planItems } from '../matching-fargate/itemPacking';
import { RECENT_COMMANDS_KEPT } from '../matching-fargate/recentCommands';
import { eventAttributes as E, leaseAttributes as L } from '../resources/declarations';
import { Fixture } from '../test/integration/matcher/support/fixture';
import type { MatcherProcess } from '../test/integration/matcher/support/matcherProcess';
import {
  type OutRecord,
  putRecords,
  readEventItems,
  shardOf,
  sleep,
} from '../test/integration/matcher/support/stack';
import {
  generateWorkload as commandWorkload,
  symbolsPerShard,
} from '../test/integration/matcher/support/workload';
import { commandFor, listCommand } from './benchSymbol';
import { envInt } from './env';
import { generateWorkload as opWorkload } from './workload';

silenceSdkNodeNotice();

const COMMANDS = envInt('BENCH_MATCHER_COMMANDS', 40_000);
const RATE = envInt('BENCH_MATCHER_RATE', 1_000);
const STEADY_S = envInt('BENCH_MATCHER_STEADY_S', 20);
const EVENTS = envInt('BENCH_MATCHER_EVENTS', 1_000_000);
const SECTIONS = new Set(
  (process.env.BENCH_MATCHER_SECTIONS ?? 'ceiling,prefilled,steady,recovery').split(','),
);

interface Ceiling {
  getRecordsOneShard: number;
  getRecordsFourShards: number;
  putItemSequential: number;
  putItemFourInFlight: number;
  putItemBytes: number;
}

async function main(): Promise<void> {
  console.log(
    `matcher benchmark on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ` +
      `Kinesis emulator ${process.env.SHARDEX_KINESIS || 'kinesalite'}`,
  );
  const ceiling = SECTIONS.has('ceiling') ? await measureCeiling() : undefined;
  if (SECTIONS.has('prefilled')) {
    for (const symbols of [1, 8]) await prefilled(symbols, ceiling);
  }
  if (SECTIONS.has('steady')) {
    for (const symbols of [1, 8]) await steady(symbols);
  }
  if (SECTIONS.has('recovery')) await recovery();
}

// 1. The emulators' ceiling -------------------------------------------------------------------------------

async function measureCeiling(): Promise<Ceiling> {
  const fx = await Fixture.start();
  try {
    const { kinesis, documents } = fx.local.clients;
    // Records like the matcher's: real command envelopes.
    const [symbol] = symbolsPerShard(fx.shards, 1) as [string];
    const sample = commandWorkload({ seed: 1, symbols: [symbol], commandsPerSymbol: 2_000 }).records;
    const n = 40_000;
    const oneShard: OutRecord[] = Array.from({ length: n }, (_, i) => sample[i % sample.length]!);
    await putRecords(kinesis, fx.stream, oneShard);
    const shard = shardOf(fx.shards, symbol);
    let started = performance.now();
    const read = await readShard(fx, shard);
    const getRecordsOneShard = read / ((performance.now() - started) / 1000);

    // Four shards read side by side (the matcher runs one consumer per shard).
    const symbols = symbolsPerShard(fx.shards, 1);
    const spread = commandWorkload({ seed: 2, symbols, commandsPerSymbol: 10_000 }).records;
    const fx4 = await Fixture.start();
    await putRecords(fx4.local.clients.kinesis, fx4.stream, spread);
    started = performance.now();
    const reads = await Promise.all(fx4.shards.map((s) => readShard(fx4, s.ShardId!)));
    const getRecordsFourShards = reads.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
    await fx4.stop();

    // Conditional PutItem of ~100 KB (incompressible, like gzip output), keyed like event items.
    const bytes = randomBytes(100_000);
    const put = (stream: string, seq: number) =>
      documents.send(
        new PutCommand({
          TableName: fx.local.names.tables.events,
          Item: {
            [E.stream]: stream,
            [E.seq]: seq,
            [E.last]: seq + 1_999,
            [E.events]: bytes,
            [E.writer]: 'b',
            [E.fence]: 1,
          },
          ConditionExpression: 'attribute_not_exists(#seq)',
          ExpressionAttributeNames: { '#seq': E.seq },
        }),
      );
    const count = 300;
    started = performance.now();
    for (let i = 0; i < count; i++) await put('SEQUSDT', 1 + i * 2_000);
    const putItemSequential = count / ((performance.now() - started) / 1000);
    started = performance.now();
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let i = 0; i < count / 4; i++) await put(`PAR${w}USDT`, 1 + i * 2_000);
      }),
    );
    const putItemFourInFlight = count / ((performance.now() - started) / 1000);
    const result = {
      getRecordsOneShard,
      getRecordsFourShards,
      putItemSequential,
      putItemFourInFlight,
      putItemBytes: bytes.length,
    };
    console.log('\n1. emulator ceiling (no matcher)');
    table([
      ['GetRecords, one shard, Limit 1000', `${fmt(getRecordsOneShard)} records/s`],
      ['GetRecords, 4 shards side by side', `${fmt(getRecordsFourShards)} records/s`],
      [
        'conditional PutItem 100 KB, one at a time',
        `${fmt(putItemSequential)} items/s (${fmt((putItemSequential * 100) / 1000)} MB/s)`,
      ],
      [
        'conditional PutItem 100 KB, 4 in flight',
        `${fmt(putItemFourInFlight)} items/s (${fmt((putItemFourInFlight * 100) / 1000)} MB/s)`,
      ],
    ]);
    return result;
  } finally {
    await fx.stop();
  }
}

async function readShard(fx: Fixture, shardId: string): Promise<number> {
  const { kinesis } = fx.local.clients;
  let { ShardIterator: iterator } = await kinesis.send(
    new GetShardIteratorCommand({
      StreamName: fx.stream,
      ShardId: shardId,
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  let read = 0;
  while (iterator) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
    const n = page.Records?.length ?? 0;
    read += n;
    if (n === 0) break;
    iterator = page.NextShardIterator;
  }
  return read;
}

// 2. A pre-filled stream ----------------------------------------------------------------------------------

async function prefilled(symbolCount: number, ceiling: Ceiling | undefined): Promise<void> {
  const fx = await Fixture.start();
  try {
    const symbols =
      symbolCount === 1 ? symbolsPerShard(fx.shards, 1).slice(0, 1) : symbolsPerShard(fx.shards, 2);
    const workload = commandWorkload({
      seed: 3,
      symbols,
      commandsPerSymbol: Math.floor(COMMANDS / symbols.length),
    });
    let started = performance.now();
    await fx.put(workload.records);
    const putMs = performance.now() - started;
    const spawned = performance.now();
    const matcher = await fx.matcher('bench', {
      batchLimit: 1_000,
      snapshotEveryEvents: 100_000,
      leaseMs: 10_000,
    });
    await matcher.waitForLog((l) => l.message === 'lease taken');
    started = performance.now();
    await fx.waitCaughtUp(fx.prefix, 600_000, () => matcher.tail());
    const seconds = (performance.now() - started) / 1000;
    const metrics = (await matcher.metrics()) as Record<string, number | Record<string, number>>;
    await stop(matcher);
    const items = [...(await readEventItems(fx.documents, fx.local.names.tables.events)).values()].flat();
    const withEvents = items.filter((i) => i.events !== null);
    const events = withEvents.reduce((n, i) => n + i.events!.length, 0);
    const perSecond = workload.records.length / seconds;
    const latency = metrics.commitLatencyMs as Record<string, number>;
    const batch = metrics.batchSize as Record<string, number>;
    console.log(
      `\n2. pre-filled stream, ${symbols.length === 1 ? `one hot symbol (${symbols[0]})` : `${symbols.length} symbols on 4 shards`}: ` +
        `${fmt(workload.records.length)} commands (put in ${fmt(putMs)} ms with PutRecords of 500)`,
    );
    table([
      [
        'consumed',
        `${fmt(perSecond)} commands/s, ${fmt(events / seconds)} events/s (${seconds.toFixed(1)} s, from first lease to caught up; process start ${fmt(started - spawned)} ms)`,
      ],
      [
        'batch commit (items + lease checkpoint)',
        `p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms; batch size p50 ${batch.p50}`,
      ],
      [
        'items',
        `${fmt(withEvents.length)} items, ${fmt(withEvents.length / seconds)} items/s, ${fmt(events / withEvents.length)} events/item`,
      ],
      ...(ceiling === undefined
        ? []
        : [
            [
              'as a fraction of the ceiling',
              `${pct(perSecond / (symbols.length === 1 ? ceiling.getRecordsOneShard : ceiling.getRecordsFourShards))} of raw GetRecords; ` +
                `${pct(withEvents.length / seconds / (symbols.length === 1 ? ceiling.putItemSequential : ceiling.putItemFourInFlight))} of raw 100 KB PutItem/s`,
            ] as [string, string],
          ]),
    ]);
  } finally {
    await fx.stop();
  }
}

// 3. Steady put + consume ---------------------------------------------------------------------------------

async function steady(symbolCount: number): Promise<void> {
  const fx = await Fixture.start();
  try {
    const symbols =
      symbolCount === 1 ? symbolsPerShard(fx.shards, 1).slice(0, 1) : symbolsPerShard(fx.shards, 2);
    const total = RATE * STEADY_S;
    const workload = commandWorkload({
      seed: 4,
      symbols,
      commandsPerSymbol: Math.ceil(total / symbols.length),
    });
    const records = workload.records.slice(0, total);
    const matcher = await fx.matcher('bench', { batchLimit: 1_000, leaseMs: 10_000, idlePollMs: 20 });
    await matcher.waitForLog((l) => l.message === 'started');
    // Put every 50 ms the records due by then, in one PutRecords call.
    const tick = 50;
    const started = performance.now();
    let sent = 0;
    while (sent < records.length) {
      const due = Math.min(records.length, Math.floor(((performance.now() - started) / 1000) * RATE));
      if (due > sent) {
        await fx.put(records.slice(sent, due));
        sent = due;
      }
      await sleep(tick);
    }
    const putSeconds = (performance.now() - started) / 1000;
    await fx.waitCaughtUp(fx.prefix, 600_000, () => matcher.tail());
    const seconds = (performance.now() - started) / 1000;
    const metrics = (await matcher.metrics()) as Record<string, Record<string, number>>;
    await stop(matcher);
    // Latency of each command: from its record's arrival at Kinesis (the event's time) to its item's commit.
    const latencies: number[] = [];
    for (const item of [
      ...(await readEventItems(fx.documents, fx.local.names.tables.events)).values(),
    ].flat()) {
      if (item.events === null) continue;
      const seen = new Set<string>();
      for (const event of item.events) {
        if (seen.has(event.commandId)) continue;
        seen.add(event.commandId);
        latencies.push(item.time - event.time);
      }
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `\n3. steady ${fmt(RATE)} commands/s for ${STEADY_S} s, ${symbols.length === 1 ? 'one hot symbol' : `${symbols.length} symbols on 4 shards`}`,
    );
    table([
      ['put', `${fmt(records.length / putSeconds)} commands/s achieved`],
      [
        'consumed',
        `${fmt(records.length / seconds)} commands/s (caught up ${(seconds - putSeconds).toFixed(2)} s after the last put)`,
      ],
      [
        'arrival → committed',
        `p50 ${q(latencies, 0.5)} ms, p99 ${q(latencies, 0.99)} ms, max ${latencies[latencies.length - 1]} ms`,
      ],
      [
        'batch commit',
        `p50 ${metrics.commitLatencyMs!.p50} ms, p99 ${metrics.commitLatencyMs!.p99} ms; batch size p50 ${metrics.batchSize!.p50}, p99 ${metrics.batchSize!.p99}`,
      ],
    ]);
  } finally {
    await fx.stop();
  }
}

// 4. Recovery with 1,000,000 events in the store ----------------------------------------------------------

async function recovery(): Promise<void> {
  const fx = await Fixture.start();
  try {
    const symbol = 'BENCHUSDT';
    let started = performance.now();
    // A steady narrow book (30,000 resting orders) and the 70/20/10 limit/cancel/market stream of engine.bench.
    const ops = opWorkload('narrow', { opCount: Math.ceil(EVENTS / 2.1), burnInOps: 50_000 });
    const engine = MatchingEngine.create(symbol, { expectedOrders: 60_000 });
    const shardId = shardOf(fx.shards, symbol);
    const outcomes: CommandOutcome[] = [];
    let sequence = 0;
    const run = (command: ReturnType<typeof commandFor>) => {
      const events = engine.execute(command);
      outcomes.push({ events, checkpoint: { shardId, sequenceNumber: String(++sequence) } });
      return events.length;
    };
    let events = run(listCommand());
    let index = 0;
    for (const op of ops.book) events += run(commandFor(op, index++));
    for (const op of ops.ops) {
      if (events >= EVENTS) break;
      events += run(commandFor(op, index++));
    }
    const generatedMs = performance.now() - started;

    // Store them as the matcher would have, and keep a snapshot ~50,000 events before the end aside.
    const store = new DynamoEventLog(fx.documents, fx.local.names.tables.events);
    const writer = { id: `bench/${shardId}/1`, fence: 1 };
    started = performance.now();
    let seq = 1;
    let items = 0;
    const replayed = MatchingEngine.create(symbol, { expectedOrders: 60_000 });
    const ids: string[] = [];
    let snapshotAt:
      | { seq: number; engine: Uint8Array; ids: string[]; checkpoint: CommandOutcome['checkpoint'] }
      | undefined;
    for (const item of planItems(outcomes)) {
      await store.append(seq, { stream: symbol, ...item }, writer, false);
      seq += item.events.length;
      items++;
      for (const event of item.events as EngineEvent[]) {
        replayed.apply(event);
        if (ids[ids.length - 1] !== event.commandId) ids.push(event.commandId);
      }
      if (snapshotAt === undefined && seq - 1 >= events - 50_000 && item.checkpoint !== null) {
        snapshotAt = {
          seq: seq - 1,
          engine: replayed.encodedSnapshot(),
          ids: ids.slice(-RECENT_COMMANDS_KEPT),
          checkpoint: item.checkpoint,
        };
      }
    }
    const storedMs = performance.now() - started;
    // The shard's lease knows the symbol, so a new owner recovers it at once.
    await fx.documents.send(
      new PutCommand({
        TableName: fx.local.names.tables.leases,
        Item: {
          [L.shardId]: shardId,
          [L.counter]: 0,
          [L.expires]: 0,
          [L.parentShardIds]: [],
          [L.ended]: false,
          [L.symbols]: new Set([symbol]),
        },
      }),
    );
    console.log(
      `\n4. recovery: ${fmt(seq - 1)} events of ${symbol} in ${fmt(items)} items (generated in ${fmt(generatedMs)} ms, ` +
        `stored in ${fmt(storedMs)} ms), ${fmt(replayed.openOrderCount)} open orders at the end`,
    );

    const rows: [string, string][] = [];
    const restart = async (label: string) => {
      const spawned = performance.now();
      const matcher = await fx.matcher(`recover-${rows.length}`, { leaseMs: 10_000 });
      const recovered = await matcher.waitForLog(
        (l) => l.message === 'symbol recovered' && l.symbol === symbol,
        600_000,
      );
      const total = performance.now() - spawned;
      const started = matcher.logs.find((l) => l.message === 'lease taken' && l.shard === shardId);
      await stop(matcher);
      rows.push([
        label,
        `${fmt(total)} ms from process start to recovered (recovery itself ${fmt(recovered.ms as number)} ms, lease taken at ${fmt((started?.at ?? 0) - (spawned + performance.timeOrigin))} ms)`,
      ]);
    };
    await restart('no snapshot: replay every item');
    const snapshots = new DynamoSnapshotStore(fx.documents, fx.local.names.tables.snapshots);
    await snapshots.write(
      symbol,
      packSymbolSnapshot({
        seq: snapshotAt!.seq,
        engine: snapshotAt!.engine,
        checkpoint: snapshotAt!.checkpoint,
        recentCommandIds: snapshotAt!.ids,
        chain: null, // as a snapshot from before the chain: recovery takes the next item's link as stored
      }),
    );
    await restart(
      `snapshot at ${fmt(snapshotAt!.seq)} (${fmt(snapshotAt!.engine.length)} bytes) + ${fmt(seq - 1 - snapshotAt!.seq)} events`,
    );
    table(rows);
  } finally {
    await fx.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------

/** SIGTERM: the matcher drains and releases its leases, so the next one takes them at once. */
async function stop(matcher: MatcherProcess): Promise<void> {
  matcher.signal('SIGTERM');
  await matcher.exited;
}

function table(rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

function q(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
