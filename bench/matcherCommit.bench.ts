/**
 * Where the matcher's CPU goes per event between the engine and the DynamoDB write (issue 17 item 5):
 * `npx tsx bench/matcherCommit.bench.ts`. No emulator: the same narrow-book workload as `npm run bench`, run through
 * the steps the matcher takes for each batch of commands (matching-fargate/symbolStream.ts and the event store):
 *
 *   1. the engine deciding, its events left as records (`executeRecorded`): the floor;
 *   2. the records decoded into event objects (`toEvents`, what `execute` adds; the matcher's only use of them is
 *      to write them);
 *   3. planItems: JSON + gzip of each planned item, to check it fits an item;
 *   4. the hash chain's link: canonical JSON + SHA-256 of the item;
 *   5. the event store's append packing the item for its attribute (planItems' bytes, remembered: packed once).
 *
 * Steps 2–5 are the "decode and re-encode" the issue asks about. Each row is ns per event and its share of the
 * whole; the last rows compare with the path as it was (each item packed twice) and with the bound of writing
 * items straight from the engine's records (the decode and one JSON text gone; gzip and the chain stay).
 *
 * Environment (optional): BENCH_COMMIT_BATCH (commands per commit, default "2,100": live traffic and a catch-up),
 * BENCH_COMMIT_OPS (measured commands, default 60000), BENCH_COMMIT_ROUNDS (default 5, median taken).
 */

import { packEvents } from '../adapters/aws/eventStore/eventItem';
import { chainLink, GENESIS } from '../application/ports/eventChain';
import { eventsToJson } from '../core/engine/eventCodec';
import type { EngineEvent } from '../core/engine/events';
import { MatchingEngine } from '../core/engine/matchingEngine';
import { type CommandOutcome, planItems } from '../matching-fargate/itemPacking';
import { commandFor, listCommand } from './benchSymbol';
import { envInt } from './env';
import { envList, fixed, machine, printTable } from './liveSupport';
import { median } from './median';
import { generateWorkload } from './workload';

const BATCHES = envList('BENCH_COMMIT_BATCH', [2, 100]);
const OPS = envInt('BENCH_COMMIT_OPS', 60_000);
const ROUNDS = envInt('BENCH_COMMIT_ROUNDS', 5);

const workload = generateWorkload('narrow', { opCount: OPS, burnInOps: 20_000 });
const booked = MatchingEngine.create('BENCHUSDT', { expectedOrders: 100_000 });
booked.execute(listCommand());
let index = 0;
for (const op of workload.book) booked.execute(commandFor(op, index++));
const bookSnapshot = booked.encodedSnapshot();
const commands = workload.ops.slice(0, OPS).map((op) => commandFor(op, index++));

function time(f: () => void): number {
  const started = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - started);
}

interface Round {
  readonly events: number;
  readonly ns: Record<string, number>;
}

function round(batch: number): Round {
  const ns: Record<string, number> = {};
  const add = (step: string, n: number) => {
    ns[step] = (ns[step] ?? 0) + n;
  };
  // 1: the engine alone, records only.
  const floor = MatchingEngine.restore(bookSnapshot);
  add(
    'engine (records)',
    time(() => {
      for (const command of commands) floor.executeRecorded(command);
    }),
  );
  // 2: the engine with the records decoded, as the matcher runs it; the decode alone is the difference.
  const engine = MatchingEngine.restore(bookSnapshot);
  const batches: EngineEvent[][][] = [];
  const decoded = time(() => {
    for (let i = 0; i < commands.length; i += batch) {
      const outcomes: EngineEvent[][] = [];
      for (const command of commands.slice(i, i + batch)) outcomes.push(engine.execute(command));
      batches.push(outcomes);
    }
  });
  add('records → event objects', Math.max(0, decoded - ns['engine (records)']!));
  let events = 0;
  let chain = GENESIS;
  let seq = 1;
  for (const outcomes of batches) {
    const pending: CommandOutcome[] = outcomes
      .filter((e) => e.length > 0)
      .map((e, i) => ({ events: e, checkpoint: { shardId: 's', sequenceNumber: String(i) } }));
    if (pending.length === 0) continue;
    let planned: ReturnType<typeof planItems> = [];
    add(
      'planItems (JSON + gzip, size check)',
      time(() => {
        planned = planItems(pending);
      }),
    );
    for (const item of planned) {
      const last = seq + item.events.length - 1;
      add(
        'chain link (canonical JSON + SHA-256)',
        time(() => {
          chain = chainLink(chain, { seq, last, events: item.events });
        }),
      );
      add(
        'append (its packEvents)',
        time(() => {
          packEvents(item.events);
        }),
      );
      // References, not steps: what packing an item costs when nothing was packed before, and its JSON alone.
      const copy = [...item.events];
      add(
        '  (an item packed afresh: JSON + gzip)',
        time(() => {
          packEvents(copy);
        }),
      );
      add(
        '  (of which JSON text)',
        time(() => {
          eventsToJson(item.events);
        }),
      );
      events += item.events.length;
      seq = last + 1;
    }
  }
  return { events, ns };
}

function main(): void {
  console.log(`matcher commit path, per event — ${machine()}`);
  console.log(
    `${commands.length} commands of the narrow workload after a ${workload.book.length}-order book; median of ${ROUNDS} rounds\n`,
  );
  for (const batch of BATCHES) {
    round(batch); // warm-up
    const rounds = Array.from({ length: ROUNDS }, () => round(batch));
    const events = rounds[0]!.events;
    const steps = Object.keys(rounds[0]!.ns);
    const per = (step: string) => median(rounds.map((r) => r.ns[step]!)) / events;
    const whole = steps.filter((s) => !s.startsWith(' ')).reduce((sum, s) => sum + per(s), 0);
    const rows = steps.map((step) => [
      step,
      fixed(per(step), 0),
      step.startsWith(' ') ? '' : `${fixed((100 * per(step)) / whole, 0)}%`,
    ]);
    const packedTwice =
      whole - per('append (its packEvents)') + per('  (an item packed afresh: JSON + gzip)');
    const fromRecords = whole - per('records → event objects') - per('  (of which JSON text)');
    rows.push(['= whole path', fixed(whole, 0), '100%']);
    rows.push([
      'each item packed twice (before: append repacked)',
      fixed(packedTwice, 0),
      `${fixed((100 * packedTwice) / whole, 0)}%`,
    ]);
    rows.push([
      'bound: items written straight from the records',
      fixed(fromRecords, 0),
      `${fixed((100 * fromRecords) / whole, 0)}%`,
    ]);
    console.log(
      `batches of ${batch} commands (${fixed(events / (commands.length / batch), 1)} events each):`,
    );
    printTable(['step', 'ns per event', 'share'], rows);
    console.log('');
  }
}

main();
