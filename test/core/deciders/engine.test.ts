// The engine specified from events: given what a symbol's log holds, when a command comes, then these events.
// Beside the command-started scenarios (test/core/scenarios), these say what the engine does to a state it only
// knows from its log, the way the matcher knows it after a recovery; each also checks that replaying the given
// and the new events rebuilds exactly the state the decision left.

import { canceledByUser, type Fact, givenEvents, listed, resting } from '../support/engineSpec';
import {
  A,
  amend,
  B,
  C,
  cancel,
  cancelAll,
  limit,
  listSymbol,
  market,
  updateSymbol,
} from '../support/scenario';
import { TESTUSDT } from '../support/specs';

const SYMBOL = TESTUSDT.symbol;
/** Given TESTUSDT listed and then these facts. */
const given = (...facts: (Fact | Fact[])[]) => givenEvents(SYMBOL, listed(TESTUSDT), ...facts);

describe('matching, from a book the log describes', () => {
  test('a crossing order trades with the resting one at its price and rests the rest', () => {
    given(resting(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 })))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 105, qty: 5 }))
      .thenEvents([
        { type: 'OrderAccepted', order: { orderId: 2 } },
        {
          type: 'Trade',
          tradeId: 1,
          price: 101,
          quantity: 2,
          maker: { orderId: 1, accountId: A, remaining: 0 },
          taker: { orderId: 2, accountId: B, remaining: 3 },
          makerLevelQuantity: 0,
        },
        { type: 'OrderRested', orderId: 2, price: 105, quantity: 3, levelQuantity: 3 },
      ]);
  });

  test('price-time priority holds for orders known only from their events', () => {
    given(
      resting(limit({ id: 1, account: A, side: 'SELL', price: 102, qty: 1 })),
      resting(limit({ id: 2, account: A, side: 'SELL', price: 101, qty: 1 })),
      resting(limit({ id: 3, account: C, side: 'SELL', price: 101, qty: 1 }), 2),
    )
      .when(limit({ id: 4, account: B, side: 'BUY', price: 102, qty: 3 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 101, maker: { orderId: 2 }, makerLevelQuantity: 1 },
        { type: 'Trade', price: 101, maker: { orderId: 3 }, makerLevelQuantity: 0 },
        { type: 'Trade', price: 102, maker: { orderId: 1 }, makerLevelQuantity: 0 },
      ]);
  });

  test('a canceled order is no longer there to trade with', () => {
    const gone = limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 });
    given(resting(gone), canceledByUser(gone))
      .when(market({ id: 2, account: B, side: 'BUY', qty: 1 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired', orderId: 2, reason: 'MARKET', levelQuantity: null },
      ]);
  });

  test('self-trade prevention: EXPIRE_MAKER takes the own resting order off and goes on', () => {
    given(
      resting(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 1 })),
      resting(limit({ id: 2, account: B, side: 'SELL', price: 102, qty: 1 })),
    )
      .when(limit({ id: 3, account: A, side: 'BUY', price: 102, qty: 1, stp: 'EXPIRE_MAKER' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired', orderId: 1, reason: 'SELF_TRADE_PREVENTION', levelQuantity: 0 },
        { type: 'Trade', price: 102, maker: { orderId: 2 }, taker: { orderId: 3, remaining: 0 } },
      ]);
  });
});

describe('cancels and amendments, from the log', () => {
  test('cancel by client order id of an order the log shows resting', () => {
    given(resting(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 2, clientOrderId: 'mine' })))
      .when(cancel(A, { clientOrderId: 'mine' }))
      .thenEvents([{ type: 'OrderCanceled', orderId: 1, quantity: 2, levelQuantity: 0, reason: 'USER' }]);
  });

  test('a cancel of an order the log shows canceled is -2011', () => {
    const order = limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 2 });
    given(resting(order), canceledByUser(order))
      .when(cancel(A, { orderId: 1 }))
      .thenEvents([{ type: 'CommandRejected', command: 'CancelOrder', code: -2011, orderId: 1 }]);
  });

  test("cancel all takes the account's orders off, oldest id first, and no one else's", () => {
    const outcome = given(
      resting(limit({ id: 7, account: A, side: 'SELL', price: 105, qty: 1 })),
      resting(limit({ id: 2, account: A, side: 'BUY', price: 100, qty: 2 })),
      resting(limit({ id: 3, account: B, side: 'BUY', price: 100, qty: 3 }), 5),
    )
      .when(cancelAll(A))
      .thenEvents([
        { type: 'OrderCanceled', orderId: 2, reason: 'CANCEL_ALL', levelQuantity: 3 },
        { type: 'OrderCanceled', orderId: 7, reason: 'CANCEL_ALL', levelQuantity: 0 },
        { type: 'AllOrdersCanceled', accountId: A, count: 2 },
      ]);
    expect(outcome.state.openOrders(B)).toHaveLength(1);
  });

  test('an amendment that only lowers the quantity keeps priority', () => {
    given(
      resting(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 })),
      resting(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 4 }), 9),
    )
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 100, qty: 3 }))
      .thenEvents([
        { type: 'OrderAmended', orderId: 1, priority: 'KEPT', quantity: 3, remaining: 3, levelQuantity: 7 },
      ]);
  });
});

describe('the symbol, from its log', () => {
  test('a halted symbol refuses new orders (-1122) but cancels work', () => {
    const order = limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 2 });
    given(resting(order), { type: 'SymbolUpdated', spec: { ...TESTUSDT, status: 'HALT' } })
      .when(limit({ id: 2, account: B, side: 'SELL', price: 100, qty: 1 }))
      .thenEvents([{ type: 'OrderRejected', code: -1122 }]);
    given(resting(order), { type: 'SymbolUpdated', spec: { ...TESTUSDT, status: 'HALT' } })
      .when(cancel(A, { orderId: 1 }))
      .thenEvents([{ type: 'OrderCanceled', orderId: 1 }]);
  });

  test('a second listing is refused; an update may not change the tick size', () => {
    given()
      .when(listSymbol(TESTUSDT))
      .thenEvents([{ type: 'CommandRejected', command: 'ListSymbol' }]);
    given()
      .when(updateSymbol({ ...TESTUSDT, tickSize: '2' }))
      .thenEvents([{ type: 'CommandRejected', command: 'UpdateSymbol' }]);
  });
});
