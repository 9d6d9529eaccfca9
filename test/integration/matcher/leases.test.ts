// Two matchers on one stream: they share the shards two and two; when one dies (kill -9) the other takes its
// shards over within the lease expiry and carries on; when one is paused (SIGSTOP) past its lease and then
// resumed, the paused one (a zombie) writes nothing more under its old leases. Whatever happens, at most one
// writer commits per shard at a time (fences never go down along a log) and the table equals an uninterrupted run.

import { envNumber, Fixture } from './support/fixture';
import type { MatcherProcess } from './support/matcherProcess';
import { expectCorrectLog, expectSameEvents, referenceRun } from './support/reference';
import {
  eventsOf,
  type ItemHead,
  type LeaseRow,
  type OutRecord,
  readItemHeads,
  sleep,
} from './support/stack';
import { generateWorkload, symbolsPerShard } from './support/workload';

const LEASE_MS = 3_000;
const RENEW_MS = 500;
/** Scheduling slack on a loaded 2-core machine (other test suites may run beside this one). */
const MARGIN_MS = 3_000;
const ZOMBIE_ROUNDS = envNumber('SHARDEX_MATCHER_ZOMBIE_ROUNDS', 2, 6);

jest.setTimeout(150_000 + ZOMBIE_ROUNDS * 20_000);

/** Puts records a chunk at a time until stopped or out of records: commands keep flowing during the test. */
function startProducer(fx: Fixture, records: readonly OutRecord[], chunk: number, everyMs: number) {
  let stop = false;
  let next = 0;
  const done = (async () => {
    while (!stop && next < records.length) {
      await fx.put(records.slice(next, next + chunk));
      next += chunk;
      await sleep(everyMs);
    }
  })();
  // A failed test must not leave it putting into emulators that are being stopped.
  fx.beforeStop(async () => {
    stop = true;
    await done.catch(() => undefined);
  });
  return {
    /** Puts whatever is left at once. */
    async finish() {
      stop = true;
      await done;
      await fx.put(records.slice(next));
      next = records.length;
    },
  };
}

async function waitForBalance(fx: Fixture, ids: readonly string[], timeoutMs = 20_000): Promise<LeaseRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const leases = await fx.leases();
    const counts = ids.map((id) => leases.filter((l) => l.owner === id && l.expires > Date.now()).length);
    if (leases.length === fx.shards.length && counts.every((n) => n === leases.length / ids.length))
      return leases;
    if (Date.now() > deadline) throw new Error(`leases not balanced: ${JSON.stringify(leases)}`);
    await sleep(50);
  }
}

const incarnation = (item: ItemHead) => item.writer.split('/');

describe('two matchers, one killed', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await Fixture.start();
  });
  afterAll(() => fx?.stop());

  test('they balance 2 + 2; after kill -9 the survivor takes over within the lease expiry and the table is right', async () => {
    const symbols = symbolsPerShard(fx.shards, 2);
    const workload = generateWorkload({
      seed: 3,
      symbols,
      // Enough that commands still flow after the takeover (~300/s); the rest is put at the end.
      commandsPerSymbol: envNumber('SHARDEX_MATCHER_COMMANDS', 1_000, 3_000),
      duplicateRate: 0.02,
    });
    await fx.put(workload.records.slice(0, 400));
    const settings = { leaseMs: LEASE_MS, renewMs: RENEW_MS, batchLimit: 50, snapshotEveryEvents: 300 };
    const a = await fx.matcher('A', settings);
    const b = await fx.matcher('B', settings);
    const producer = startProducer(fx, workload.records.slice(400), 20, 50);

    const balanced = await waitForBalance(fx, ['A', 'B']);
    const ofA = balanced.filter((l) => l.owner === 'A').map((l) => l.shardId);
    expect(ofA).toHaveLength(2);
    // A's own view agrees (once the consumers of the shards B took from it have noticed and exited).
    for (let i = 0; i < 100 && JSON.stringify((await a.health()).body.shards) !== JSON.stringify(ofA); i++)
      await sleep(50);
    expect((await a.health()).body.shards).toEqual(ofA);
    // Both are committing.
    await waitForItems(fx, (item) => incarnation(item)[0] === 'A' && item.last !== null);
    await waitForItems(fx, (item) => incarnation(item)[0] === 'B' && item.last !== null);

    const killedAt = Date.now();
    await a.kill();
    const takeovers = await Promise.all(
      ofA.map((shard) =>
        b.waitForLog((l) => l.message === 'lease taken' && l.shard === shard && l.from === 'A', 15_000),
      ),
    );
    const takeoverMs = Math.max(...takeovers.map((l) => l.at - killedAt));
    console.info(
      `takeover after kill -9: ${takeoverMs} ms (lease ${LEASE_MS} ms, renew every ${RENEW_MS} ms)`,
    );
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + RENEW_MS + MARGIN_MS);
    // ...and B carries on with A's symbols under its new leases.
    const newFences = new Map(takeovers.map((l) => [l.shard as string, l.counter as number]));
    await waitForItems(
      fx,
      (item) =>
        item.last !== null &&
        incarnation(item)[0] === 'B' &&
        newFences.get(incarnation(item)[1]!) === item.fence,
    );

    await producer.finish();
    await fx.waitCaughtUp(fx.prefix, 60_000, () => b.tail());
    const items = await fx.items();
    const reference = referenceRun(await fx.records());
    expectCorrectLog(items, reference);
    const uninterrupted = await fx.uninterruptedRun('shardex-ref-', { batchLimit: 500, leaseMs: 10_000 });
    expectSameEvents(eventsOf(items), eventsOf(uninterrupted), 'two matchers vs uninterrupted');
  });
});

