import { MAX_AMENDMENTS_PER_ORDER } from '../../../core/engine/amendOrder';
import { A, amend, B, given, limit, updateSymbol } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

const queue = (
  outcome: { engine: { queueAt: (s: 'BUY' | 'SELL', p: number) => { orderId: number }[] } },
  price: number,
) => outcome.engine.queueAt('BUY', price).map((o) => o.orderId);

describe('amend (modify order)', () => {
  const twoBids = () => [
    limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 }),
    limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5 }),
  ];

  it('keeps time priority when only the quantity goes down', () => {
    const outcome = given(...twoBids())
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 100, qty: 3 }))
      .thenEvents([
        {
          type: 'OrderAmended',
          orderId: 1,
          oldPrice: 100,
          oldQuantity: 5,
          price: 100,
          quantity: 3,
          remaining: 3,
          priority: 'KEPT',
          oldLevelQuantity: 8,
          levelQuantity: 8,
        },
      ]);
    expect(queue(outcome, 100)).toEqual([1, 2]);
  });

  it('loses time priority when the quantity goes up', () => {
    const outcome = given(...twoBids())
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 100, qty: 6 }))
      .thenEvents([{ type: 'OrderAmended', priority: 'LOST', oldLevelQuantity: 5, levelQuantity: 11 }]);
    expect(queue(outcome, 100)).toEqual([2, 1]);
  });

  it('moves to the back of its new level when the price changes', () => {
    const outcome = given(...twoBids(), limit({ id: 3, account: B, side: 'BUY', price: 99, qty: 1 }))
      .when(amend(A, { clientOrderId: 'client-1' }, { side: 'BUY', price: 99, qty: 5 }))
      .thenEvents([
        {
          type: 'OrderAmended',
          priority: 'LOST',
          oldPrice: 100,
          oldLevelQuantity: 5,
          price: 99,
          levelQuantity: 6,
        },
      ]);
    expect(outcome.engine.depth('BUY')).toEqual([
      [100, 5],
      [99, 6],
    ]);
    expect(queue(outcome, 99)).toEqual([3, 1]);
  });

  it('cancels the order when the new quantity is not more than what already filled', () => {
    given(
      limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 }),
      limit({ id: 2, account: B, side: 'SELL', price: 100, qty: 2 }),
    )
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 100, qty: 2 }))
      .thenEvents([{ type: 'OrderCanceled', orderId: 1, quantity: 3, reason: 'AMEND', levelQuantity: 0 }]);
  });

  it('counts the filled part in the new total quantity', () => {
    given(
      limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 }),
      limit({ id: 2, account: B, side: 'SELL', price: 100, qty: 2 }),
    )
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 100, qty: 4 }))
      .thenEvents([
        {
          type: 'OrderAmended',
          oldQuantity: 5,
          quantity: 4,
          remaining: 2,
          priority: 'KEPT',
          levelQuantity: 2,
        },
      ]);
  });

  it('cancels a post-only order re-priced through the book', () => {
    given(
      limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5, tif: 'GTX' }),
      limit({ id: 2, account: B, side: 'SELL', price: 102, qty: 2 }),
    )
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 102, qty: 5 }))
      .thenEvents([{ type: 'OrderCanceled', orderId: 1, reason: 'AMEND' }]);
  });

  it('trades an order re-priced through the book as a taker, then rests the rest', () => {
    given(
      limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 }),
      limit({ id: 2, account: B, side: 'SELL', price: 102, qty: 2 }),
    )
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 103, qty: 5 }))
      .thenEvents([
        { type: 'OrderAmended', priority: 'LOST', oldLevelQuantity: 0, levelQuantity: null },
        { type: 'Trade', price: 102, quantity: 2, taker: { orderId: 1, remaining: 3 } },
        { type: 'OrderRested', orderId: 1, price: 103, quantity: 3, levelQuantity: 3 },
      ]);
  });

  it('turns self-trade prevention off, as Binance does for modified orders', () => {
    given(
      limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 2, stp: 'EXPIRE_BOTH' }),
      limit({ id: 2, account: A, side: 'SELL', price: 102, qty: 2 }),
    )
      .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 102, qty: 2 }))
      .thenEvents([
        { type: 'OrderAmended' },
        { type: 'Trade', maker: { accountId: A }, taker: { accountId: A } },
      ]);
  });

  describe('is rejected, leaving the order as it was,', () => {
    const rejected = (
      code: number,
      change: { side: 'BUY' | 'SELL'; price: number; qty: number },
      account = A,
    ) => {
      const outcome = given(...twoBids())
        .when(amend(account, { orderId: 1 }, change))
        .thenEvents([{ type: 'CommandRejected', command: 'AmendOrder', code }]);
      expect(outcome.engine.openOrder(1)).toMatchObject({ price: 100, remaining: 5 });
    };

    it('when nothing changes (-5027)', () => rejected(-5027, { side: 'BUY', price: 100, qty: 5 }));
    it('when the order is not open, or not the account’s (-2013)', () =>
      rejected(-2013, { side: 'BUY', price: 100, qty: 4 }, B + 10));
    it('when the side differs (-1130)', () => rejected(-1130, { side: 'SELL', price: 100, qty: 4 }));
    it('when the price breaks PRICE_FILTER (-4002)', () =>
      rejected(-4002, { side: 'BUY', price: 2_000_000, qty: 5 }));
    it('when the quantity breaks LOT_SIZE (-4005)', () =>
      rejected(-4005, { side: 'BUY', price: 100, qty: 1001 }));
    it('when the notional is below the minimum (-5029)', () =>
      rejected(-5029, { side: 'BUY', price: 3, qty: 3 }));

    it('when the symbol is halted (-5024)', () => {
      given(...twoBids(), updateSymbol({ ...TESTUSDT, status: 'HALT' }))
        .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 100, qty: 4 }))
        .thenEvents([{ type: 'CommandRejected', code: -5024 }]);
    });

    it(`after ${MAX_AMENDMENTS_PER_ORDER} amendments (-5026)`, () => {
      const scenario = given(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 }));
      for (let i = 0; i < MAX_AMENDMENTS_PER_ORDER; i++) {
        scenario
          .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 101 - (i % 2), qty: 5 }))
          .thenEvents([{ type: 'OrderAmended' }]);
      }
      scenario
        .when(amend(A, { orderId: 1 }, { side: 'BUY', price: 90, qty: 5 }))
        .thenEvents([{ type: 'CommandRejected', code: -5026 }]);
    });
  });
});
