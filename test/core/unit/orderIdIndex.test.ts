import { AccountNumbers } from '../../../core/book/accountNumbers';
import { OrderIdIndex } from '../../../core/book/orderIdIndex';
import { NO_SLOT, OrderStore } from '../../../core/book/orderStore';

describe('the order id index', () => {
  it('agrees with a Map through a long random run of inserts and deletes, across growth', () => {
    // The index keeps slots, not ids: the ids are in the order store, whose slots are recycled as on a book.
    const store = new OrderStore(new AccountNumbers(), 16);
    const index = new OrderIdIndex(store, 16);
    const model = new Map<number, number>();
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const ids: number[] = [];
    for (let step = 0; step < 200_000; step++) {
      if (ids.length === 0 || random() < 0.55) {
        // Time-ordered ids like ingress makes: large, close together, sometimes colliding in their low bits.
        const id = 1_700_000_000_000 * 4096 + Math.floor(random() * 2 ** 20) * 4096 + step;
        if (model.has(id)) continue;
        const slot = store.allocatePacked(id, 1, `c${step}`, 0, 1, 1, 0);
        index.add(slot);
        model.set(id, slot);
        ids.push(id);
      } else {
        const at = Math.floor(random() * ids.length);
        const id = ids[at]!;
        ids[at] = ids[ids.length - 1]!;
        ids.pop();
        const slot = model.get(id)!;
        index.delete(slot);
        store.release(slot);
        model.delete(id);
        expect(index.get(id)).toBe(NO_SLOT);
      }
    }
    expect(index.size).toBe(model.size);
    for (const [id, slot] of model) expect(index.get(id)).toBe(slot);
  });
});
