import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { ALGO_ORDER_TYPES, type AlgoOrderType, type WorkingType } from '../../../core/orders/algoOrder';
import type { Side } from '../../../core/orders/order';
import {
  A,
  algo,
  at,
  B,
  C,
  cancelAlgo,
  cancelAllAlgo,
  cancelCountdown,
  given,
  indexPrice,
  limit,
  market,
  updateSymbol,
} from '../support/scenario';
import { TESTUSDT } from '../support/specs';

/**
 * Conditional orders on TESTUSDT (tick 1, step 1): a STOP buys on a rise and sells on a fall, a TAKE_PROFIT the
 * reverse; the MARKET kinds and trailing stops become MARKET orders, STOP and TAKE_PROFIT LIMIT orders. Marks are
 * in 10^-8 USDT (100 ticks = 100 × 10^8).
 */
const D = 4;
const T0 = 1_700_006_400_000;
const SECOND = 1_000;

function rises(type: AlgoOrderType, side: Side): boolean {
  const stop = type === 'STOP' || type === 'STOP_MARKET';
  return stop ? side === 'BUY' : side === 'SELL';
}

/** The last price is 100 (A sold to B), with liquidity below (C's bids) and above (C's asks). */
function contractMarket() {
  return [
    limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 1 }),
    limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 1 }),
    limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 1 }),
    limit({ id: 4, account: C, side: 'BUY', price: 90, qty: 5 }),
    limit({ id: 5, account: C, side: 'SELL', price: 105, qty: 1 }),
    limit({ id: 6, account: C, side: 'SELL', price: 110, qty: 5 }),
  ];
}

describe.each(['CONTRACT_PRICE', 'MARK_PRICE'] as WorkingType[])('every type and side on %s', (working) => {
  const kinds = ALGO_ORDER_TYPES.filter((t) => t !== 'TRAILING_STOP_MARKET');
  for (const type of kinds) {
    for (const side of ['BUY', 'SELL'] as Side[]) {
      const up = rises(type, side);
      it(`${type} ${side} triggers when the price ${up ? 'rises' : 'falls'} to its trigger, not before`, () => {
        const limitPrice = side === 'BUY' ? 110 : 90;
        const order = algo({
          id: 50,
          account: D,
          side,
          type,
          trigger: up ? 104 : 96,
          price: type === 'STOP' || type === 'TAKE_PROFIT' ? limitPrice : 0,
          working,
        });
        if (working === 'CONTRACT_PRICE') {
          const scenario = given(...contractMarket(), order);
          // A trade at the same price triggers nothing.
          scenario.when(limit({ id: 10, account: A, side: 'SELL', price: 100, qty: 1 }));
          scenario
            .when(limit({ id: 11, account: B, side: 'BUY', price: 100, qty: 1 }))
            .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 100 }]);
          const outcome = scenario.when(
            market({ id: 12, account: up ? A : B, side: up ? 'BUY' : 'SELL', qty: 1 }),
          );
          // The mover's trade, then the trigger, then the order it becomes (whose fate depends on the book).
          expect(outcome.events.slice(0, 4)).toMatchObject([
            { type: 'OrderAccepted' },
            { type: 'Trade', price: up ? 105 : 95 },
            { type: 'AlgoOrderTriggered', algoId: 50, orderId: 1050, workingType: working, quantity: 1 },
            {
              type: 'OrderAccepted',
              order: { orderId: 1050, side, type: type.endsWith('MARKET') ? 'MARKET' : 'LIMIT' },
            },
          ]);
        } else {
          // One-sided books: the mark is the index (Price 1), untouched by the basis.
          const liquidity = limit({
            id: 6,
            account: C,
            side: side === 'BUY' ? 'SELL' : 'BUY',
            price: limitPrice,
            qty: 5,
          });
          const scenario = given(liquidity, indexPrice('100', T0), at(T0 + 1, order));
          scenario
            .when(indexPrice(up ? '99' : '101', T0 + SECOND))
            .thenEvents([{ type: 'MarkPriceUpdated' }]);
          const outcome = scenario.when(indexPrice(up ? '104' : '96', T0 + 2 * SECOND));
          expect(outcome.events.slice(0, 3)).toMatchObject([
            { type: 'MarkPriceUpdated' },
            { type: 'AlgoOrderTriggered', algoId: 50, workingPrice: (up ? 104 : 96) * 1e8, quantity: 1 },
            { type: 'OrderAccepted', order: { orderId: 1050, side } },
          ]);
        }
      });
    }
  }
});

