// The local wake-ups of a RESULT order's path: a put rings the matcher's poll (matching-fargate/doorbell.ts), a
// commit wakes the answers waiting for the symbol (local/commitSignal.ts). Timers are frozen: what ends a wait here
// is the ring or the commit, never a poll interval running out.

import { MemoryEventLog } from '../../adapters/memory/eventLog';
import { waitForOutcome } from '../../application/orderEntry/commandOutcome';
import { LocalCommitSignal } from '../../local/commitSignal';
import { nudgingEventLog } from '../../local/committedNudge';
import { Doorbell, sleepUnless } from '../../matching-fargate/doorbell';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const rejected = (seq: number, commandId: string) =>
  ({ type: 'CommandRejected', seq, time: 0, commandId, code: -1, reason: 'test' }) as never;
const writer = { id: 'matcher-a', fence: 1 };

test("a ring of the shard ends its wait at once; one taken before the ring does too; another shard's does not", async () => {
  const doorbell = new Doorbell();
  const rung = doorbell.next('shard-0');
  let woken = false;
  const waiting = sleepUnless(60_000, rung).then(() => {
    woken = true;
  });
  doorbell.ring('shard-1');
  await Promise.resolve();
  expect(woken).toBe(false);
  doorbell.ring('shard-0');
  await waiting;
  expect(woken).toBe(true);
  expect(jest.getTimerCount()).toBe(0); // the fallback timer is cleared, nothing keeps the process alive
});

test('a ring without a shard (a put that failed, it may have landed anywhere) rings every shard', async () => {
  const doorbell = new Doorbell();
  const rung = [doorbell.next('shard-0'), doorbell.next('shard-1')];
  doorbell.ring();
  await Promise.all(rung);
});

test("given a RESULT waiting for its command, when the matcher commits the symbol's item, then the answer has its events without a poll", async () => {
  const commits = new LocalCommitSignal();
  const log = nudgingEventLog(new MemoryEventLog(), (stream) => commits.committed(stream));
  let answered: unknown;
  const waiting = waitForOutcome(log, 'BTCUSDT', 'place-7', 0, 10_000, () => 0, commits).then((events) => {
    answered = events;
  });
  await jest.advanceTimersByTimeAsync(0); // the first read, before the commit: nothing yet
  expect(answered).toBeUndefined();
  const item = { stream: 'BTCUSDT', events: [rejected(1, 'place-7')], checkpoint: { sequenceNumber: '1' } };
  expect(await log.append(1, item as never, writer, false)).toBe('written');
  await waiting;
  expect(answered).toEqual([expect.objectContaining({ commandId: 'place-7' })]);
});

test("another symbol's commit does not wake the waiter", async () => {
  const commits = new LocalCommitSignal();
  let woken = false;
  void commits.nextCommit('BTCUSDT').then(() => {
    woken = true;
  });
  commits.committed('ETHUSDT');
  await Promise.resolve();
  expect(woken).toBe(false);
  commits.committed('BTCUSDT');
  await Promise.resolve();
  expect(woken).toBe(true);
});
