import { aggTradeFold, NO_AGG_TRADES } from '../../core/projections/aggTradeFold';
import { appendFold } from '../../core/projections/appendFold';
import { marketTradesOf } from '../../core/projections/marketTrades';
import { NO_ORDERS, orderFold, ordersToLoad } from '../../core/projections/orderFold';
import { foldEvents } from '../../core/projections/readModelFold';
import { compileInstrument } from '../../core/symbol/instrument';
import { A, B, givenSymbol, limit } from '../core/support/scenario';
import { TESTUSDT } from '../core/support/specs';

const instrument = compileInstrument(TESTUSDT);

/** A maker at 100, then a taker that fills it in two trades' worth: the events the folds are given. */
function session() {
  const engine = givenSymbol(TESTUSDT);
  const rest = engine.when(limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 5 })).events;
  const rest2 = engine.when(limit({ id: 2, account: A, side: 'SELL', price: 100, qty: 5 })).events;
  const take = engine.when(limit({ id: 3, account: B, side: 'BUY', price: 100, qty: 7, tif: 'IOC' })).events;
  return { rest: [...rest, ...rest2], take };
}

describe('the order fold', () => {
  test('given two resting sells, when a buy fills one and part of the other, then three views, the taker filled', () => {
    const { rest, take } = session();
    const before = foldEvents(orderFold, NO_ORDERS, rest, instrument);
    expect(before.orders.get(1)).toMatchObject({ status: 'NEW', executedQty: 0 });
    const after = foldEvents(orderFold, before, take, instrument);
    expect(after.orders.get(1)).toMatchObject({ status: 'FILLED', executedQty: 5 });
    expect(after.orders.get(2)).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: 2 });
    expect(after.orders.get(3)).toMatchObject({ status: 'FILLED', executedQty: 7 });
    expect(orderFold.changes(before, after).map((c) => c.view.order.orderId)).toEqual([1, 2, 3]);
    // Only the open order stays in memory.
    expect([...orderFold.retain(after).orders.keys()]).toEqual([2]);
    // Again: nothing changes.
    expect(foldEvents(orderFold, after, take, instrument)).toBe(after);
  });

  test('given no memory of the makers, the taker batch asks for them (by account), not for the taker it accepts', () => {
    const { take } = session();
    const missing = ordersToLoad(NO_ORDERS, take);
    expect(Object.fromEntries(missing.orders)).toEqual({ 1: A, 2: A });
    // Unknown makers are left alone: the store never saw them accepted.
    const folded = foldEvents(orderFold, NO_ORDERS, take, instrument);
    expect([...folded.orders.keys()]).toEqual([3]);
  });
});

describe('the aggregate trade fold', () => {
  test("given nothing, when one taker's two trades at one price, then one aggregate of both", () => {
    const { rest, take } = session();
    const state = foldEvents(aggTradeFold, NO_AGG_TRADES, [...rest, ...take], instrument);
    expect([...state.changed.values()]).toEqual([state.last]);
    expect(state.last).toMatchObject({ q: 7, p: 100 });
    expect(state.last!.l).toBe(state.last!.f + 1);
  });

  test('cut between the two trades, the second batch extends the kept aggregate; the same batch again changes nothing', () => {
    const { rest, take } = session();
    const trades = take.filter((e) => e.type === 'Trade');
    const first = aggTradeFold.retain(
      foldEvents(aggTradeFold, NO_AGG_TRADES, [...rest, trades[0]!], instrument),
    );
    const second = foldEvents(aggTradeFold, first, [trades[1]!], instrument);
    expect(aggTradeFold.changes(first, second)).toEqual([second.last]);
    expect(second.last).toMatchObject({ q: 7 });
    expect(foldEvents(aggTradeFold, second, [trades[1]!], instrument)).toBe(second);
  });
});

test("an append-only fold adds each event's items once per batch and keeps nothing", () => {
  const fold = appendFold((event, i) => marketTradesOf([event], i));
  const { rest, take } = session();
  const state = foldEvents(fold, fold.initial, [...rest, ...take], instrument);
  expect(fold.changes(fold.initial, state).map((t) => t.qty)).toEqual([5, 2]);
  expect(fold.retain(state)).toBe(fold.initial);
});
