import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { A, B, given, limit, listSymbol, updateSymbol } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

describe('symbol listing', () => {
  it('is the first event of a symbol, carrying the spec every later order is judged by', () => {
    const engine = MatchingEngine.create('TESTUSDT');
    expect(engine.execute(listSymbol(TESTUSDT))).toMatchObject([
      { type: 'SymbolListed', seq: 1, spec: TESTUSDT },
    ]);
    expect(engine.instrument?.spec).toEqual(TESTUSDT);
  });

  it('is refused a second time', () => {
    given()
      .when(listSymbol(TESTUSDT))
      .thenEvents([{ type: 'CommandRejected', command: 'ListSymbol', code: -1130 }]);
  });

  it('is refused for a spec that does not compile, or for another symbol', () => {
    const engine = MatchingEngine.create('TESTUSDT');
    expect(engine.execute(listSymbol({ ...TESTUSDT, minQty: '5000' }))).toMatchObject([
      { type: 'CommandRejected', reason: expect.stringMatching(/minQty/) },
    ]);
    expect(engine.execute(listSymbol({ ...TESTUSDT, symbol: 'ETHUSDT' }))).toMatchObject([
      { type: 'CommandRejected', reason: expect.stringMatching(/does not belong/) },
    ]);
  });
});

describe('symbol updates', () => {
  it('apply new fees to the next trade', () => {
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 5 }),
      updateSymbol({ ...TESTUSDT, takerFeeRate: '0.001' }),
    )
      .when(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5 }))
      .thenEvents([{}, { type: 'Trade', taker: { fee: 50_000_000 } }]);
  });

  it('cannot change tick or step size', () => {
    given()
      .when(updateSymbol({ ...TESTUSDT, tickSize: '2', minPrice: '2' }))
      .thenEvents([
        { type: 'CommandRejected', command: 'UpdateSymbol', reason: expect.stringMatching(/tickSize/) },
      ]);
  });

  it('of a symbol never listed are refused (-1121)', () => {
    const engine = MatchingEngine.create('TESTUSDT');
    expect(engine.execute(updateSymbol(TESTUSDT))).toMatchObject([{ type: 'CommandRejected', code: -1121 }]);
  });
});

describe('symbol updates compare units by value', () => {
  it('accept the same tick written with another trailing zero', () => {
    given()
      .when(updateSymbol({ ...TESTUSDT, tickSize: '1.0', makerFeeRate: '0.0001' }))
      .thenEvents([{ type: 'SymbolUpdated' }]);
  });
});
