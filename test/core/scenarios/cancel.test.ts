import { A, B, cancel, cancelAll, given, limit, updateSymbol } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

describe('cancel', () => {
  const book = () => [
    limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 2 }),
    limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 3 }),
    limit({ id: 3, account: A, side: 'SELL', price: 105, qty: 1, clientOrderId: 'my-ask' }),
  ];

  it('takes an order off by order id, reporting what is left at its level', () => {
    given(...book())
      .when(cancel(A, { orderId: 1 }))
      .thenEvents([{ type: 'OrderCanceled', orderId: 1, quantity: 2, levelQuantity: 3, reason: 'USER' }]);
  });

  it('finds the order by client order id', () => {
    given(...book())
      .when(cancel(A, { clientOrderId: 'my-ask' }))
      .thenEvents([{ type: 'OrderCanceled', orderId: 3, levelQuantity: 0 }]);
  });

  it('answers -2011 for an order that is not open', () => {
    given(...book())
      .when(cancel(A, { orderId: 99 }))
      .thenEvents([
        { type: 'CommandRejected', command: 'CancelOrder', code: -2011, reason: 'Unknown order sent.' },
      ]);
  });

  it("answers -2011 for another account's order and leaves it alone", () => {
    const outcome = given(...book())
      .when(cancel(B, { orderId: 1 }))
      .thenEvents([{ type: 'CommandRejected', code: -2011 }]);
    expect(outcome.engine.openOrder(1)).toBeDefined();
  });

  it('still works while the symbol is halted', () => {
    given(...book(), updateSymbol({ ...TESTUSDT, status: 'HALT' }))
      .when(cancel(A, { orderId: 1 }))
      .thenEvents([{ type: 'OrderCanceled', orderId: 1 }]);
  });
});

describe('cancel all', () => {
  it("cancels every open order of the account, oldest id first, and only that account's", () => {
    const outcome = given(
      limit({ id: 7, account: A, side: 'SELL', price: 105, qty: 1 }),
      limit({ id: 2, account: A, side: 'BUY', price: 100, qty: 2 }),
      limit({ id: 3, account: B, side: 'BUY', price: 100, qty: 3 }),
    )
      .when(cancelAll(A))
      .thenEvents([
        { type: 'OrderCanceled', orderId: 2, reason: 'CANCEL_ALL', levelQuantity: 3 },
        { type: 'OrderCanceled', orderId: 7, reason: 'CANCEL_ALL', levelQuantity: 0 },
        { type: 'AllOrdersCanceled', accountId: A, count: 2 },
      ]);
    expect(outcome.engine.openOrders(B)).toHaveLength(1);
  });

  it('records that it is done even when there was nothing to cancel', () => {
    given()
      .when(cancelAll(A))
      .thenEvents([{ type: 'AllOrdersCanceled', count: 0 }]);
  });
});
