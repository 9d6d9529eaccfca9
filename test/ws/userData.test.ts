// User data from a run of events: ORDER_TRADE_UPDATEs with Binance's execution types, statuses and expiry
// reasons; and the read models the fan-out starts from brought exactly to the run's boundary, whether they stand
// before it (the projector lags) or past it (the projector is ahead).

import { accountFills, walletAfterRun } from '../../application/fanout/accountUpdates';
import { EventWindow } from '../../application/fanout/eventWindow';
import { orderBeforeRun } from '../../application/fanout/orderBeforeRun';
import { type OrderUpdate, orderUpdates } from '../../application/fanout/orderUpdates';
import { RecentEvents } from '../../application/fanout/recentEvents';
import type { SymbolRun } from '../../application/fanout/symbolRuns';
import { orderTradeUpdateJson } from '../../binance/streams/userPayloads';
import { openedAccount } from '../../core/accounts/account';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { settleSymbolEvents } from '../../core/accounts/settlement';
import type { EngineCommand } from '../../core/engine/commands';
import type { EngineEvent } from '../../core/engine/events';
import { MatchingEngine } from '../../core/engine/matchingEngine';
import { applyToOrder, type OrderView } from '../../core/projections/orderView';
import { compileInstrument } from '../../core/symbol/instrument';
import { A, amend, B, C, limit, listSymbol, market } from '../core/support/scenario';
import { TESTUSDT } from '../core/support/specs';

const instrument = compileInstrument(TESTUSDT);
const SYMBOL = TESTUSDT.symbol;

/** Each inner list is one events item. */
function decide(batches: EngineCommand[][]): EngineEvent[][] {
  const engine = MatchingEngine.create(SYMBOL);
  return batches.map((commands) => commands.flatMap((c) => engine.execute(c)));
}

const items = decide([
  [listSymbol(TESTUSDT)],
  [limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 10 })],
  [limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 3 })],
  [
    amend(A, { orderId: 1 }, { side: 'SELL', price: 101, qty: 12 }),
    limit({ id: 3, account: C, side: 'BUY', price: 101, qty: 4, tif: 'IOC' }),
  ],
  [market({ id: 4, account: B, side: 'BUY', qty: 20 })],
  [
    limit({ id: 5, account: A, side: 'BUY', price: 90, qty: 2 }),
    limit({ id: 6, account: A, side: 'SELL', price: 90, qty: 1, stp: 'EXPIRE_MAKER' }),
  ],
  [limit({ id: 7, account: C, side: 'BUY', price: 95, qty: 2, tif: 'IOC' })],
  [
    limit({ id: 8, account: A, side: 'SELL', price: 92, qty: 2 }),
    limit({ id: 9, account: A, side: 'BUY', price: 92, qty: 1, tif: 'IOC', stp: 'EXPIRE_TAKER' }),
  ],
]);
const all = items.flat();
const lastOf = (item: readonly EngineEvent[]) => item[item.length - 1]!.seq;
const boundaries = [0, ...items.map(lastOf)];

function runOf(index: number): SymbolRun {
  const events = items[index]!;
  return {
    symbol: SYMBOL,
    firstSeq: events[0]!.seq,
    lastSeq: lastOf(events),
    events,
    chain: null,
    firstRecordId: String(index),
  };
}

/** The events table as the window reads it. */
const store = {
  async *itemsAfter(_symbol: string, after: number) {
    for (const item of items) {
      if (lastOf(item) <= after) continue;
      yield {
        stream: SYMBOL,
        seq: item[0]!.seq,
        last: lastOf(item),
        events: item,
        checkpoint: null,
        chain: null,
        writer: 'w',
        fence: 1,
        time: 0,
      };
    }
  },
};

/** The order as the orders read model holds it once the projector reached `seq`. */
function viewAt(orderId: number, seq: number): OrderView | undefined {
  let view: OrderView | undefined;
  for (const event of all) if (event.seq <= seq) view = applyToOrder(view, event, SYMBOL, instrument);
  return view?.order.orderId === orderId ? view : undefined;
}

/** An update as the user data stream carries it. */
const payloadOf = (u: OrderUpdate) => orderTradeUpdateJson(instrument, u.message.view, u.message.detail, 1);