describe('placement', () => {
  it('refuses a conditional order that would trigger at once (-2021)', () => {
    given(...contractMarket())
      .when(algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 100 }))
      .thenEvents([
        {
          type: 'CommandRejected',
          command: 'PlaceAlgoOrder',
          code: -2021,
          orderId: 50,
          clientOrderId: 'algo-50',
        },
      ]);
  });

  it('refuses a duplicate client algo id (-4116), and more than MAX_NUM_ALGO_ORDERS per account (-4045)', () => {
    const scenario = given(algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 90 }));
    scenario
      .when(
        algo({ id: 51, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 90, clientAlgoId: 'algo-50' }),
      )
      .thenEvents([{ type: 'CommandRejected', code: -4116 }]);
    const full = given(
      ...Array.from({ length: 10 }, (_, i) =>
        algo({ id: 60 + i, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 90 }),
      ),
    );
    full
      .when(algo({ id: 70, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 90 }))
      .thenEvents([{ type: 'CommandRejected', code: -4045, reason: 'Reach max stop order limit.' }]);
  });

  it('checks the trigger price, the limit price and the quantity against the filters', () => {
    given()
      .when(algo({ id: 50, account: D, side: 'SELL', type: 'STOP', trigger: 2_000_000, price: 90 }))
      .thenEvents([{ type: 'CommandRejected', code: -4002 }]);
    given()
      .when(algo({ id: 50, account: D, side: 'SELL', type: 'STOP', trigger: 90, price: 0 }))
      .thenEvents([{ type: 'CommandRejected', code: -4001 }]);
    given()
      .when(algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 90, qty: 501 }))
      .thenEvents([{ type: 'CommandRejected', code: -4005 }]);
    given()
      .when(algo({ id: 50, account: D, side: 'SELL', type: 'TRAILING_STOP_MARKET', callback: 101 }))
      .thenEvents([
        {
          type: 'CommandRejected',
          code: -1130,
          reason: "Data sent for parameter 'callbackRate' is not valid.",
        },
      ]);
  });

  it('is canceled by algo id or client algo id; an unknown one is -2011', () => {
    const scenario = given(
      algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 90 }),
      algo({ id: 51, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 80 }),
    );
    scenario.when(cancelAlgo(A, { algoId: 50 })).thenEvents([{ type: 'CommandRejected', code: -2011 }]);
    scenario
      .when(cancelAlgo(D, { clientAlgoId: 'algo-50' }))
      .thenEvents([{ type: 'AlgoOrderCanceled', algoId: 50, accountId: D, reason: 'USER' }]);
    scenario.when(cancelAllAlgo(D)).thenEvents([
      { type: 'AlgoOrderCanceled', algoId: 51, reason: 'CANCEL_ALL' },
      { type: 'AllOrdersCanceled', count: 1 },
    ]);
  });
});

describe('triggering order', () => {
  it('many stops at one price trigger in placement order; a cascade triggers the next level', () => {
    const scenario = given(
      ...contractMarket(),
      algo({ id: 52, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 96 }),
      algo({ id: 50, account: A, side: 'SELL', type: 'STOP_MARKET', trigger: 96 }),
      algo({ id: 51, account: B, side: 'SELL', type: 'STOP_MARKET', trigger: 96 }),
      // Reached only by the trades of the stops above (they sell at 90).
      algo({ id: 53, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 91 }),
    );
    const outcome = scenario.when(market({ id: 11, account: B, side: 'SELL', qty: 1 }));
    const triggered = outcome.events.filter((e) => e.type === 'AlgoOrderTriggered').map((e) => e.algoId);
    expect(triggered).toEqual([52, 50, 51, 53]);
  });

  it('a take-profit and a stop reached by one move: the rise first, lowest trigger first', () => {
    const scenario = given(
      ...contractMarket(),
      algo({ id: 50, account: D, side: 'BUY', type: 'STOP_MARKET', trigger: 104 }),
      // Its order rests (at 108): the price stays where it is for the stop.
      algo({ id: 51, account: A, side: 'SELL', type: 'TAKE_PROFIT', trigger: 103, price: 108 }),
    );
    const outcome = scenario.when(market({ id: 11, account: B, side: 'BUY', qty: 1 }));
    const triggered = outcome.events.filter((e) => e.type === 'AlgoOrderTriggered').map((e) => e.algoId);
    expect(triggered).toEqual([51, 50]);
  });
});

