import { A, B, C, given, limit } from '../support/scenario';

describe('LIMIT GTC', () => {
  it('rests on an empty book at the back of its level', () => {
    given()
      .when(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 }))
      .thenEvents([
        { type: 'OrderAccepted', order: { orderId: 1, side: 'BUY', price: 100, quantity: 5 } },
        { type: 'OrderRested', orderId: 1, side: 'BUY', price: 100, quantity: 5, levelQuantity: 5 },
      ]);
  });

  it('joins an existing level, which now holds both quantities', () => {
    given(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 5 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 3 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderRested', orderId: 2, levelQuantity: 8 }]);
  });

  it('trades at the maker price when it crosses, and rests the rest', () => {
    const outcome = given(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 105, qty: 5 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        {
          type: 'Trade',
          tradeId: 1,
          price: 101,
          quantity: 2,
          takerSide: 'BUY',
          maker: { orderId: 1, accountId: A, remaining: 0 },
          taker: { orderId: 2, accountId: B, remaining: 3 },
          makerLevelQuantity: 0,
        },
        { type: 'OrderRested', orderId: 2, price: 105, quantity: 3, levelQuantity: 3 },
      ]);
    expect(outcome.engine.depth('SELL')).toEqual([]);
    expect(outcome.engine.depth('BUY')).toEqual([[105, 3]]);
  });

  it('takes better prices first, then the oldest order within a price (price-time priority)', () => {
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 102, qty: 1 }),
      limit({ id: 2, account: A, side: 'SELL', price: 101, qty: 1 }),
      limit({ id: 3, account: C, side: 'SELL', price: 101, qty: 1 }),
    )
      .when(limit({ id: 4, account: B, side: 'BUY', price: 102, qty: 3 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 101, maker: { orderId: 2 }, makerLevelQuantity: 1 },
        { type: 'Trade', price: 101, maker: { orderId: 3 }, makerLevelQuantity: 0 },
        { type: 'Trade', price: 102, maker: { orderId: 1 }, makerLevelQuantity: 0 },
      ]);
  });

  it('leaves a partly filled maker at the head of its queue', () => {
    const outcome = given(
      limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 5 }),
      limit({ id: 2, account: C, side: 'SELL', price: 101, qty: 5 }),
    )
      .when(limit({ id: 3, account: B, side: 'BUY', price: 101, qty: 2 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', maker: { orderId: 1, remaining: 3 }, makerLevelQuantity: 8 },
      ]);
    expect(outcome.engine.queueAt('SELL', 101).map((o) => [o.orderId, o.remaining, o.filled])).toEqual([
      [1, 3, 2],
      [2, 5, 0],
    ]);
  });

  it('numbers trades consecutively per symbol', () => {
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 1 }),
      limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 1 }),
      limit({ id: 3, account: A, side: 'SELL', price: 101, qty: 2 }),
    )
      .when(limit({ id: 4, account: B, side: 'BUY', price: 101, qty: 2 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', tradeId: 2 }]);
  });
});

describe('LIMIT IOC', () => {
  it('fills what it can and expires the rest', () => {
    given(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 5, tif: 'IOC' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', quantity: 2 },
        { type: 'OrderExpired', orderId: 2, quantity: 3, levelQuantity: null, reason: 'IOC' },
      ]);
  });

  it('expires entirely when nothing crosses', () => {
    given(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5, tif: 'IOC' }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderExpired', quantity: 5, reason: 'IOC' }]);
  });
});

describe('LIMIT FOK', () => {
  it('fills completely when the book holds enough within its price', () => {
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }),
      limit({ id: 2, account: A, side: 'SELL', price: 102, qty: 3 }),
    )
      .when(limit({ id: 3, account: B, side: 'BUY', price: 102, qty: 5, tif: 'FOK' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', quantity: 2 },
        { type: 'Trade', quantity: 3 },
      ]);
  });

  it('is rejected (-5021) and changes nothing when it could not fill completely', () => {
    const outcome = given(
      limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }),
      limit({ id: 2, account: A, side: 'SELL', price: 103, qty: 3 }),
    )
      .when(limit({ id: 3, account: B, side: 'BUY', price: 102, qty: 5, tif: 'FOK' }))
      .thenEvents([{ type: 'OrderRejected', code: -5021, order: { orderId: 3 } }]);
    expect(outcome.engine.depth('SELL')).toEqual([
      [101, 2],
      [103, 3],
    ]);
  });

  it('counts only what it would really get: self-trades are allowed for FOK, as on Binance', () => {
    given(limit({ id: 1, account: B, side: 'SELL', price: 101, qty: 5 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 5, tif: 'FOK', stp: 'EXPIRE_MAKER' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', maker: { accountId: B }, taker: { accountId: B } },
      ]);
  });
});

describe('LIMIT GTX (post-only)', () => {
  it('rests when it would not take', () => {
    given(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5, tif: 'GTX' }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderRested', orderId: 2 }]);
  });

  it('is rejected (-5022) when it would take', () => {
    given(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 5, tif: 'GTX' }))
      .thenEvents([{ type: 'OrderRejected', code: -5022 }]);
  });
});