describe('a paused matcher (zombie)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await Fixture.start();
  });
  afterAll(() => fx?.stop());

  test(`paused past its lease and resumed (${ZOMBIE_ROUNDS} rounds), it writes nothing more under its old leases`, async () => {
    const symbols = symbolsPerShard(fx.shards, 2);
    const workload = generateWorkload({
      seed: 4,
      symbols,
      // Enough that commands still flow in the last round (~300/s, a round takes ~8 s); the rest is put at the end.
      commandsPerSymbol: 300 + ZOMBIE_ROUNDS * 500,
      duplicateRate: 0.02,
    });
    await fx.put(workload.records.slice(0, 200));
    const settings = { leaseMs: LEASE_MS, renewMs: RENEW_MS, batchLimit: 200, snapshotEveryEvents: 500 };
    const matchers = [await fx.matcher('Z', settings), await fx.matcher('W', settings)] as [
      MatcherProcess,
      MatcherProcess,
    ];
    const producer = startProducer(fx, workload.records.slice(200), 20, 40);
    await waitForBalance(fx, ['Z', 'W']);

    const report: string[] = [];
    for (let round = 0; round < ZOMBIE_ROUNDS; round++) {
      const zombie = matchers[round % 2]!;
      const other = matchers[(round + 1) % 2]!;
      await waitForBalance(fx, ['Z', 'W'], 30_000);
      // The zombie-to-be is busy: it has committed lately.
      const since = Date.now();
      await waitForItems(
        fx,
        (item) => incarnation(item)[0] === zombie.id && item.last !== null && item.time >= since,
      );
      const held = (await fx.leases()).filter((l) => l.owner === zombie.id);
      expect(held).toHaveLength(2);
      const logMark = zombie.logs.length;

      zombie.signal('SIGSTOP');
      const stoppedAt = Date.now();
      const takeovers = await Promise.all(
        held.map((lease) =>
          other.waitForLog(
            (l) =>
              l.message === 'lease taken' &&
              l.shard === lease.shardId &&
              l.from === zombie.id &&
              l.at >= stoppedAt,
            LEASE_MS + RENEW_MS + MARGIN_MS + 5_000,
          ),
        ),
      );
      // The other one commits on the zombie's shards under the new fences while the zombie sleeps.
      const fences = new Map(takeovers.map((l) => [l.shard as string, l.counter as number]));
      await waitForItems(
        fx,
        (item) =>
          item.last !== null &&
          incarnation(item)[0] === other.id &&
          fences.get(incarnation(item)[1]!) === item.fence,
      );
      await sleep(300);

      zombie.signal('SIGCONT');
      const resumedAt = Date.now();
      // It wakes up with a batch possibly in hand: it must find out and stop, on both old leases.
      const exits = await Promise.all(
        held.map((lease) =>
          zombie.waitForLog(
            (l) => l.message === 'consumer exited' && l.shard === lease.shardId,
            10_000,
            logMark,
          ),
        ),
      );
      for (const exit of exits) expect(['lost', 'fenced']).toContain(exit.exit);
      const metrics = await zombie.metrics();

      // No item of the zombie's old incarnations was written after it was stopped, nor lies beyond the point
      // where the new owner took its symbols over.
      const items = await fx.items();
      const old = new Set(held.map((l) => `${zombie.id}/${l.shardId}/${l.counter}`));
      for (const [symbol, list] of items) {
        for (const item of list.filter((i) => old.has(i.writer))) {
          expect([symbol, item.seq, item.time <= stoppedAt]).toEqual([symbol, item.seq, true]);
          const takeover = list.find(
            (i) => i.fence > item.fence && i.writer.split('/')[1] === item.writer.split('/')[1],
          );
          if (takeover !== undefined) expect([symbol, item.seq < takeover.seq]).toEqual([symbol, true]);
        }
      }
      report.push(
        `round ${round + 1}: ${zombie.id} paused ${resumedAt - stoppedAt} ms, taken over after ${Math.max(
          ...takeovers.map((l) => l.at - stoppedAt),
        )} ms, exits ${exits.map((e) => e.exit).join('+')}, fencedWrites ${metrics.fencedWrites}`,
      );
    }

    await producer.finish();
    await fx.waitCaughtUp(fx.prefix, 60_000, () => matchers.map((m) => m.tail()).join('\n'));
    console.info(`zombie test:\n${report.join('\n')}`);
    const items = await fx.items();
    const reference = referenceRun(await fx.records());
    expectCorrectLog(items, reference);
    const uninterrupted = await fx.uninterruptedRun('shardex-ref-', { batchLimit: 500, leaseMs: 10_000 });
    expectSameEvents(eventsOf(items), eventsOf(uninterrupted), 'with zombies vs uninterrupted');
  });
});

