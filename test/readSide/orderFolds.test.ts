import { MemoryOrderViews } from '../../adapters/memory/orderViews';
import { FoldRunner } from '../../application/projections/foldRunner';
import { orderStore } from '../../application/projections/ordersModel';
import type { EngineEvent } from '../../core/engine/events';
import { aggTradeFold, NO_AGG_TRADES } from '../../core/projections/aggTradeFold';
import { appendFold } from '../../core/projections/appendFold';
import { marketTradesOf } from '../../core/projections/marketTrades';
import { NO_ORDERS, type OrderState, orderFold, ordersToLoad } from '../../core/projections/orderFold';
import { accountOrdersAfter } from '../../core/projections/orderView';
import { foldEvents } from '../../core/projections/readModelFold';
import { compileInstrument, notionalOf } from '../../core/symbol/instrument';
import { A, algo, B, C, cancel, givenSymbol, limit } from '../core/support/scenario';
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

test("one account's orders brought forward over later events: its new order joins, its filled one ends, others stay out", () => {
  const { rest, take } = session();
  const views = [...foldEvents(orderFold, NO_ORDERS, rest, instrument).orders.values()].filter(
    (v): v is NonNullable<typeof v> => v !== null,
  );
  // A's two asks, then B's buy fills the first and part of the second; B's own order is not A's.
  const ofA = accountOrdersAfter(views, take, A, instrument);
  expect(ofA.map((v) => [v.order.orderId, v.status])).toEqual([
    [1, 'FILLED'],
    [2, 'PARTIALLY_FILLED'],
  ]);
  expect(accountOrdersAfter([], take, B, instrument).map((v) => [v.order.orderId, v.status])).toEqual([
    [3, 'FILLED'],
  ]);
  // Events a view holds already change nothing.
  expect(accountOrdersAfter(ofA, take, A, instrument)).toEqual(ofA);
});

describe('the order fold follows a conditional order to the end of the order it became', () => {
  // C's conditional buy (algo 7, order 1007) triggers when a trade reaches 101: B's IOC buy of 1 at 101 against A's
  // sell of 10 at 101.
  const STOP_AT_101 = { id: 7, account: C, side: 'BUY', trigger: 101, qty: 2 } as const;
  const trade101 = () => limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 1, tif: 'IOC' });
  const folded = (events: readonly EngineEvent[], state: OrderState = NO_ORDERS) =>
    foldEvents(orderFold, state, events, instrument);

  test('given a STOP_MARKET, when it triggers and fills in the same command, then FINISHED with its fills', () => {
    const engine = givenSymbol(TESTUSDT, limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 10 }));
    const placed = engine.when(algo({ ...STOP_AT_101, type: 'STOP_MARKET' })).events;
    const triggered = engine.when(trade101()).events;
    const state = folded(triggered, folded(placed));
    expect(state.orders.get(1007)).toMatchObject({ status: 'FILLED', executedQty: 2, algoId: 7 });
    expect(state.algos.get(7)).toMatchObject({
      status: 'FINISHED',
      actualOrderId: 1007,
      executedQty: 2,
      cumQuote: notionalOf(instrument, 101, 2),
      lastSeq: triggered.at(-1)!.seq,
    });
    expect(state.triggered.size).toBe(0);
    // Folded one event at a time, the same.
    const oneByOne = [...placed, ...triggered].reduce(
      (s, e) => orderFold.evolve(s, e, instrument),
      NO_ORDERS,
    );
    expect(oneByOne.algos.get(7)).toEqual(state.algos.get(7));
  });

  test('given a STOP whose limit order rests after a partial fill, it stays TRIGGERED (and kept) until the order is canceled, then FINISHED with the partial fill', () => {
    const engine = givenSymbol(TESTUSDT, limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }));
    const placed = engine.when(algo({ ...STOP_AT_101, type: 'STOP', price: 101, qty: 3 })).events;
    const triggered = engine.when(trade101()).events;
    const resting = orderFold.retain(folded(triggered, folded(placed)));
    expect(resting.orders.get(1007)).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: 1, algoId: 7 });
    expect(resting.algos.get(7)).toMatchObject({ status: 'TRIGGERED', executedQty: 0 });
    const canceled = engine.when(cancel(C, { orderId: 1007 })).events;
    const after = folded(canceled, resting);
    expect(after.algos.get(7)).toMatchObject({ status: 'FINISHED', executedQty: 1 });
    expect(orderFold.changes(resting, after).map((c) => [c.kind, c.view.status])).toEqual([
      ['order', 'CANCELED'],
      ['algo', 'FINISHED'],
    ]);
    // The finished conditional order is no longer kept in memory.
    expect(orderFold.retain(after).algos.has(7)).toBe(false);
  });

  test('given a closePosition stop with no position to close, when it triggers, then its order is refused and it is REJECTED with the reason', () => {
    const engine = givenSymbol(TESTUSDT, limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 10 }));
    const placed = engine.when(
      algo({
        id: 7,
        account: C,
        side: 'SELL',
        type: 'TAKE_PROFIT_MARKET',
        trigger: 101,
        closePosition: true,
      }),
    ).events;
    const triggered = engine.when(trade101()).events;
    expect(triggered.map((e) => e.type)).toContain('OrderRejected');
    const state = folded(triggered, folded(placed));
    expect(state.algos.get(7)).toMatchObject({
      status: 'REJECTED',
      executedQty: 0,
      rejectReason: expect.any(String),
    });
  });

  test('given no memory of a triggered order, the batch that ends it reads the order, then its conditional order', async () => {
    const engine = givenSymbol(TESTUSDT, limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }));
    const placed = engine.when(algo({ ...STOP_AT_101, type: 'STOP', price: 101, qty: 3 })).events;
    const triggered = engine.when(trade101()).events;
    const views = new MemoryOrderViews();
    const store = orderStore(views);
    const before = folded(triggered, folded(placed));
    await store.write(TESTUSDT.symbol, orderFold.changes(NO_ORDERS, before), false);
    const canceled = engine.when(cancel(C, { orderId: 1007 })).events;
    const loaded = await store.fill!(TESTUSDT.symbol, NO_ORDERS, canceled, instrument);
    expect(loaded.algos.get(7)).toMatchObject({ status: 'TRIGGERED' });
    expect(folded(canceled, loaded).algos.get(7)).toMatchObject({ status: 'FINISHED', executedQty: 1 });
  });
});

