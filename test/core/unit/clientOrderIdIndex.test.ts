import { AccountNumbers } from '../../../core/book/accountNumbers';
import { ClientOrderIdIndex } from '../../../core/book/clientOrderIdIndex';
import { NO_SLOT, OrderStore } from '../../../core/book/orderStore';

describe('the client order id index', () => {
  it('agrees with a Map of (account, client order id) through random adds and deletes, across growth', () => {
    const store = new OrderStore(new AccountNumbers(), 16);
    const index = new ClientOrderIdIndex(store, 16);
    const model = new Map<string, number>();
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const live: number[] = [];
    for (let step = 0; step < 50_000; step++) {
      if (live.length === 0 || random() < 0.55) {
        // Few accounts and short ids, so the same client order id recurs across accounts.
        const accountId = 1 + Math.floor(random() * 5);
        const clientOrderId = `c${Math.floor(random() * 500)}`;
        if (model.has(`${accountId}/${clientOrderId}`)) continue;
        const slot = store.allocate({
          orderId: step + 1,
          accountId,
          clientOrderId,
          side: 'BUY',
          price: 1,
          remaining: 1,
          filled: 0,
          reduceOnly: false,
          postOnly: false,
          selfTradePreventionMode: 'NONE',
        });
        index.add(slot);
        model.set(`${accountId}/${clientOrderId}`, slot);
        live.push(slot);
      } else {
        const at = Math.floor(random() * live.length);
        const slot = live[at]!;
        live[at] = live[live.length - 1]!;
        live.pop();
        const key = `${store.accountIdOf(slot)}/${store.clientOrderIdOf(slot)}`;
        index.delete(slot);
        model.delete(key);
        expect(index.get(store.accountIdOf(slot), store.clientOrderIdOf(slot))).toBe(NO_SLOT);
        store.release(slot);
      }
    }
    for (const [key, slot] of model) {
      const [account, clientOrderId] = key.split('/') as [string, string];
      expect(index.get(Number(account), clientOrderId)).toBe(slot);
    }
    expect(index.get(99, 'c1')).toBe(NO_SLOT);
  });
});