/** Polls the items' heads (not their events: the emulators share this process's CPU with the matchers). */
async function waitForItems(
  fx: Fixture,
  match: (item: ItemHead) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const heads = await readItemHeads(fx.documents, fx.local.names.tables.events);
    if (heads.some(match)) return;
    if (Date.now() > deadline) throw new Error('no such item appeared');
    await sleep(100);
  }
}

describe('a matcher paused while it recovers', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await Fixture.start();
  });
  afterAll(() => fx?.stop());

  test('resumed after another took its shard over, it claims nothing and the new owner is not disturbed', async () => {
    const symbols = symbolsPerShard(fx.shards, 1);
    const [hot] = symbols as [string];
    const workload = generateWorkload({
      seed: 5,
      symbols: [hot],
      commandsPerSymbol: 6_000,
      duplicateRate: 0.01,
    });
    const later = generateWorkload({
      seed: 6,
      symbols: [hot],
      commandsPerSymbol: 300,
      list: false,
      tag: 'later',
      firstOrderId: workload.nextOrderId,
    });
    await fx.put(workload.records);
    // A long log and no snapshot: a new owner spends a while replaying it before it claims the next key.
    const settings = { leaseMs: LEASE_MS, renewMs: RENEW_MS, batchLimit: 1_000, snapshotEveryEvents: 1e9 };
    const first = await fx.matcher('first', settings);
    await fx.waitCaughtUp(fx.prefix, 60_000, () => first.tail());
    first.signal('SIGTERM');
    await first.exited;
    const shard = (await fx.leases()).find((l) => l.symbols.includes(hot))!.shardId;

    let paused: MatcherProcess | undefined;
    let pausedLease: LeaseRow | undefined;
    for (let attempt = 1; attempt <= 5 && pausedLease === undefined; attempt++) {
      const candidate = await fx.matcher(`paused-${attempt}`, settings);
      const taken = await candidate.waitForLog(
        (l) => l.message === 'lease taken' && l.shard === shard,
        15_000,
      );
      candidate.signal('SIGSTOP');
      const heads = await readItemHeads(fx.documents, fx.local.names.tables.events);
      if (heads.some((h) => h.writer.startsWith(`${candidate.id}/`))) {
        // Too late: it had already claimed. Not the case under test; try again with a fresh process.
        await candidate.kill();
        await sleep(LEASE_MS + RENEW_MS);
        continue;
      }
      paused = candidate;
      pausedLease = {
        shardId: shard,
        owner: candidate.id,
        counter: taken.counter as number,
        expires: 0,
        checkpoint: null,
        symbols: [hot],
      };
    }
    expect(pausedLease).toBeDefined();

    await fx.put(later.records);
    const next = await fx.matcher('next', settings);
    const takeover = await next.waitForLog(
      (l) => l.message === 'lease taken' && l.shard === shard && l.from === paused!.id,
      15_000,
    );
    await fx.waitCaughtUp(fx.prefix, 60_000, () => next.tail());

    paused!.signal('SIGCONT');
    const exit = await paused!.waitForLog(
      (l) => l.message === 'consumer exited' && l.shard === shard,
      15_000,
    );
    expect(['lost', 'fenced']).toContain(exit.exit);
    await sleep(RENEW_MS * 3);

    // The new owner either balanced the shards and took the paused one's lease while it was still live, or
    // took it after it expired; either way the paused one must not claim.
    const pausedTook = paused!.logs.find((l) => l.message === 'lease taken' && l.shard === shard)!;
    const live = (takeover.at as number) < (pausedTook.at as number) + LEASE_MS;
    console.info(
      `paused during recovery: its lease was taken over ${live ? 'while still live' : 'after it expired'}`,
    );
    const heads = await readItemHeads(fx.documents, fx.local.names.tables.events);
    expect(heads.filter((h) => h.writer === `${paused!.id}/${shard}/${pausedLease!.counter}`)).toEqual([]);
    // The new owner was never fenced (a zombie claim at its next key would have done that). Once resumed, the
    // paused process is a live worker again and may take its share of the shards back: a consumer of `next`
    // may then end 'lost', which is balancing, not a conflict.
    expect(next.messages('consumer exited').filter((l) => l.exit !== 'lost')).toEqual([]);
    expect((await next.metrics()).fencedWrites).toBe(0);
    const items = await fx.items();
    expectCorrectLog(items, referenceRun(await fx.records()));
  });
});
