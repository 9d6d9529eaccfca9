/**
 * `npm run bench:pointInTime`: what a look back costs (application/audit/symbolAt.ts, `book-at`).
 *
 * One symbol's log of BENCH_EVENTS events (default 1,000,000), written by the matcher's own SymbolStream (items,
 * hash chain) into the in-memory log, with a snapshot every BENCH_SNAPSHOT_EVERY events (default 100,000) kept
 * by the archive rule. Then `book-at` at the tip, at the worst sequence (just before a snapshot: a whole interval
 * to replay), and at the tip again without any snapshot (the whole log), beside the ceilings measured in the same
 * run: restoring the snapshot alone, and replaying the whole log into a bare engine with no store around it.
 *
 * The in-memory log hands out its events as JSON to parse, as DynamoDB does (DynamoDB adds the gunzip and the
 * network: bench:matcher's recovery row is that path); so the figures are the audit code's own cost.
 * Environment (optional): BENCH_EVENTS, BENCH_SNAPSHOT_EVERY, BENCH_RUNS (default 3, the median is printed).
 */
import os from 'node:os';
import { packEvents } from '../adapters/aws/eventStore/eventItem';
import { snapshotArchive } from '../adapters/aws/eventStore/symbolSnapshot';
import { MemoryEventLog } from '../adapters/memory/eventLog';
import { MemorySnapshotStore } from '../adapters/memory/snapshotStore';
import { bookAt } from '../application/audit/bookAt';
import type { LogMoment } from '../application/audit/symbolAt';
import { chainLink, GENESIS } from '../application/ports/eventChain';
import { MatchingEngine } from '../core/engine/matchingEngine';
import { SymbolStream } from '../matching-fargate/symbolStream';
import { commandFor, listCommand } from './benchSymbol';
import { envInt } from './env';
import { collectGarbage } from './heap';
import { median } from './median';
import { generateWorkload } from './workload';

const EVENTS = envInt('BENCH_EVENTS', 1_000_000);
const SNAPSHOT_EVERY = envInt('BENCH_SNAPSHOT_EVERY', 100_000);
const RUNS = envInt('BENCH_RUNS', 3);
const COMMANDS_PER_COMMIT = 500;

