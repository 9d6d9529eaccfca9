// The price ladder against a sorted-array model: whatever the spacing of the levels (every tick, sparse, a dense
// cluster with outliers), find, findOrCreate and remove keep exactly the model's levels in the model's order.

import fc from 'fast-check';
import { PriceLadder } from '../../../core/book/priceLadder';
import type { Side } from '../../../core/orders/order';
import { propertyParameters } from '../properties/support/config';

type Step = { readonly add: boolean; readonly price: number };

/** Prices drawn so that levels are dense near 1,000 and sparse far from it, as in a real book. */
const price = fc.oneof(
  fc.integer({ min: 990, max: 1_010 }),
  fc.integer({ min: 1, max: 5_000 }),
  fc.integer({ min: 1, max: 100 }).map((k) => k * 97),
);
const step: fc.Arbitrary<Step> = fc.record({ add: fc.boolean(), price });

function run(side: Side, steps: readonly Step[]): void {
  const ladder = new PriceLadder(side);
  const model = new Set<number>();
  for (const { add, price } of steps) {
    if (add) {
      expect(ladder.findOrCreate(price).price).toBe(price);
      model.add(price);
    } else if (model.has(price)) {
      ladder.remove(ladder.find(price)!);
      model.delete(price);
    } else {
      expect(ladder.find(price)).toBeUndefined();
    }
  }
  const bestFirst = [...model].sort((a, b) => (side === 'BUY' ? b - a : a - b));
  expect(Array.from({ length: ladder.levelCount }, (_, i) => ladder.atDepth(i)!.price)).toEqual(bestFirst);
  const every = Array.from({ length: 5_002 }, (_, p) => p);
  expect(every.filter((p) => ladder.find(p)?.price === p)).toEqual(every.filter((p) => model.has(p)));
}

describe('price ladder', () => {
  for (const side of ['BUY', 'SELL'] as const) {
    test(`${side}: holds exactly the model's levels, best first, and finds each`, () => {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 400 }), (steps) => run(side, steps)),
        propertyParameters(200),
      );
    });
  }

  test('a level at every tick, then gaps: every price found or not as it should be', () => {
    const ladder = new PriceLadder('SELL');
    for (let p = 1_000; p < 3_000; p++) ladder.findOrCreate(p);
    for (let p = 1_000; p < 3_000; p += 3) ladder.remove(ladder.find(p)!);
    for (let p = 990; p < 3_010; p++) {
      const present = p >= 1_000 && p < 3_000 && (p - 1_000) % 3 !== 0;
      expect(ladder.find(p)?.price).toBe(present ? p : undefined);
    }
  });
});