describe('trailing stops', () => {
  it('activate at the activation price, track the best price, and trigger on the callback', () => {
    // SELL, activation 104, callback 5 %: after the rise to 110 it triggers at or below 104.5.
    const scenario = given(
      ...contractMarket(),
      algo({ id: 50, account: D, side: 'SELL', type: 'TRAILING_STOP_MARKET', activation: 104, callback: 50 }),
    );
    scenario
      .when(market({ id: 11, account: A, side: 'BUY', qty: 2 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 105 }, { type: 'Trade', price: 110 }]);
    // 105 is above 104.5: nothing; 104 is below: triggers.
    scenario.when(limit({ id: 12, account: B, side: 'BUY', price: 105, qty: 1 }));
    scenario
      .when(market({ id: 13, account: A, side: 'SELL', qty: 1 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 105 }]);
    scenario.when(limit({ id: 14, account: B, side: 'BUY', price: 104, qty: 3 }));
    scenario
      .when(market({ id: 15, account: A, side: 'SELL', qty: 1 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 104 },
        { type: 'AlgoOrderTriggered', algoId: 50, workingPrice: 104e8 },
        { type: 'OrderAccepted', order: { orderId: 1050, type: 'MARKET', side: 'SELL' } },
        { type: 'Trade', price: 104 },
      ]);
  });

  it('without an activation price, tracks from the price at placement (a BUY: the lowest since)', () => {
    const scenario = given(
      ...contractMarket(),
      algo({ id: 50, account: D, side: 'BUY', type: 'TRAILING_STOP_MARKET', callback: 100 }),
    );
    // 10 % above 100 is 110: a trade at 105 does not trigger it.
    scenario
      .when(market({ id: 11, account: A, side: 'BUY', qty: 1 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 105 }]);
    const outcome = scenario.when(market({ id: 12, account: A, side: 'BUY', qty: 1 }));
    expect(outcome.events.slice(0, 3)).toMatchObject([
      { type: 'OrderAccepted' },
      { type: 'Trade', price: 110 },
      { type: 'AlgoOrderTriggered', algoId: 50, workingPrice: 110e8 },
    ]);
  });
});

describe.each([
  // SELL: activation 104, 5 %: the mark rises to 110, so it triggers at 104.5 (110 × 0.95), not at 104.6.
  { side: 'SELL' as Side, activation: 104, marks: ['103', '97', '110', '104.6'], trigger: '104.5' },
  // BUY: activation 96, 5 %: the mark falls to 90, so it triggers at 94.5 (90 × 1.05), not at 94.4.
  { side: 'BUY' as Side, activation: 96, marks: ['97', '103', '90', '94.4'], trigger: '94.5' },
])('a $side trailing stop on MARK_PRICE', ({ side, activation, marks, trigger }) => {
  it('activates when the mark reaches its activation price, tracks the best mark, and triggers on the callback', () => {
    // One-sided book: the mark is the index. Before activation, a move back by the rate triggers nothing.
    const liquidity = limit({
      id: 6,
      account: C,
      side: side === 'SELL' ? 'BUY' : 'SELL',
      price: 100,
      qty: 5,
    });
    const scenario = given(
      liquidity,
      indexPrice('100', T0),
      at(
        T0 + 1,
        algo({
          id: 50,
          account: D,
          side,
          type: 'TRAILING_STOP_MARKET',
          activation,
          callback: 50,
          working: 'MARK_PRICE',
        }),
      ),
    );
    marks.forEach((mark, i) => {
      scenario.when(indexPrice(mark, T0 + (i + 1) * SECOND)).thenEvents([{ type: 'MarkPriceUpdated' }]);
    });
    const outcome = scenario.when(indexPrice(trigger, T0 + 10 * SECOND));
    expect(outcome.events).toMatchObject([
      { type: 'MarkPriceUpdated' },
      {
        type: 'AlgoOrderTriggered',
        algoId: 50,
        workingType: 'MARK_PRICE',
        workingPrice: Number(trigger) * 1e8,
      },
      { type: 'OrderAccepted', order: { orderId: 1050, type: 'MARKET', side } },
      { type: 'Trade', price: 100 },
    ]);
  });
});

