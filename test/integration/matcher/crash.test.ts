// kill -9 at random points of a long stream, again and again: the event table the survivors leave must be the
// very table an uninterrupted matcher writes from the same Kinesis records (same arrival times), event for event,
// with no gap and no command taking effect twice.

import { envNumber, Fixture } from './support/fixture';
import { expectCorrectLog, expectSameEvents, referenceRun } from './support/reference';
import { caughtUp, eventsOf, readSnapshotIndex, sleep } from './support/stack';
import { generateWorkload, pick, prng, randInt, symbolsPerShard } from './support/workload';

const KILLS = envNumber('SHARDEX_MATCHER_KILLS', 10, 40);
const COMMANDS_PER_SYMBOL = envNumber('SHARDEX_MATCHER_COMMANDS', 500, 5_000);
const SEED = envNumber('SHARDEX_MATCHER_SEED', 20_251_125);

jest.setTimeout(60_000 + KILLS * 8_000 + COMMANDS_PER_SYMBOL * 80);

describe('matcher under kill -9', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await Fixture.start();
  });

  afterAll(() => fx?.stop());

  test(`killed ${KILLS} times at random points, it leaves the table an uninterrupted run writes`, async () => {
    const random = prng(SEED);
    const symbols = symbolsPerShard(fx.shards, 2);
    const workload = generateWorkload({
      seed: SEED,
      symbols,
      commandsPerSymbol: COMMANDS_PER_SYMBOL,
      duplicateRate: 0.02,
      invalidRate: 0.01,
    });
    const lease = 1_500;
    // A third of the stream waits when the first matcher starts; the rest arrives while matchers die.
    const head = Math.floor(workload.records.length / 3);
    await fx.put(workload.records.slice(0, head));
    const rest = workload.records.slice(head);
    const chunk = 50;
    const pace = Math.max(20, Math.floor(((KILLS * (lease + 600)) / (rest.length / chunk)) * 0.8));
    let stopped = false;
    const producer = (async () => {
      for (let i = 0; i < rest.length && !stopped; i += chunk) {
        await fx.put(rest.slice(i, i + chunk));
        await sleep(pace);
      }
    })();
    fx.beforeStop(async () => {
      stopped = true;
      await producer.catch(() => undefined);
    });

    const kills: { id: string; afterMs: number; behind: boolean; batchLimit: number }[] = [];
    for (let k = 1; k <= KILLS; k++) {
      const batchLimit = pick(random, [10, 50, 100, 250, 1_000]);
      const matcher = await fx.matcher(`crash-${k}`, {
        leaseMs: lease,
        batchLimit,
        snapshotEveryEvents: pick(random, [150, 400, 1_000]),
        snapshotsKept: 2,
      });
      // It has to wait for its predecessor's lease to expire; kill it some time after it starts working.
      await matcher.waitForLog((line) => line.message === 'lease taken', 15_000);
      const afterMs = randInt(random, 0, 1_200);
      await sleep(afterMs);
      await matcher.kill();
      const behind = !(await caughtUp(fx.documents, fx.local.names.tables.leases, fx.puts));
      kills.push({ id: matcher.id, afterMs, behind, batchLimit });
    }
    await producer;

    const last = await fx.matcher('crash-final', {
      leaseMs: lease,
      batchLimit: 100,
      snapshotEveryEvents: 400,
    });
    await fx.waitCaughtUp(fx.prefix, 120_000, () => last.tail());
    await last.kill();

    const survivors = await fx.items();
    const uninterrupted = await fx.uninterruptedRun('shardex-ref-', { batchLimit: 500, leaseMs: 10_000 });
    const records = await fx.records();
    expect(records).toHaveLength(workload.records.length);
    const reference = referenceRun(records);

    // Event for event, every symbol, against the uninterrupted matcher and against the in-memory engines.
    expectSameEvents(eventsOf(survivors), eventsOf(uninterrupted), 'killed vs uninterrupted');
    expectCorrectLog(survivors, reference, 'table after kills');
    expectCorrectLog(uninterrupted, reference, 'uninterrupted table');

    // The kills did land on work in progress, and many incarnations committed part of the log.
    const writers = new Set(
      [...survivors.values()]
        .flat()
        .flatMap((item) => (item.events === null ? [] : [item.writer.split('/')[0]])),
    );
    const behind = kills.filter((k) => k.behind).length;
    const snapshots = await readSnapshotIndex(fx.documents, fx.local.names.tables.snapshots);
    console.info(
      `kill -9 test: ${records.length} records, ${KILLS} kills (${behind} with records still to consume),`,
      `${writers.size} incarnations wrote events, ${snapshots.length} snapshot parts kept,`,
      `${[...survivors.values()].flat().length} items vs ${[...uninterrupted.values()].flat().length} uninterrupted`,
    );
    expect(behind).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
    expect(writers.size).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
    expect(snapshots.length).toBeGreaterThan(0);
  });
});
