// SIGTERM mid-stream (ECS stopping a task): the matcher commits the batch in hand, releases its leases and exits 0;
// what it leaves is exactly the effect of the records up to each shard's checkpoint, and a restarted matcher
// takes the released leases at once and continues with nothing lost or doubled.

import { envNumber, Fixture } from './support/fixture';
import { expectCorrectLog, expectSameEvents, referenceEvents, referenceRun } from './support/reference';
import { caughtUp, eventsOf, readItemHeads, sleep } from './support/stack';
import { generateWorkload, symbolsPerShard } from './support/workload';

jest.setTimeout(120_000);

describe('SIGTERM drain', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await Fixture.start();
  });
  afterAll(() => fx?.stop());

  test('exits 0 after committing and releasing; a restart continues exactly where it stopped', async () => {
    const symbols = symbolsPerShard(fx.shards, 2);
    const workload = generateWorkload({
      seed: 9,
      symbols,
      commandsPerSymbol: envNumber('SHARDEX_MATCHER_COMMANDS', 400, 3_000),
      duplicateRate: 0.02,
    });
    await fx.put(workload.records);
    const lease = 5_000;
    // Small batches: it is still far from the end when the signal comes.
    const matcher = await fx.matcher('drained', { batchLimit: 10, leaseMs: lease });
    for (;;) {
      const heads = await readItemHeads(fx.documents, fx.local.names.tables.events);
      if (heads.filter((h) => h.last !== null).length >= 12) break;
      await sleep(20);
    }
    matcher.signal('SIGTERM');
    const signalledAt = Date.now();
    expect(await matcher.exited).toEqual({ code: 0, signal: null });
    const drainMs = Date.now() - signalledAt;
    expect(matcher.messages('draining')).toHaveLength(1);
    expect(matcher.messages('stopped')).toHaveLength(1);
    const exits = matcher.messages('consumer exited');
    expect(exits.map((e) => e.exit)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);

    // Every lease released, with a checkpoint; and the stream was not finished.
    const leases = await fx.leases();
    expect(leases.map((l) => [l.owner, l.expires])).toEqual(leases.map(() => [null, 0]));
    expect(await caughtUp(fx.documents, fx.local.names.tables.leases, fx.puts)).toBe(false);

    // Committed = exactly the records up to each shard's checkpoint: nothing consumed was left uncommitted.
    const records = await fx.records();
    const checkpoint = new Map(
      leases.map((l) => [l.shardId, l.checkpoint === null ? -1n : BigInt(l.checkpoint)]),
    );
    const consumed = records.filter((r) => BigInt(r.sequenceNumber) <= checkpoint.get(r.shardId)!);
    expect(consumed.length).toBeGreaterThan(0);
    expect(consumed.length).toBeLessThan(records.length);
    const atStop = await fx.items();
    expectSameEvents(eventsOf(atStop), referenceEvents(referenceRun(consumed)), 'committed at SIGTERM');

    // The released leases are taken at once, not after an expiry.
    const restartedAt = Date.now();
    const restarted = await fx.matcher('restarted', { batchLimit: 200, leaseMs: lease });
    const taken = await Promise.all(
      leases.map((l) =>
        restarted.waitForLog((line) => line.message === 'lease taken' && line.shard === l.shardId),
      ),
    );
    const takeMs = Math.max(...taken.map((l) => l.at - restartedAt));
    expect(takeMs).toBeLessThan(lease);
    await fx.waitCaughtUp(fx.prefix, 60_000, () => restarted.tail());
    expectCorrectLog(await fx.items(), referenceRun(records));
    console.info(
      `drain: exited ${drainMs} ms after SIGTERM with ${consumed.length}/${records.length} records committed;`,
      `restart took the leases after ${takeMs} ms (lease ${lease} ms)`,
    );
  });
});
