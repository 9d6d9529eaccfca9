import { A, B, C, given, limit, market } from '../support/scenario';

describe('MARKET', () => {
  it('sweeps the opposite side in price-time priority', () => {
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 2 }),
      limit({ id: 2, account: C, side: 'SELL', price: 101, qty: 2 }),
    )
      .when(market({ id: 3, account: B, side: 'BUY', qty: 3 }))
      .thenEvents([
        { type: 'OrderAccepted', order: { type: 'MARKET', quantity: 3 } },
        { type: 'Trade', price: 100, quantity: 2 },
        { type: 'Trade', price: 101, quantity: 1, makerLevelQuantity: 1 },
      ]);
  });

  it('expires what the book cannot fill (expiry MARKET)', () => {
    given(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 2 }))
      .when(market({ id: 2, account: B, side: 'SELL', qty: 5 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', quantity: 2 },
        { type: 'OrderExpired', orderId: 2, quantity: 3, reason: 'MARKET', levelQuantity: null },
      ]);
  });

  it('expires entirely on an empty book', () => {
    given()
      .when(market({ id: 1, account: B, side: 'BUY', qty: 5 }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderExpired', quantity: 5, reason: 'MARKET' }]);
  });

  it('sweeps no further than marketTakeBound from the reference price', () => {
    // The last trade at 100 is the reference; the bound is 10%, so a buy takes up to 110.
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 1 }),
      limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 1 }),
      limit({ id: 3, account: A, side: 'SELL', price: 110, qty: 1 }),
      limit({ id: 4, account: A, side: 'SELL', price: 111, qty: 1 }),
    )
      .when(market({ id: 5, account: B, side: 'BUY', qty: 2 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 110 },
        { type: 'OrderExpired', quantity: 1, reason: 'MARKET' },
      ]);
  });

  it('is rejected (-4131) when the best opposite price is outside the PERCENT_PRICE band', () => {
    // Reference 100 and multiplierUp 1.5: a buy may pay up to 150, and the best ask is 151.
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 1 }),
      limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 1 }),
      limit({ id: 3, account: A, side: 'SELL', price: 151, qty: 1 }),
    )
      .when(market({ id: 4, account: C, side: 'BUY', qty: 1 }))
      .thenEvents([{ type: 'OrderRejected', code: -4131 }]);
  });

  it('is measured against MIN_NOTIONAL at the reference price', () => {
    // minNotional 10: one lot at reference 5 is 5 USDT.
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 5, qty: 2 }),
      limit({ id: 2, account: B, side: 'BUY', price: 5, qty: 2 }),
      limit({ id: 3, account: A, side: 'SELL', price: 5, qty: 5 }),
    )
      .when(market({ id: 4, account: B, side: 'BUY', qty: 1 }))
      .thenEvents([{ type: 'OrderRejected', code: -4164 }]);
  });
});
