// The engine's position table: numbers in a typed array, positions with money beyond a safe integer kept whole
// beside it. Whatever is set is what is read back, in both forms and across the switch between them.

import { AccountNumbers } from '../../../core/book/accountNumbers';
import { AccountPositions } from '../../../core/position/accountPositions';
import { applyFillCompact, COMPACT_FLAT, type CompactPosition } from '../../../core/position/position';

const small: CompactPosition = { size: -3, entryNotional: 3_000_000_000, realizedPnl: -125 };
const large: CompactPosition = { size: 7, entryNotional: 2n ** 60n, realizedPnl: 5 };

function table() {
  const accounts = new AccountNumbers();
  return { accounts, positions: new AccountPositions(accounts) };
}

describe('account positions', () => {
  it('are flat for accounts never set, numbered or not', () => {
    const { accounts, positions } = table();
    accounts.numberOf(42);
    expect(positions.of(42)).toEqual(COMPACT_FLAT);
    expect(positions.of(7)).toEqual(COMPACT_FLAT);
    expect(positions.realizedPnlOf(accounts.numberOf(42))).toBe(0);
    expect([...positions.entries()]).toEqual([]);
  });

  it('read back what was set, small or large, and switch between the forms', () => {
    const { accounts, positions } = table();
    positions.set(11, small);
    positions.set(12, large);
    expect(positions.of(11)).toEqual(small);
    expect(positions.of(12)).toEqual(large);
    expect(positions.realizedPnlOf(accounts.find(12))).toBe(5);
    positions.set(12, small);
    expect(positions.of(12)).toEqual(small);
    positions.set(11, large);
    expect(positions.of(11)).toEqual(large);
    expect(new Map(positions.entries())).toEqual(
      new Map([
        [11, large],
        [12, small],
      ]),
    );
  });

  it('give the position after a fill without changing it, as applyFillCompact does', () => {
    const { accounts, positions } = table();
    positions.set(5, large);
    positions.set(6, small);
    for (const [accountId, position] of [
      [5, large],
      [6, small],
    ] as const) {
      const number = accounts.find(accountId);
      expect(positions.afterFill(number, 'SELL', 2, 1_000_000)).toEqual(
        applyFillCompact(position, 'SELL', 2, 1_000_000),
      );
      expect(positions.of(accountId)).toEqual(position);
    }
  });

  it('grow past their first capacity', () => {
    const { positions } = table();
    for (let accountId = 1; accountId <= 1_000; accountId++) {
      positions.set(accountId, { size: accountId, entryNotional: accountId * 10, realizedPnl: -accountId });
    }
    expect(positions.of(1_000)).toEqual({ size: 1_000, entryNotional: 10_000, realizedPnl: -1_000 });
    expect([...positions.entries()]).toHaveLength(1_000);
  });
});
