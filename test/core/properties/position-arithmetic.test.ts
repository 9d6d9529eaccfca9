// The engine's fast position arithmetic (doubles while every value is a safe integer) against the bigint
// definition: for any position and fill, from tiny to beyond 2^53, the same position and realized PnL.

import fc from 'fast-check';
import { applyFill, applyFillSafe, type Position } from '../../../core/position/position';
import { propertyParameters } from './support/config';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Money amounts around every boundary that matters: small, near 2^53 and, for bases, past it. */
const amount = (max: number) =>
  fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max }), fc.constant(max));

const position = fc
  .record({
    size: fc.oneof(
      fc.integer({ min: -50, max: 50 }),
      fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    ),
    basis: fc.oneof(amount(MAX_SAFE).map(BigInt), fc.bigInt({ min: 0n, max: 2n ** 70n })),
    realizedPnl: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  })
  .map(
    ({ size, basis, realizedPnl }): Position => ({
      size,
      entryNotional: size === 0 ? 0n : basis,
      realizedPnl,
    }),
  );

describe('position arithmetic', () => {
  test('applyFillSafe equals applyFill for every position and fill', () => {
    fc.assert(
      fc.property(
        position,
        fc.constantFrom('BUY' as const, 'SELL' as const),
        fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 2_000_000_000 })),
        amount(MAX_SAFE),
        (before, side, lots, notional) => {
          const fast = applyFillSafe(before, side, lots, notional);
          const exact = applyFill(before, side, lots, BigInt(notional));
          expect(fast).toEqual(exact);
        },
      ),
      propertyParameters(20_000),
    );
  });
});
