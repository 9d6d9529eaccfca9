import { A, B, given, limit, market } from '../support/scenario';

describe('self-trade prevention (the taker decides)', () => {
  const ownAsk = () => limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2, stp: 'NONE' });
  const otherAsk = () => limit({ id: 2, account: B, side: 'SELL', price: 101, qty: 2 });

  it('EXPIRE_MAKER expires the own maker and keeps matching', () => {
    given(ownAsk(), otherAsk())
      .when(limit({ id: 3, account: A, side: 'BUY', price: 101, qty: 2, stp: 'EXPIRE_MAKER' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired', orderId: 1, reason: 'SELF_TRADE_PREVENTION', quantity: 2, levelQuantity: 2 },
        { type: 'Trade', maker: { orderId: 2, accountId: B }, taker: { orderId: 3 } },
      ]);
  });

  it('EXPIRE_MAKER is the default', () => {
    given(ownAsk())
      .when(limit({ id: 3, account: A, side: 'BUY', price: 101, qty: 2 }))
      .thenEvents([
        { type: 'OrderAccepted', order: { selfTradePreventionMode: 'EXPIRE_MAKER' } },
        { type: 'OrderExpired', orderId: 1 },
        { type: 'OrderRested', orderId: 3 },
      ]);
  });

  it('EXPIRE_TAKER expires the taker rest, even a GTC order, and leaves the maker', () => {
    const outcome = given(otherAsk(), limit({ id: 4, account: A, side: 'SELL', price: 102, qty: 2 }))
      .when(limit({ id: 3, account: A, side: 'BUY', price: 102, qty: 3, stp: 'EXPIRE_TAKER' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', quantity: 2, maker: { orderId: 2 } },
        {
          type: 'OrderExpired',
          orderId: 3,
          quantity: 1,
          reason: 'SELF_TRADE_PREVENTION',
          levelQuantity: null,
        },
      ]);
    expect(outcome.engine.depth('SELL')).toEqual([[102, 2]]);
  });

  it('EXPIRE_BOTH expires the maker and the taker rest', () => {
    const outcome = given(ownAsk(), otherAsk())
      .when(limit({ id: 3, account: A, side: 'BUY', price: 101, qty: 2, stp: 'EXPIRE_BOTH' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired', orderId: 1, reason: 'SELF_TRADE_PREVENTION' },
        { type: 'OrderExpired', orderId: 3, reason: 'SELF_TRADE_PREVENTION', quantity: 2 },
      ]);
    expect(outcome.engine.depth('SELL')).toEqual([[101, 2]]);
  });

  it('NONE lets the account trade with itself; its position takes both fills', () => {
    given(ownAsk())
      .when(limit({ id: 3, account: A, side: 'BUY', price: 101, qty: 2, stp: 'NONE' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', maker: { accountId: A }, taker: { accountId: A, position: { size: 0 } } },
      ]);
  });

  it('applies to MARKET takers: a starved market order expires as MARKET', () => {
    given(ownAsk())
      .when(market({ id: 3, account: A, side: 'BUY', qty: 2, stp: 'EXPIRE_MAKER' }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired', orderId: 1, reason: 'SELF_TRADE_PREVENTION' },
        { type: 'OrderExpired', orderId: 3, reason: 'MARKET' },
      ]);
  });

  it('does not apply to GTX takers, which never take anyway', () => {
    given(ownAsk())
      .when(limit({ id: 3, account: A, side: 'BUY', price: 101, qty: 2, tif: 'GTX', stp: 'EXPIRE_BOTH' }))
      .thenEvents([{ type: 'OrderRejected', code: -5022 }]);
  });
});
