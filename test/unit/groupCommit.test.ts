// The group commit queue of the command bus: a lone item goes at once and alone, items that arrive while requests
// are in flight leave together in arrival order, and a batch keeps to PutRecords' limits (500 records, 5 MiB).

import { GroupCommit } from '../../adapters/aws/commands/groupCommit';

const MiB = 1024 * 1024;

interface Item {
  readonly id: number;
  readonly bytes: number;
}

/** A queue whose requests end when the test says: `sent` holds each batch's ids, `end()` ends the oldest. */
function harness(maxInFlight: number, limits = { maxItems: 500, maxBytes: 5 * MiB }) {
  const sent: number[][] = [];
  const open: (() => void)[] = [];
  const queue = new GroupCommit<Item>(
    (batch) => {
      sent.push(batch.map((item) => item.id));
      return new Promise<void>((resolve) => open.push(resolve));
    },
    (item) => item.bytes,
    limits,
    maxInFlight,
  );
  let next = 0;
  return {
    sent,
    add: (count: number, bytes = 100) => {
      for (let i = 0; i < count; i++) queue.add({ id: next++, bytes });
    },
    /** Ends the oldest request in flight and lets its continuation (the next batch) run. */
    end: async () => {
      open.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    },
    inFlight: () => open.length,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test('a lone item goes at once, alone; one after another, each is a batch of one (as on Lambda)', async () => {
  const q = harness(1);
  q.add(1);
  expect(q.sent).toEqual([[0]]);
  await q.end();
  q.add(1);
  expect(q.sent).toEqual([[0], [1]]);
  await q.end();
  expect(q.inFlight()).toBe(0);
});

test('items that arrive during a request leave together when it ends, at most 500 a batch, in arrival order', async () => {
  const q = harness(1);
  q.add(1201);
  expect(q.sent).toEqual([[0]]);
  await q.end();
  expect(q.sent[1]).toEqual(range(1, 501));
  await q.end();
  expect(q.sent[2]).toEqual(range(501, 1001));
  await q.end();
  expect(q.sent[3]).toEqual(range(1001, 1201));
  await q.end();
  expect(q.sent).toHaveLength(4);
});

test('a batch stays within 5 MiB; one item too large for any request still goes, alone', async () => {
  const q = harness(1);
  q.add(1, 10); // in flight
  q.add(7, MiB); // 5 fit in 5 MiB exactly, then 2
  q.add(1, 6 * MiB);
  q.add(2, 10);
  await q.end();
  expect(q.sent[1]).toEqual([1, 2, 3, 4, 5]);
  await q.end();
  expect(q.sent[2]).toEqual([6, 7]);
  await q.end();
  expect(q.sent[3]).toEqual([8]);
  await q.end();
  expect(q.sent[4]).toEqual([9, 10]);
});

test('with 2 requests in flight, the first two items go at once, alone, and the rest wait for either', async () => {
  const q = harness(2);
  q.add(5);
  expect(q.sent).toEqual([[0], [1]]);
  await q.end();
  expect(q.sent[2]).toEqual([2, 3, 4]);
  expect(q.inFlight()).toBe(2);
});
