import { OrderIdIndex } from '../../../core/book/orderIdIndex';

describe('the order id index', () => {
  it('agrees with a Map through a long random run of inserts and deletes, across growth', () => {
    // The index keeps slots, not ids: the ids are where the order store would keep them, by slot.
    const idInSlot = new Map<number, number>();
    const index = new OrderIdIndex((slot) => idInSlot.get(slot)!, 16);
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
        idInSlot.set(step, id);
        index.set(id, step);
        model.set(id, step);
        ids.push(id);
      } else {
        const at = Math.floor(random() * ids.length);
        const id = ids[at]!;
        ids[at] = ids[ids.length - 1]!;
        ids.pop();
        index.delete(id, model.get(id)!);
        model.delete(id);
        expect(index.get(id)).toBe(-1);
      }
    }
    expect(index.size).toBe(model.size);
    for (const [id, slot] of model) expect(index.get(id)).toBe(slot);
  });
});