describe('closePosition, reduce-only, priceProtect, GTD, halts', () => {
  it('closePosition closes the position as it is at trigger time, not at placement', () => {
    const scenario = given(
      ...contractMarket(),
      // D is long 1, then long 3 before the trigger.
      limit({ id: 19, account: A, side: 'SELL', price: 100, qty: 3 }),
      limit({ id: 20, account: D, side: 'BUY', price: 100, qty: 1 }),
      algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 96, closePosition: true }),
      limit({ id: 21, account: D, side: 'BUY', price: 100, qty: 2 }),
    );
    expect(scenario.engine.position(D).size).toBe(3);
    scenario
      .when(market({ id: 22, account: B, side: 'SELL', qty: 1 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 95 },
        { type: 'AlgoOrderTriggered', algoId: 50, quantity: 3 },
        { type: 'OrderAccepted', order: { quantity: 3, reduceOnly: true } },
        { type: 'Trade', price: 90, quantity: 3 },
      ]);
    expect(scenario.engine.position(D).size).toBe(0);
  });

  it('closePosition with no position left: the triggered order is rejected, saying why', () => {
    given(
      ...contractMarket(),
      algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 96, closePosition: true }),
    )
      .when(market({ id: 22, account: B, side: 'SELL', qty: 1 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade' },
        { type: 'AlgoOrderTriggered', algoId: 50, quantity: 0 },
        { type: 'OrderRejected', code: -2022, reason: 'ReduceOnly Order is rejected.' },
      ]);
  });

  it('priceProtect: waits while mark and last price differ by more than triggerProtect (5 %)', () => {
    // Last 100; bids only below, so the mark is the index. Mark 90 is 10 % from the last price: it waits.
    const scenario = given(
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 1 }),
      limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 1 }),
      limit({ id: 4, account: C, side: 'BUY', price: 90, qty: 5 }),
      indexPrice('100', T0),
      at(
        T0 + 1,
        algo({
          id: 50,
          account: D,
          side: 'SELL',
          type: 'STOP_MARKET',
          trigger: 96,
          working: 'MARK_PRICE',
          priceProtect: true,
        }),
      ),
      at(
        T0 + 2,
        algo({ id: 51, account: A, side: 'SELL', type: 'STOP_MARKET', trigger: 96, working: 'MARK_PRICE' }),
      ),
    );
    scenario
      .when(indexPrice('90', T0 + SECOND))
      .thenEvents([
        { type: 'MarkPriceUpdated' },
        { type: 'AlgoOrderTriggered', algoId: 51 },
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 90 },
      ]);
    // The last trade is now 90: mark and last agree, and the protected stop triggers on the next price.
    scenario
      .when(indexPrice('90', T0 + 2 * SECOND))
      .thenEvents([
        { type: 'MarkPriceUpdated' },
        { type: 'AlgoOrderTriggered', algoId: 50 },
        { type: 'OrderAccepted' },
        { type: 'Trade' },
      ]);
  });

  it('GTD: expires at its goodTillDate, before the command that comes at or after it', () => {
    const scenario = given(
      at(
        T0,
        algo({
          id: 50,
          account: D,
          side: 'SELL',
          type: 'STOP_MARKET',
          trigger: 90,
          tif: 'GTD',
          goodTillDate: T0 + 60_000,
        }),
      ),
    );
    scenario.when(at(T0 + 59_999, indexPrice('100', T0 + 59_999))).thenEvents([{ type: 'MarkPriceUpdated' }]);
    scenario
      .when(indexPrice('100', T0 + 60_000))
      .thenEvents([
        { type: 'AlgoOrderExpired', algoId: 50, accountId: D, reason: 'GTD' },
        { type: 'MarkPriceUpdated' },
      ]);
    given()
      .when(
        at(
          T0,
          algo({
            id: 51,
            account: D,
            side: 'SELL',
            type: 'STOP_MARKET',
            trigger: 90,
            tif: 'GTD',
            goodTillDate: T0,
          }),
        ),
      )
      .thenEvents([
        {
          type: 'CommandRejected',
          code: -1130,
          reason: "Data sent for parameter 'goodTillDate' is not valid.",
        },
      ]);
  });

  it('triggering into a halted symbol: the order it becomes is rejected (-1122), saying why', () => {
    const scenario = given(
      limit({ id: 4, account: C, side: 'BUY', price: 90, qty: 5 }),
      indexPrice('100', T0),
      at(
        T0 + 1,
        algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 96, working: 'MARK_PRICE' }),
      ),
      at(T0 + 2, updateSymbol({ ...TESTUSDT, status: 'HALT' })),
    );
    scenario
      .when(indexPrice('95', T0 + SECOND))
      .thenEvents([
        { type: 'MarkPriceUpdated' },
        { type: 'AlgoOrderTriggered', algoId: 50 },
        { type: 'OrderRejected', code: -1122, reason: 'Invalid symbol status.' },
      ]);
  });
});

