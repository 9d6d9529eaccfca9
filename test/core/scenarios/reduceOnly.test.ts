import { A, B, C, given, givenSymbol, limit, market } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

/** Account A buys `qty` from C at 100, so A is long `qty`. */
const longFor = (qty: number, firstId = 90) => [
  limit({ id: firstId, account: C, side: 'SELL', price: 100, qty }),
  limit({ id: firstId + 1, account: A, side: 'BUY', price: 100, qty }),
];

describe('reduce-only orders', () => {
  it('are rejected (-2022) without a position', () => {
    given()
      .when(limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 1, reduceOnly: true }))
      .thenEvents([{ type: 'OrderRejected', code: -2022, reason: 'ReduceOnly Order is rejected.' }]);
  });

  it('are rejected (-2022) when they would increase the position', () => {
    given(...longFor(3))
      .when(limit({ id: 1, account: A, side: 'BUY', price: 99, qty: 1, reduceOnly: true }))
      .thenEvents([{ type: 'OrderRejected', code: -2022 }]);
  });

  it('are cut down to the position, keeping the requested quantity on record', () => {
    given(...longFor(3))
      .when(limit({ id: 1, account: A, side: 'SELL', price: 110, qty: 5, reduceOnly: true }))
      .thenEvents([
        { type: 'OrderAccepted', order: { quantity: 3, reduceOnly: true }, requestedQuantity: 5 },
        { type: 'OrderRested', quantity: 3 },
      ]);
  });

  it('are exempt from MIN_NOTIONAL', () => {
    const minNotional100 = { ...TESTUSDT, minNotional: '100' };
    givenSymbol(minNotional100, ...longFor(3))
      .when(limit({ id: 1, account: A, side: 'SELL', price: 60, qty: 1 }))
      .thenEvents([{ type: 'OrderRejected', code: -4164 }]);
    givenSymbol(minNotional100, ...longFor(3))
      .when(limit({ id: 1, account: A, side: 'SELL', price: 60, qty: 1, reduceOnly: true }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderRested' }]);
  });

  it('are cut to what better-placed reduce-only orders leave, and rejected (-4118) when nothing is left', () => {
    const scenario = given(
      ...longFor(3),
      limit({ id: 1, account: A, side: 'SELL', price: 105, qty: 2, reduceOnly: true }),
    );
    scenario
      .when(limit({ id: 2, account: A, side: 'SELL', price: 106, qty: 5, reduceOnly: true }))
      .thenEvents([
        { type: 'OrderAccepted', order: { quantity: 1 }, requestedQuantity: 5 },
        { type: 'OrderRested' },
      ]);
    scenario
      .when(limit({ id: 3, account: A, side: 'SELL', price: 107, qty: 1, reduceOnly: true }))
      .thenEvents([{ type: 'OrderRejected', code: -4118 }]);
  });

  it('knock out lower-priority reduce-only orders when a better one arrives', () => {
    given(...longFor(3), limit({ id: 1, account: A, side: 'SELL', price: 110, qty: 3, reduceOnly: true }))
      .when(limit({ id: 2, account: A, side: 'SELL', price: 105, qty: 2, reduceOnly: true }))
      .thenEvents([
        { type: 'OrderAccepted', order: { quantity: 2 } },
        { type: 'OrderRested', orderId: 2 },
        { type: 'OrderExpired', orderId: 1, reason: 'REDUCE_ONLY', quantity: 3, levelQuantity: 0 },
      ]);
  });

  it('as takers never trade past flat', () => {
    given(...longFor(2), limit({ id: 1, account: B, side: 'BUY', price: 99, qty: 10 }))
      .when(market({ id: 2, account: A, side: 'SELL', qty: 5, reduceOnly: true }))
      .thenEvents([
        { type: 'OrderAccepted', order: { quantity: 2 }, requestedQuantity: 5 },
        { type: 'Trade', quantity: 2, taker: { position: { size: 0 } } },
      ]);
  });

  it('are knocked out when the position they reduce closes', () => {
    given(
      ...longFor(3),
      limit({ id: 1, account: A, side: 'SELL', price: 110, qty: 3, reduceOnly: true }),
      limit({ id: 2, account: B, side: 'BUY', price: 99, qty: 10 }),
    )
      .when(market({ id: 3, account: A, side: 'SELL', qty: 3 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', quantity: 3, taker: { position: { size: 0 } } },
        { type: 'OrderExpired', orderId: 1, reason: 'REDUCE_ONLY', quantity: 3 },
      ]);
  });

  it('are knocked out, lowest priority first, when the position shrinks below them', () => {
    given(
      ...longFor(5),
      limit({ id: 1, account: A, side: 'SELL', price: 110, qty: 3, reduceOnly: true }),
      limit({ id: 2, account: A, side: 'SELL', price: 111, qty: 2, reduceOnly: true }),
      limit({ id: 3, account: B, side: 'BUY', price: 99, qty: 10 }),
    )
      .when(market({ id: 4, account: A, side: 'SELL', qty: 1 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', taker: { position: { size: 4 } } },
        { type: 'OrderExpired', orderId: 2, reason: 'REDUCE_ONLY' },
      ]);
  });

  it('as makers fill only what the position still allows, then expire', () => {
    // A is long 3 with a plain ask at 104 and a reduce-only ask at 105. B's buy first takes the plain ask,
    // which leaves A long 1, so the reduce-only ask may fill 1 and then must expire.
    given(
      ...longFor(3),
      limit({ id: 1, account: A, side: 'SELL', price: 104, qty: 2 }),
      limit({ id: 2, account: A, side: 'SELL', price: 105, qty: 3, reduceOnly: true }),
    )
      .when(limit({ id: 3, account: B, side: 'BUY', price: 105, qty: 5 }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'Trade', price: 104, quantity: 2, maker: { orderId: 1, position: { size: 1 } } },
        {
          type: 'Trade',
          price: 105,
          quantity: 1,
          maker: { orderId: 2, remaining: 2, position: { size: 0 } },
        },
        { type: 'OrderExpired', orderId: 2, reason: 'REDUCE_ONLY', quantity: 2, levelQuantity: 0 },
        { type: 'OrderRested', orderId: 3, quantity: 2 },
      ]);
  });
});
