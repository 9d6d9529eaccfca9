// The fan-out's memory of the events it handled (application/fanout/recentEvents.ts): gap-free per symbol, bounded,
// started over at a gap.

import { RecentEvents } from '../../application/fanout/recentEvents';
import type { SymbolRun } from '../../application/fanout/symbolRuns';
import type { EngineEvent } from '../../core/engine/events';

const SYMBOL = 'BTCUSDT';

/** A run of MarkPriceUpdated-like events with seqs first..last (their content does not matter here). */
function run(first: number, last: number, symbol = SYMBOL): SymbolRun {
  const events = [];
  for (let seq = first; seq <= last; seq++)
    events.push({ type: 'OrderCanceled', seq, time: seq, commandId: 'c', orderId: seq, accountId: 1 });
  return {
    symbol,
    firstSeq: first,
    lastSeq: last,
    events: events as unknown as EngineEvent[],
    chain: null,
    firstRecordId: String(first),
  };
}

const seqs = (events: readonly EngineEvent[] | undefined) => events?.map((e) => e.seq);

test('runs that follow on are remembered together; what was never seen is not', () => {
  const recent = new RecentEvents();
  recent.remember(run(5, 7));
  recent.remember(run(8, 9));
  expect(seqs(recent.between(SYMBOL, 4, 9))).toEqual([5, 6, 7, 8, 9]);
  expect(seqs(recent.between(SYMBOL, 6, 8))).toEqual([7, 8]);
  expect(recent.between(SYMBOL, 3, 9)).toBeUndefined();
  expect(recent.between(SYMBOL, 4, 10)).toBeUndefined();
  expect(recent.between('ETHUSDT', 4, 9)).toBeUndefined();
  expect(recent.covers(SYMBOL, 4, 9)).toBe(true);
  expect(recent.covers(SYMBOL, 3, 9)).toBe(false);
  expect(recent.covers(SYMBOL, 9, 9)).toBe(true);
});

test('a gap starts the memory over from the run after it', () => {
  const recent = new RecentEvents();
  recent.remember(run(1, 3));
  recent.remember(run(6, 7));
  expect(recent.between(SYMBOL, 0, 3)).toBeUndefined();
  expect(recent.covers(SYMBOL, 3, 7)).toBe(false);
  expect(seqs(recent.between(SYMBOL, 5, 7))).toEqual([6, 7]);
});

test('a run that comes again replaces the memory from its start', () => {
  const recent = new RecentEvents();
  recent.remember(run(1, 5));
  recent.remember(run(4, 6));
  expect(seqs(recent.between(SYMBOL, 0, 6))).toEqual([1, 2, 3, 4, 5, 6]);
});

test('it keeps at most its bound of events per symbol, the newest', () => {
  const recent = new RecentEvents(4);
  recent.remember(run(1, 3));
  recent.remember(run(4, 6));
  expect(recent.covers(SYMBOL, 1, 6)).toBe(false);
  expect(seqs(recent.between(SYMBOL, 2, 6))).toEqual([3, 4, 5, 6]);
});

test("an account's unsettled events elsewhere: only after its settled point, only while remembered", () => {
  // Event seq concerns account seq (OrderCanceled of the account's order), over 30,000 accounts: the index of who
  // the events concern is rebuilt on the way, and still answers for what the memory holds.
  const recent = new RecentEvents(4);
  for (let seq = 1; seq <= 30_000; seq++) {
    const one = run(seq, seq);
    recent.remember({ ...one, events: one.events.map((e) => ({ ...e, accountId: seq })) as EngineEvent[] });
  }
  recent.remember(run(1, 1, 'ETHUSDT'));
  const unsettled = (accountId: number, settledSeq: Record<string, number> = {}) =>
    recent.unsettled(accountId, settledSeq, 'ETHUSDT').map((u) => [u.symbol, seqs(u.events)]);
  expect(unsettled(29_999, { [SYMBOL]: 29_996 })).toEqual([[SYMBOL, [29_997, 29_998, 29_999, 30_000]]]);
  expect(unsettled(29_999, { [SYMBOL]: 29_999 })).toEqual([]);
  // Settled before the memory's start: what came between is not in hand.
  expect(unsettled(29_999)).toEqual([]);
  expect(unsettled(5, { [SYMBOL]: 29_996 })).toEqual([]);
  // The symbol asked about is left out.
  expect(recent.unsettled(29_999, { [SYMBOL]: 29_996 }, SYMBOL)).toEqual([]);
});
