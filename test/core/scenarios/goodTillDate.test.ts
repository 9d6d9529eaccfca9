import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { A, algo, amend, at, B, C, cancel, given, indexPrice, limit, market } from '../support/scenario';

/**
 * GTD on new orders (Binance's timeInForce GTD with goodTillDate): the order rests like GTC until its
 * goodTillDate, then expires (OrderExpired, reason GTD) at the start of the first command at or after that time,
 * whatever the command. Time is the command's time in the log, so a replay expires the same orders at the same event.
 */
const T0 = 1_700_006_400_000;
const MINUTE = 60_000;

describe('GTD orders', () => {
  it('rest like GTC, then expire before the first command at or after their goodTillDate', () => {
    const scenario = given(
      at(
        T0,
        limit({ id: 1, account: A, side: 'BUY', price: 99, qty: 2, tif: 'GTD', goodTillDate: T0 + MINUTE }),
      ),
    );
    scenario
      .when(at(T0 + MINUTE - 1, limit({ id: 2, account: B, side: 'SELL', price: 99, qty: 1 })))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 99, quantity: 1 }]);
    scenario.when(at(T0 + MINUTE, indexPrice('100', T0 + MINUTE))).thenEvents([
      {
        type: 'OrderExpired',
        orderId: 1,
        accountId: A,
        side: 'BUY',
        price: 99,
        quantity: 1,
        levelQuantity: 0,
        reason: 'GTD',
      },
      { type: 'MarkPriceUpdated' },
    ]);
    expect(scenario.engine.openOrders(A)).toEqual([]);
  });

  it('expire earliest goodTillDate first, then lowest order id; a filled or canceled one is simply gone', () => {
    const scenario = given(
      at(
        T0,
        limit({
          id: 5,
          account: A,
          side: 'BUY',
          price: 95,
          qty: 1,
          tif: 'GTD',
          goodTillDate: T0 + 2 * MINUTE,
        }),
      ),
      at(
        T0,
        limit({
          id: 3,
          account: A,
          side: 'BUY',
          price: 96,
          qty: 1,
          tif: 'GTD',
          goodTillDate: T0 + 2 * MINUTE,
        }),
      ),
      at(
        T0,
        limit({ id: 7, account: B, side: 'SELL', price: 120, qty: 1, tif: 'GTD', goodTillDate: T0 + MINUTE }),
      ),
      at(
        T0,
        limit({ id: 8, account: B, side: 'SELL', price: 121, qty: 1, tif: 'GTD', goodTillDate: T0 + MINUTE }),
      ),
      at(
        T0,
        limit({ id: 9, account: B, side: 'SELL', price: 122, qty: 1, tif: 'GTD', goodTillDate: T0 + MINUTE }),
      ),
      at(T0 + 1, market({ id: 10, account: C, side: 'BUY', qty: 1 })),
      at(T0 + 2, cancel(B, { orderId: 8 })),
    );
    scenario
      .when(at(T0 + 3 * MINUTE, limit({ id: 11, account: C, side: 'BUY', price: 90, qty: 1 })))
      .thenEvents([
        { type: 'OrderExpired', orderId: 9, reason: 'GTD' },
        { type: 'OrderExpired', orderId: 3, reason: 'GTD' },
        { type: 'OrderExpired', orderId: 5, reason: 'GTD' },
        { type: 'OrderAccepted', order: { orderId: 11 } },
        { type: 'OrderRested', orderId: 11 },
      ]);
  });

  it('keep their goodTillDate through an amendment, even one that crosses and rests again', () => {
    const scenario = given(
      at(
        T0,
        limit({ id: 1, account: A, side: 'BUY', price: 95, qty: 3, tif: 'GTD', goodTillDate: T0 + MINUTE }),
      ),
      at(T0, limit({ id: 2, account: B, side: 'SELL', price: 100, qty: 1 })),
      at(T0 + 1, amend(A, { orderId: 1 }, { side: 'BUY', price: 100, qty: 3 })),
    );
    expect(scenario.engine.openOrders(A)).toMatchObject([{ orderId: 1, remaining: 2, price: 100 }]);
    scenario
      .when(at(T0 + MINUTE, cancel(C, { orderId: 99 })))
      .thenEvents([
        { type: 'OrderExpired', orderId: 1, quantity: 2, reason: 'GTD' },
        { type: 'CommandRejected' },
      ]);
  });

  it('a goodTillDate not after the command, or one on another time in force, is refused; MARKET cannot be GTD', () => {
    given()
      .when(
        at(T0, limit({ id: 1, account: A, side: 'BUY', price: 95, qty: 1, tif: 'GTD', goodTillDate: T0 })),
      )
      .thenEvents([{ type: 'OrderRejected', code: -5040 }]);
    given()
      .when(at(T0, limit({ id: 1, account: A, side: 'BUY', price: 95, qty: 1, tif: 'GTD' })))
      .thenEvents([{ type: 'OrderRejected', code: -5040 }]);
    given()
      .when(at(T0, limit({ id: 1, account: A, side: 'BUY', price: 95, qty: 1, goodTillDate: T0 + MINUTE })))
      .thenEvents([{ type: 'OrderRejected', code: -1106 }]);
    const gtdMarket = market({ id: 2, account: A, side: 'BUY', qty: 1 });
    given()
      .when({ ...gtdMarket, order: { ...gtdMarket.order, timeInForce: 'GTD', goodTillDate: T0 + MINUTE } })
      .thenEvents([{ type: 'OrderRejected', code: -1115 }]);
  });

  it('an IOC-like outcome is unchanged: a GTD order that fills at once leaves nothing to expire', () => {
    const scenario = given(at(T0, limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 1 })));
    scenario
      .when(
        at(
          T0,
          limit({
            id: 2,
            account: B,
            side: 'BUY',
            price: 100,
            qty: 1,
            tif: 'GTD',
            goodTillDate: T0 + MINUTE,
          }),
        ),
      )
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', quantity: 1 }]);
    scenario.when(at(T0 + MINUTE, cancel(C, { orderId: 99 }))).thenEvents([{ type: 'CommandRejected' }]);
  });

  it('a triggered GTD STOP rests GTD until the conditional order’s goodTillDate', () => {
    const scenario = given(
      at(T0, limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 1 })),
      at(T0, limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 1 })),
      at(
        T0,
        algo({
          id: 50,
          account: C,
          side: 'BUY',
          type: 'STOP',
          trigger: 101,
          price: 101,
          tif: 'GTD',
          goodTillDate: T0 + MINUTE,
        }),
      ),
      at(T0, limit({ id: 3, account: A, side: 'SELL', price: 101, qty: 1 })),
    );
    scenario
      .when(at(T0 + 1, limit({ id: 4, account: B, side: 'BUY', price: 101, qty: 1 })))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 101 },
        { type: 'AlgoOrderTriggered', algoId: 50 },
        { type: 'OrderAccepted', order: { orderId: 1050, timeInForce: 'GTD', goodTillDate: T0 + MINUTE } },
        { type: 'OrderRested', orderId: 1050 },
      ]);
    scenario
      .when(at(T0 + MINUTE, cancel(C, { orderId: 99 })))
      .thenEvents([{ type: 'OrderExpired', orderId: 1050, reason: 'GTD' }, { type: 'CommandRejected' }]);
  });

  it('snapshots keep the resting GTD orders’ dates, and a restored engine expires them the same way', () => {
    const scenario = given(
      at(
        T0,
        limit({ id: 1, account: A, side: 'BUY', price: 95, qty: 1, tif: 'GTD', goodTillDate: T0 + MINUTE }),
      ),
      at(
        T0,
        limit({
          id: 2,
          account: A,
          side: 'BUY',
          price: 94,
          qty: 1,
          tif: 'GTD',
          goodTillDate: T0 + 2 * MINUTE,
        }),
      ),
      at(T0, cancel(A, { orderId: 2 })),
    );
    const snapshot = scenario.engine.snapshot();
    expect(snapshot.goodTillDates).toEqual([[1, T0 + MINUTE]]);
    const restored = MatchingEngine.restore(snapshot);
    expect(restored.stateHash()).toBe(scenario.engine.stateHash());
    const later = at(T0 + MINUTE, cancel(C, { orderId: 99 }));
    expect(restored.execute(later)).toEqual(scenario.engine.execute(later));
  });
});