describe('ORDER_TRADE_UPDATE', () => {
  const updates = (orderId: number) =>
    orderUpdates(instrument, orderId, undefined, all).map((u) => {
      const o = payloadOf(u).o;
      return [o.x, o.X, o.er, o.l, o.z, o.q, o.p, o.ap];
    });

  test('a maker filled in parts, amended in between', () => {
    expect(updates(1)).toEqual([
      ['NEW', 'NEW', '0', '0', '0', '10', '100', '0.000'],
      ['TRADE', 'PARTIALLY_FILLED', '0', '3', '3', '10', '100', '100.000'],
      ['AMENDMENT', 'PARTIALLY_FILLED', '0', '0', '3', '12', '101', '100.000'],
      ['TRADE', 'PARTIALLY_FILLED', '0', '4', '7', '12', '101', '100.571'],
      ['TRADE', 'FILLED', '0', '5', '12', '12', '101', '100.750'],
    ]);
  });

  test('expiry reasons: MARKET remainder 9, self-trade prevention 1 (IOC: 3), IOC remainder 2', () => {
    expect(updates(4).map((u) => u.slice(0, 3))).toEqual([
      ['NEW', 'NEW', '0'],
      ['TRADE', 'PARTIALLY_FILLED', '0'],
      ['EXPIRED', 'EXPIRED', '9'],
    ]);
    expect(updates(5).map((u) => u.slice(0, 3))).toEqual([
      ['NEW', 'NEW', '0'],
      ['EXPIRED', 'EXPIRED_IN_MATCH', '1'],
    ]);
    expect(updates(7).map((u) => u.slice(0, 3))).toEqual([
      ['NEW', 'NEW', '0'],
      ['TRADE', 'PARTIALLY_FILLED', '0'],
      ['EXPIRED', 'EXPIRED', '2'],
    ]);
    expect(updates(9).map((u) => u.slice(0, 3))).toEqual([
      ['NEW', 'NEW', '0'],
      ['EXPIRED', 'EXPIRED_IN_MATCH', '3'],
    ]);
  });

  test('commission, realized profit and maker flag come from the fill', () => {
    const trades = orderUpdates(instrument, 2, undefined, all).filter((u) => payloadOf(u).o.x === 'TRADE');
    expect(trades.map((u) => payloadOf(u).o)).toEqual([
      expect.objectContaining({ N: 'USDT', n: '0.15000000', m: false, rp: '0.00000000', L: '100', t: 1 }),
    ]);
  });
});

/** An account of the session, opened with 1,000 USDT and settled with the symbol's events up to `seq`. */
function settledAccountAt(accountId: number, seq: number) {
  let state = evolveAccount(openedAccount(accountId), { type: 'AccountOpened', accountId });
  state = evolveAccount(state, { type: 'CollateralDeposited', amount: 100_000_000_000n, reference: 'x' });
  const settled = settleSymbolEvents(
    state,
    SYMBOL,
    all.filter((e) => e.seq <= seq),
  );
  return settled === undefined ? state : evolveAccount(state, settled);
}

describe('read models brought to the run boundary', () => {
  test.each([3, 4])(
    'order 1 before item %i, from a view at every point before or after it',
    async (index) => {
      const run = runOf(index);
      const exact = viewAt(1, run.firstSeq - 1);
      const expected = orderUpdates(instrument, 1, exact, run.events);
      expect(expected.length).toBeGreaterThan(0);
      for (const projected of boundaries) {
        const window = new EventWindow(run, store);
        const before = await orderBeforeRun(instrument, 1, viewAt(1, projected), projected, window);
        expect([projected, orderUpdates(instrument, 1, before, run.events)]).toEqual([projected, expected]);
      }
    },
  );

  test.each([2, 3, 4, 6])(
    'wallet of the accounts that traded in item %i, settled to any point',
    async (index) => {
      const run = runOf(index);
      const traders = accountFills(run.events).map((f) => f.accountId);
      expect(traders.length).toBeGreaterThan(0);
      for (const accountId of traders) {
        const expected = settledAccountAt(accountId, run.lastSeq).walletBalance;
        for (const projected of boundaries) {
          const wallet = await walletAfterRun(
            settledAccountAt(accountId, projected),
            async () => projected,
            new EventWindow(run, store),
            async () => settledAccountAt(accountId, projected),
          );
          expect([accountId, projected, wallet]).toEqual([accountId, projected, expected]);
        }
      }
    },
  );

  test.each([2, 3, 4, 6])(
    'item %i settled by the projector between the state read and the progress read: the state is read again',
    async (index) => {
      const run = runOf(index);
      for (const accountId of accountFills(run.events).map((f) => f.accountId)) {
        // Read before the projector settled anything; the progress, read after, is past the run.
        const wallet = await walletAfterRun(
          settledAccountAt(accountId, 0),
          async () => run.lastSeq,
          new EventWindow(run, store),
          async () => settledAccountAt(accountId, run.lastSeq),
        );
        expect([accountId, wallet]).toEqual([
          accountId,
          settledAccountAt(accountId, run.lastSeq).walletBalance,
        ]);
        expect(settledAccountAt(accountId, 0).walletBalance).not.toBe(wallet);
      }
    },
  );

  test.each([2, 3, 4, 6])(
    'with the fan-out following the log since item 0, the wallet after item %i costs no read',
    async (index) => {
      const recent = new RecentEvents();
      for (let i = 0; i < index; i++) recent.remember(runOf(i));
      const run = runOf(index);
      const unread = {
        // biome-ignore lint/correctness/useYield: a read here fails the test
        async *itemsAfter(): AsyncGenerator<never> {
          throw new Error('the log was read');
        },
      };
      for (const accountId of accountFills(run.events).map((f) => f.accountId)) {
        const settledAt = (seq: number) => settledAccountAt(accountId, seq);
        for (const projected of boundaries.filter((b) => b < run.firstSeq)) {
          const wallet = await walletAfterRun(
            settledAt(projected),
            () => Promise.reject(new Error('the progress was read')),
            new EventWindow(run, unread, recent),
            () => Promise.reject(new Error('the account was read again')),
          );
          expect([accountId, projected, wallet]).toEqual([
            accountId,
            projected,
            settledAt(run.lastSeq).walletBalance,
          ]);
        }
      }
    },
  );
});
