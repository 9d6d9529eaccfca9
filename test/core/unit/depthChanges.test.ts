import { depthChanges } from '../../../core/marketData/depthChanges';
import { A, amend, B, cancel, given, limit } from '../support/scenario';

describe('depth changes derived from events alone', () => {
  it('give the new total of every level a command touched, last change winning', () => {
    const outcome = given(
      limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }),
      limit({ id: 2, account: A, side: 'SELL', price: 102, qty: 2 }),
      limit({ id: 3, account: A, side: 'BUY', price: 99, qty: 2 }),
    ).when(limit({ id: 4, account: B, side: 'BUY', price: 102, qty: 3 }));
    expect(depthChanges(outcome.events)).toEqual([
      { side: 'SELL', price: 101, quantity: 0 },
      { side: 'SELL', price: 102, quantity: 1 },
    ]);
  });

  it('include both levels of an amendment that moves an order', () => {
    const outcome = given(limit({ id: 1, account: A, side: 'BUY', price: 99, qty: 2 })).when(
      amend(A, { orderId: 1 }, { side: 'BUY', price: 98, qty: 2 }),
    );
    expect(depthChanges(outcome.events)).toEqual([
      { side: 'BUY', price: 99, quantity: 0 },
      { side: 'BUY', price: 98, quantity: 2 },
    ]);
  });

  it('are empty for commands that leave the book as it was', () => {
    const outcome = given().when(cancel(A, { orderId: 5 }));
    expect(depthChanges(outcome.events)).toEqual([]);
  });
});