async function main(): Promise<void> {
  console.log(`bench:pointInTime  ${os.cpus().length} cores, node ${process.version}`);
  const started = performance.now();
  const { log, snapshots, symbol, snapshotSeqs } = await writeLog();
  const tip = await log.lastSeq(symbol);
  console.log(
    `log: ${tip.toLocaleString()} events, snapshots at ${snapshotSeqs.map((s) => s.toLocaleString()).join(', ')} (${((performance.now() - started) / 1000).toFixed(1)} s to write)`,
  );
  const withSnapshots = { events: log, snapshots: snapshotArchive(snapshots) };
  const noSnapshots = { events: log, snapshots: { atOrBefore: async () => undefined } };
  const worst = (snapshotSeqs.at(-1) ?? tip + 1) - 1;

  const rows: [string, number, string][] = [];
  const time = async (label: string, run: () => Promise<unknown>, note = '') => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      collectGarbage();
      const t0 = performance.now();
      await run();
      ms.push(performance.now() - t0);
    }
    rows.push([label, median(ms), note]);
  };
  const look = (ports: typeof withSnapshots, moment: LogMoment) => async () => {
    const answer = await bookAt(ports, symbol, moment, 20);
    // A sequence inside a command answers the last whole command before it: never later, never far earlier.
    if ('seq' in moment && (answer.seq > moment.seq || answer.seq < moment.seq - 100))
      throw new Error(`book-at ${moment.seq} answered ${answer.seq}`);
    return answer;
  };
  const newest = await withSnapshots.snapshots.atOrBefore(symbol, tip);
  await time('restore the newest snapshot alone (ceiling)', async () =>
    MatchingEngine.restore(newest!.engine),
  );
  await time(
    'book-at the tip, snapshots',
    look(withSnapshots, { seq: tip }),
    `from ${newest?.seq.toLocaleString()}`,
  );
  await time(
    `book-at ${worst.toLocaleString()}, snapshots (worst: a whole interval)`,
    look(withSnapshots, { seq: worst }),
  );
  await time('book-at the tip, no snapshot (the whole log)', look(noSnapshots, { seq: tip }));
  const stored: unknown[] = [];
  for await (const item of log.itemsAfter(symbol, 0)) stored.push(item.events);
  await time('the whole log into a bare engine, events in hand (ceiling)', async () => {
    const engine = MatchingEngine.create(symbol);
    for (const events of stored as Parameters<MatchingEngine['apply']>[0][][])
      for (const event of events) engine.apply(event);
  });

  // What the chain adds to the matcher's commit: linking an item against packing it (JSON + gzip, as stored).
  const batches = (stored as Parameters<typeof packEvents>[0][]).slice(0, 200);
  const perEvent = (run: (events: Parameters<typeof packEvents>[0]) => unknown) => {
    const n = batches.reduce((sum, b) => sum + b.length, 0);
    const ms: number[] = [];
    for (let r = 0; r < RUNS + 1; r++) {
      const t0 = performance.now();
      for (const b of batches) run(b);
      ms.push(((performance.now() - t0) * 1000) / n);
    }
    return median(ms.slice(1));
  };
  const link = perEvent((events) => chainLink(GENESIS, { seq: 1, last: events.length, events }));
  const pack = perEvent((events) => packEvents(events));
  console.log(
    `commit cost per event: chain link ${link.toFixed(2)} µs, packing ${pack.toFixed(2)} µs (link/pack ${(link / pack).toFixed(2)})`,
  );

  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, ms, note] of rows)
    console.log(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(7)} ms  ${note}`);
  const [, restore] = rows[0]!;
  const [, atTip] = rows[1]!;
  const [, atWorst] = rows[2]!;
  const [, whole] = rows[3]!;
  const [, bare] = rows[4]!;
  console.log(
    `ratios: tip with/without snapshots ${(atTip / whole).toFixed(3)}, worst with/without ${(atWorst / whole).toFixed(3)}, tip vs restore alone ${(atTip / restore).toFixed(2)}, whole log vs bare replay ${(whole / bare).toFixed(2)}`,
  );
}

/** The session: the engine benchmark's narrow workload (limits, cancels, markets) until the log holds EVENTS. */
async function writeLog() {
  const log = new MemoryEventLog();
  const snapshots = new MemorySnapshotStore(SNAPSHOT_EVERY);
  const stream = await SymbolStream.recover(
    'BENCHUSDT',
    { events: log, snapshots },
    { id: 'bench/s/1', fence: 1 },
  );
  const workload = generateWorkload('narrow', { opCount: Math.ceil(EVENTS / 1.5), burnInOps: 0 });
  const commands = [
    listCommand(),
    ...workload.book.map(commandFor),
    ...workload.ops.map((op, i) => commandFor(op, workload.book.length + i)),
  ];
  let since = 0;
  for (const [i, command] of commands.entries()) {
    stream.execute({ ...command, commandId: `w${i}` }, { shardId: 'shard', sequenceNumber: String(i + 1) });
    if ((i + 1) % COMMANDS_PER_COMMIT === 0) {
      since += (await stream.commit()).events;
      if (since >= SNAPSHOT_EVERY) {
        await stream.snapshot(3);
        since = 0;
      }
      if (stream.engine.seq >= EVENTS) break;
    }
  }
  await stream.commit();
  const snapshotSeqs: number[] = [];
  for (let below = Number.MAX_SAFE_INTEGER; ; ) {
    const found = await snapshots.atOrBefore('BENCHUSDT', below);
    if (found === undefined) break;
    snapshotSeqs.unshift(found.seq);
    below = found.seq - 1;
  }
  return { log, snapshots, symbol: 'BENCHUSDT', snapshotSeqs };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
