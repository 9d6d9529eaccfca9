import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { A, B, C, cancel, given, givenSymbol, limit, market, updateSymbol } from '../support/scenario';
import { BTCUSDT, TESTUSDT } from '../support/specs';

/** A trade at 100 makes 100 the reference price for PERCENT_PRICE (band 0.5×–1.5× in TESTUSDT). */
const tradeAt100 = () => [
  limit({ id: 90, account: C, side: 'SELL', price: 100, qty: 1 }),
  limit({ id: 91, account: C + 1, side: 'BUY', price: 100, qty: 1 }),
];

describe('a new order is rejected as a whole, and changes nothing else,', () => {
  const rejects = (code: number, command = limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 1 })) => {
    const scenario = given(...tradeAt100());
    const depthBefore = scenario.engine.depth('BUY').concat(scenario.engine.depth('SELL'));
    scenario
      .when(command)
      .thenEvents([
        { type: 'OrderRejected', code, order: command.type === 'PlaceOrder' ? command.order : {} },
      ]);
    expect(scenario.engine.depth('BUY').concat(scenario.engine.depth('SELL'))).toEqual(depthBefore);
  };

  it('for a price of zero (-4001)', () =>
    rejects(-4001, limit({ id: 1, account: A, side: 'BUY', price: 0, qty: 1 })));
  it('above maxPrice (-4002)', () =>
    rejects(-4002, limit({ id: 1, account: A, side: 'SELL', price: 1_000_001, qty: 1 })));
  it('for a quantity of zero (-4003)', () =>
    rejects(-4003, limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 0 })));
  it('above maxQty (-4005)', () =>
    rejects(-4005, limit({ id: 1, account: A, side: 'BUY', price: 60, qty: 1001 })));
  it('above the MARKET_LOT_SIZE maxQty for market orders (-4005)', () =>
    rejects(-4005, market({ id: 1, account: A, side: 'BUY', qty: 501 })));
  it('for a buy above reference × multiplierUp (-4016)', () =>
    rejects(-4016, limit({ id: 1, account: A, side: 'BUY', price: 151, qty: 1 })));
  it('for a sell below reference × multiplierDown (-4024)', () =>
    rejects(-4024, limit({ id: 1, account: A, side: 'SELL', price: 49, qty: 1 })));
  it('for a notional below MIN_NOTIONAL (-4164)', () =>
    rejects(-4164, limit({ id: 1, account: A, side: 'BUY', price: 9, qty: 1 })));

  it('below minPrice (-4013) and below minQty (-4004)', () => {
    const strict = { ...BTCUSDT, minQty: '0.010' };
    givenSymbol(strict)
      .when(limit({ id: 1, account: A, side: 'BUY', price: 5_000, qty: 20 }))
      .thenEvents([{ type: 'OrderRejected', code: -4013, reason: 'Price less than min price.' }]);
    givenSymbol(strict)
      .when(limit({ id: 1, account: A, side: 'BUY', price: 650_000, qty: 5 }))
      .thenEvents([{ type: 'OrderRejected', code: -4004, reason: 'Quantity less than min quantity.' }]);
  });

  it('quoting the minimum in the MIN_NOTIONAL message', () => {
    given()
      .when(limit({ id: 1, account: A, side: 'BUY', price: 9, qty: 1 }))
      .thenEvents([
        { reason: "Order's notional must be no smaller than 10 (unless you choose reduce only)" },
      ]);
  });

  it('for an order id that is already resting (-2010)', () => {
    given(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 1 }))
      .when(limit({ id: 1, account: B, side: 'BUY', price: 99, qty: 1 }))
      .thenEvents([{ type: 'OrderRejected', code: -2010 }]);
  });

  it('for a client order id used by an open order of the account (-4116), but not once that order is gone', () => {
    const scenario = given(
      limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 1, clientOrderId: 'dup' }),
    );
    scenario
      .when(limit({ id: 2, account: A, side: 'BUY', price: 99, qty: 1, clientOrderId: 'dup' }))
      .thenEvents([{ type: 'OrderRejected', code: -4116, reason: 'clientOrderId is duplicated' }]);
    scenario
      .when(limit({ id: 3, account: B, side: 'BUY', price: 99, qty: 1, clientOrderId: 'dup' }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderRested' }]);
    scenario.when(cancel(A, { orderId: 1 })).thenEvents([{ type: 'OrderCanceled' }]);
    scenario
      .when(limit({ id: 4, account: A, side: 'BUY', price: 99, qty: 1, clientOrderId: 'dup' }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'OrderRested' }]);
  });

  it('beyond the account’s open-order limit (-2025), which IOC orders do not need', () => {
    const five = [1, 2, 3, 4, 5].map((id) => limit({ id, account: A, side: 'BUY', price: 90 + id, qty: 1 }));
    const scenario = given(...five, limit({ id: 50, account: B, side: 'SELL', price: 120, qty: 1 }));
    scenario
      .when(limit({ id: 6, account: A, side: 'BUY', price: 80, qty: 1 }))
      .thenEvents([{ type: 'OrderRejected', code: -2025, reason: 'Reach max open order limit.' }]);
    scenario
      .when(limit({ id: 7, account: A, side: 'BUY', price: 120, qty: 1, tif: 'IOC' }))
      .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade' }]);
  });

  it('while the symbol is halted (-1122), and accepted again once it resumes', () => {
    const scenario = given(updateSymbol({ ...TESTUSDT, status: 'HALT' }));
    scenario
      .when(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 1 }))
      .thenEvents([{ type: 'OrderRejected', code: -1122, reason: 'Invalid symbol status.' }]);
    scenario
      .when(updateSymbol(TESTUSDT))
      .thenEvents([{ type: 'SymbolUpdated', spec: { status: 'TRADING' } }]);
    scenario
      .when(limit({ id: 2, account: A, side: 'BUY', price: 100, qty: 1 }))
      .thenEvents([{ type: 'OrderAccepted' }, {}]);
  });

  it('by an engine whose symbol was never listed (-1121)', () => {
    const engine = MatchingEngine.create('NEWUSDT');
    expect(engine.execute(limit({ id: 1, account: A, side: 'BUY', price: 100, qty: 1 }))).toMatchObject([
      { type: 'OrderRejected', seq: 1, code: -1121, reason: 'Invalid symbol.' },
    ]);
  });
});