describe('a conditional order followed across batches', () => {
  const STOP_AT_101 = { id: 7, account: C, side: 'BUY', trigger: 101, qty: 2 } as const;
  const trade101 = () => limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 1, tif: 'IOC' });
  const batch = (events: readonly EngineEvent[]) => ({
    symbol: TESTUSDT.symbol,
    firstSeq: events[0]!.seq,
    lastSeq: events.at(-1)!.seq,
    events,
  });

  test('a command cut between AlgoOrderTriggered and the order it became (two items) still finishes it', async () => {
    const engine = givenSymbol(TESTUSDT, limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 10 }));
    const placed = engine.when(algo({ ...STOP_AT_101, type: 'STOP_MARKET' })).events;
    const triggered = engine.when(trade101()).events;
    const cut = triggered.findIndex((e) => e.type === 'AlgoOrderTriggered') + 1;
    const runner = new FoldRunner(orderFold, orderStore(new MemoryOrderViews()));
    const options = { follows: true, write: true };
    await runner.run(batch(placed), instrument, options);
    await runner.run(batch(triggered.slice(0, cut)), instrument, options);
    const last = await runner.run(batch(triggered.slice(cut)), instrument, options);
    expect(last.after.orders.get(1007)).toMatchObject({ status: 'FILLED', algoId: 7 });
    expect(last.after.algos.get(7)).toMatchObject({ status: 'FINISHED', executedQty: 2 });
  });

  test('a batch written half (the order, not its conditional order) and delivered again finishes it', async () => {
    const engine = givenSymbol(TESTUSDT, limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }));
    const placed = engine.when(algo({ ...STOP_AT_101, type: 'STOP', price: 101, qty: 3 })).events;
    const triggered = engine.when(trade101()).events;
    const views = new MemoryOrderViews();
    const store = orderStore(views);
    const before = foldEvents(
      orderFold,
      foldEvents(orderFold, NO_ORDERS, placed, instrument),
      triggered,
      instrument,
    );
    await store.write(TESTUSDT.symbol, orderFold.changes(NO_ORDERS, before), false);
    const canceled = engine.when(cancel(C, { orderId: 1007 })).events;
    const first = foldEvents(
      orderFold,
      await store.fill!(TESTUSDT.symbol, NO_ORDERS, canceled, instrument),
      canceled,
      instrument,
    );
    // Only the order's item was written (the conditional order's was in a later chunk that failed).
    await store.write(
      TESTUSDT.symbol,
      orderFold.changes(before, first).filter((c) => c.kind === 'order'),
      false,
    );
    const loaded = await store.fill!(TESTUSDT.symbol, NO_ORDERS, canceled, instrument);
    const again = foldEvents(orderFold, loaded, canceled, instrument);
    await store.write(TESTUSDT.symbol, orderFold.changes(loaded, again), false);
    expect(await views.getAlgo(C, TESTUSDT.symbol, 7)).toMatchObject({
      status: 'FINISHED',
      executedQty: 1,
      lastSeq: canceled.at(-1)!.seq,
    });
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