describe('countdownCancelAll', () => {
  it('cancels the account’s orders and conditional orders when not renewed in time, before the next command', () => {
    const scenario = given(
      at(T0, limit({ id: 1, account: D, side: 'BUY', price: 90, qty: 1 })),
      at(T0, algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 80 })),
      at(T0, limit({ id: 2, account: A, side: 'BUY', price: 91, qty: 1 })),
    );
    scenario
      .when(at(T0 + 1_000, cancelCountdown(D, 10_000)))
      .thenEvents([{ type: 'CancelCountdownSet', accountId: D, deadline: T0 + 11_000, fired: false }]);
    // Renewed at +9 s: the deadline moves to +19 s.
    scenario.when(at(T0 + 9_000, cancelCountdown(D, 10_000))).thenEvents([{ deadline: T0 + 19_000 }]);
    scenario.when(at(T0 + 18_999, indexPrice('100', T0 + 18_999))).thenEvents([{ type: 'MarkPriceUpdated' }]);
    scenario
      .when(indexPrice('100', T0 + 19_000))
      .thenEvents([
        { type: 'CancelCountdownSet', accountId: D, deadline: 0, fired: true },
        { type: 'OrderCanceled', orderId: 1, reason: 'CANCEL_ALL' },
        { type: 'AlgoOrderCanceled', algoId: 50, reason: 'CANCEL_ALL' },
        { type: 'AllOrdersCanceled', accountId: D, count: 2 },
        { type: 'MarkPriceUpdated' },
      ]);
    expect(scenario.engine.openOrders(A).map((o) => o.orderId)).toEqual([2]);
    // 0 turns it off.
    scenario.when(cancelCountdown(A, 5_000));
    scenario
      .when(cancelCountdown(A, 0))
      .thenEvents([{ type: 'CancelCountdownSet', deadline: 0, fired: false }]);
    scenario.when(indexPrice('100', T0 + 60_000)).thenEvents([{ type: 'MarkPriceUpdated' }]);
  });
});

describe('snapshots and replay', () => {
  it('a restored engine and a replayed one decide the next commands exactly as the original', () => {
    const commands = [
      ...contractMarket(),
      algo({ id: 50, account: D, side: 'SELL', type: 'STOP_MARKET', trigger: 96 }),
      algo({ id: 51, account: A, side: 'SELL', type: 'TRAILING_STOP_MARKET', callback: 20 }),
      algo({
        id: 52,
        account: B,
        side: 'BUY',
        type: 'TAKE_PROFIT',
        trigger: 94,
        price: 94,
        tif: 'GTD',
        goodTillDate: T0,
      }),
      market({ id: 11, account: A, side: 'BUY', qty: 1 }),
      cancelCountdown(C, 60_000),
    ];
    const original = MatchingEngine.create('TESTUSDT');
    const log = [
      original.execute({ type: 'ListSymbol', commandId: 'l', time: 1_700_000_000_000, spec: TESTUSDT }),
    ];
    for (const c of commands) log.push(original.execute(c));
    const restored = MatchingEngine.restore(original.encodedSnapshot());
    const replayed = MatchingEngine.create('TESTUSDT');
    for (const events of log) for (const e of events) replayed.apply(e);
    expect(restored.stateHash()).toBe(original.stateHash());
    expect(replayed.stateHash()).toBe(original.stateHash());
    const next = [
      market({ id: 12, account: B, side: 'SELL', qty: 2 }),
      market({ id: 13, account: B, side: 'SELL', qty: 3 }),
    ];
    for (const c of next) {
      const expected = original.execute(c);
      expect(restored.execute(c)).toEqual(expected);
      expect(replayed.execute(c)).toEqual(expected);
    }
    expect(original.snapshot().format).toBe(3);
  });
});
