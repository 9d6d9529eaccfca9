// The wallet an ACCOUNT_UPDATE carries counts every fill the fan-out handled before the run, in every symbol
// (application/fanout/accountUpdates.ts, walletAfterRun): the projector settles the symbols independently, so the
// account's state read for a run of one symbol may not hold yet the fill of another that its stream was just sent.

import { walletAfterRun } from '../../application/fanout/accountUpdates';
import { EventWindow } from '../../application/fanout/eventWindow';
import { RecentEvents } from '../../application/fanout/recentEvents';
import type { SymbolRun } from '../../application/fanout/symbolRuns';
import { type AccountState, openedAccount } from '../../core/accounts/account';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { settleSymbolEvents } from '../../core/accounts/settlement';
import type { EngineCommand } from '../../core/engine/commands';
import type { EngineEvent } from '../../core/engine/events';
import { MatchingEngine } from '../../core/engine/matchingEngine';
import { A, B, limit, listSymbol, market } from '../core/support/scenario';
import { TESTUSDT } from '../core/support/specs';

const FIRST = TESTUSDT;
const SECOND = { ...TESTUSDT, symbol: 'OTHERUSDT', baseAsset: 'OTHER' };

/** A symbol's events items (each inner list of commands one item) as the runs the fan-out takes them in. */
function runsOf(symbol: string, items: EngineCommand[][]): SymbolRun[] {
  const engine = MatchingEngine.create(symbol);
  return items.map((commands) => {
    const events = commands.flatMap((c) => engine.execute(c));
    return {
      symbol,
      firstSeq: events[0]!.seq,
      lastSeq: events.at(-1)!.seq,
      events,
      chain: null,
      firstRecordId: `${symbol}:${events[0]!.seq}`,
    };
  });
}

/** In each symbol: A rests a sell, B takes part of it (a fee each), then B takes more in a later item. */
const trading = (spec: typeof FIRST, firstOrderId: number) =>
  runsOf(spec.symbol, [
    [listSymbol(spec)],
    [limit({ id: firstOrderId, account: A, side: 'SELL', price: 100, qty: 10 })],
    [market({ id: firstOrderId + 1, account: B, side: 'BUY', qty: 3 })],
    [market({ id: firstOrderId + 2, account: B, side: 'BUY', qty: 2 })],
  ]);
const first = trading(FIRST, 1);
const second = trading(SECOND, 101);

const unread = {
  // biome-ignore lint/correctness/useYield: a read here fails the test
  async *itemsAfter(): AsyncGenerator<never> {
    throw new Error('the log was read');
  },
};
const noProgressRead = () => Promise.reject(new Error('the progress was read'));
const noReadAgain = () => Promise.reject(new Error('the account was read again'));

function opened(accountId: number): AccountState {
  const state = evolveAccount(openedAccount(accountId), { type: 'AccountOpened', accountId });
  return evolveAccount(state, { type: 'CollateralDeposited', amount: 100_000_000_000n, reference: 'x' });
}

/** The account settled with each symbol's events up to the given sequence. */
function settled(accountId: number, upTo: Record<string, number>): AccountState {
  let state = opened(accountId);
  for (const [symbol, runs] of [
    [FIRST.symbol, first],
    [SECOND.symbol, second],
  ] as const) {
    const events = runs.flatMap((r) => r.events).filter((e: EngineEvent) => e.seq <= (upTo[symbol] ?? 0));
    const change = settleSymbolEvents(state, symbol, events);
    if (change !== undefined) state = evolveAccount(state, change);
  }
  return state;
}

/** The fan-out after it handled these runs, in this order. */
function handled(runs: readonly SymbolRun[], bound?: number): RecentEvents {
  const recent = new RecentEvents(bound);
  for (const run of runs) recent.remember(run);
  return recent;
}

const lastSeq = (runs: readonly SymbolRun[]) => runs.at(-1)!.lastSeq;

test("given the other symbol's fills posted but not settled, the wallet after a run counts them", async () => {
  // The fan-out handled the second symbol to its end, then the first up to its last run.
  const recent = handled([...second, ...first.slice(0, 3)]);
  const run = first[3]!;
  for (const accountId of [A, B]) {
    const expected = settled(accountId, { [FIRST.symbol]: run.lastSeq, [SECOND.symbol]: lastSeq(second) });
    // Whatever the projector had settled in either symbol when the state was read.
    for (const upToSecond of [0, second[2]!.lastSeq, lastSeq(second)]) {
      const state = settled(accountId, { [FIRST.symbol]: first[2]!.lastSeq, [SECOND.symbol]: upToSecond });
      const wallet = await walletAfterRun(
        state,
        noProgressRead,
        new EventWindow(run, unread, recent),
        noReadAgain,
      );
      expect([accountId, upToSecond, wallet]).toEqual([accountId, upToSecond, expected.walletBalance]);
    }
  }
  // Each had a fee in the second symbol: leaving it out would have been a different figure.
  expect(settled(B, { [SECOND.symbol]: lastSeq(second) }).walletBalance).toBeLessThan(
    opened(B).walletBalance,
  );
});

test('a symbol the state is already past stays as the state has it: nothing counts twice', async () => {
  // The projector settled the second symbol's last fill before the fan-out handled it.
  const recent = handled([...second.slice(0, 3), ...first.slice(0, 3)]);
  const run = first[3]!;
  const all = { [FIRST.symbol]: run.lastSeq, [SECOND.symbol]: lastSeq(second) };
  const state = settled(B, { ...all, [FIRST.symbol]: first[2]!.lastSeq });
  const wallet = await walletAfterRun(
    state,
    noProgressRead,
    new EventWindow(run, unread, recent),
    noReadAgain,
  );
  expect(wallet).toBe(settled(B, all).walletBalance);
});

test("a symbol whose memory does not reach back to the account's settled point counts as settled", async () => {
  // A memory of one event a symbol: the second symbol's fills before it are not in hand.
  const recent = handled([...second, ...first.slice(0, 3)], 1);
  const run = first[3]!;
  const state = settled(B, { [FIRST.symbol]: first[2]!.lastSeq, [SECOND.symbol]: 0 });
  const window = new EventWindow(run, unread, recent);
  expect(window.unsettledElsewhere(B, state.settledSeq)).toEqual([]);
  const wallet = await walletAfterRun(
    state,
    async () => first[2]!.lastSeq,
    window,
    async () => state,
  );
  expect(wallet).toBe(settled(B, { [FIRST.symbol]: run.lastSeq }).walletBalance);
});

test('an account with no events in the other symbol is not brought forward there', () => {
  const recent = handled([...second, ...first]);
  const C = 3;
  expect(recent.unsettled(C, {}, FIRST.symbol)).toEqual([]);
  expect(recent.unsettled(B, {}, FIRST.symbol).map((u) => u.symbol)).toEqual([SECOND.symbol]);
  expect(recent.unsettled(B, { [SECOND.symbol]: lastSeq(second) }, FIRST.symbol)).toEqual([]);
  expect(recent.unsettled(B, {}, SECOND.symbol).map((u) => u.symbol)).toEqual([FIRST.symbol]);
});
