// The engine's position arithmetic on compact money (doubles while every value is a safe integer) against the
// bigint definition: for any position and fill, from tiny to beyond 2^53, the same position and realized PnL,
// and every amount in its one compact form.

import fc from 'fast-check';
import { type CompactMoney, compactMoney, moneyOf } from '../../../core/numbers/money';
import {
  applyFill,
  applyFillCompact,
  type CompactPosition,
  compactPosition,
  type Position,
  realizedBetween,
} from '../../../core/position/position';
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
    realizedPnl: fc.oneof(
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.bigInt({ min: -BigInt(MAX_SAFE), max: BigInt(MAX_SAFE) }),
    ),
  })
  .map(
    ({ size, basis, realizedPnl }): Position => ({
      size,
      entryNotional: size === 0 ? 0n : basis,
      realizedPnl,
    }),
  );

const notional = fc.oneof(
  amount(MAX_SAFE).map((n): CompactMoney => n),
  fc.bigInt({ min: BigInt(MAX_SAFE) + 1n, max: 2n ** 70n }).map(compactMoney),
);

const isCompact = (amount: CompactMoney) =>
  typeof amount === 'number'
    ? Number.isSafeInteger(amount) && !Object.is(amount, -0)
    : !Number.isSafeInteger(Number(amount));

const isCompactPosition = (p: CompactPosition) => isCompact(p.entryNotional) && isCompact(p.realizedPnl);

describe('position arithmetic', () => {
  test('applyFillCompact and realizedBetween equal applyFill for every position and fill, in compact form', () => {
    fc.assert(
      fc.property(
        position,
        fc.constantFrom('BUY' as const, 'SELL' as const),
        fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 2_000_000_000 })),
        notional,
        (before, side, lots, value) => {
          const compactBefore = compactPosition(before);
          const fast = applyFillCompact(compactBefore, side, lots, value);
          const realized = realizedBetween(compactBefore.realizedPnl, fast.realizedPnl);
          const exact = applyFill(before, side, lots, moneyOf(value));
          expect(fast).toEqual(compactPosition(exact.position));
          expect(realized).toEqual(compactMoney(exact.realizedPnl));
          expect(isCompactPosition(fast) && isCompact(realized)).toBe(true);
        },
      ),
      propertyParameters(20_000),
    );
  });

  test('compact money has one form per amount, and moneyOf undoes compactMoney', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), (money) => {
        const compact = compactMoney(money);
        expect(isCompact(compact)).toBe(true);
        expect(moneyOf(compact)).toBe(money);
      }),
      propertyParameters(20_000),
    );
    expect(compactMoney(BigInt(MAX_SAFE))).toBe(MAX_SAFE);
    expect(compactMoney(BigInt(MAX_SAFE) + 1n)).toBe(BigInt(MAX_SAFE) + 1n);
    expect(compactMoney(-BigInt(MAX_SAFE))).toBe(-MAX_SAFE);
    expect(compactMoney(-BigInt(MAX_SAFE) - 1n)).toBe(-BigInt(MAX_SAFE) - 1n);
  });
});
