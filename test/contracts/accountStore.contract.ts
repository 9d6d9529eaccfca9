import type { AccountStore } from '../../application/ports/accountStore';
import { openedAccount } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { type Make, testClock, unique } from './support';

export function accountStoreContract(make: Make<AccountStore>): void {
  describe('AccountStore', () => {
    test('versions append once each; load gives the newest state, money and positions exact', async () => {
      const store = await make(testClock());
      const id = unique();
      expect(await store.load(id)).toBeUndefined();
      const opened: AccountEvent = { type: 'AccountOpened', accountId: id };
      const v1 = evolveAccount(openedAccount(id), opened);
      expect(await store.append(id, [opened], v1)).toBe(true);
      const deposit: AccountEvent = {
        type: 'CollateralDeposited',
        amount: 123_456_789_012n,
        reference: 'r',
        time: 1_759_999_999_000,
      };
      const v2 = evolveAccount(v1, deposit);
      const settled: AccountEvent = {
        type: 'SymbolEventsSettled',
        symbol: 'BTCUSDT',
        seq: 9,
        changes: {
          walletDelta: -5n,
          realizedPnl: 0n,
          fees: 5n,
          position: { size: -3, entryNotional: 180_000_000_000n, realizedPnl: 0n },
          reservations: { '17': { amount: 1_000n, openLots: 2 }, '18': null },
          fundingFees: [
            { amount: -12_345n, fundingTime: 1_760_000_000_000, time: 1_760_000_000_005, seq: 8 },
          ],
          // The ledger's fills: money beyond 2^53 too.
          fills: [
            { tradeId: 4, orderId: 17, realizedPnl: 2n ** 60n, fee: 5n, time: 1_760_000_000_009, seq: 9 },
          ],
        },
      };
      const v3 = evolveAccount(v2, settled);
      expect(await store.append(id, [deposit], v2)).toBe(true);
      expect(await store.append(id, [settled], v3)).toBe(true);
      expect(await store.load(id)).toEqual(v3);
      expect(v3.updateTime).toBe(1_760_000_000_009);
      const history = await store.history(id);
      expect(history.map((h) => [h.version, h.event])).toEqual([
        [1, opened],
        [2, deposit],
        [3, settled],
      ]);
    });

    test('an append at a version that exists is refused and changes nothing', async () => {
      const store = await make(testClock());
      const { id, opened, v1 } = await openedIn(store);
      const deposit: AccountEvent = { type: 'CollateralDeposited', amount: 5n, reference: 'first' };
      const other: AccountEvent = { type: 'CollateralDeposited', amount: 7n, reference: 'second' };
      expect(await store.append(id, [deposit], evolveAccount(v1, deposit))).toBe(true);
      expect(await store.append(id, [other], evolveAccount(v1, other))).toBe(false);
      expect((await store.load(id))?.walletBalance).toBe(5n);
      expect(await store.append(id, [opened], v1)).toBe(false);
    });

    test('several events append in one write: consecutive versions, the state after the last', async () => {
      const store = await make(testClock());
      const { id, opened, v1 } = await openedIn(store);
      const deposits = [5n, 7n, 11n].map(
        (amount): AccountEvent => ({ type: 'CollateralDeposited', amount, reference: `d${amount}` }),
      );
      const v4 = deposits.reduce(evolveAccount, v1);
      expect(v4.version).toBe(4);
      expect(await store.append(id, deposits, v4)).toBe(true);
      expect(await store.load(id)).toEqual(v4);
      const last: AccountEvent = { type: 'CollateralDeposited', amount: 13n, reference: 'd13' };
      expect(await store.append(id, [last], evolveAccount(v4, last))).toBe(true);
      const history = await store.history(id);
      expect(history.map((h) => [h.version, h.event])).toEqual([
        [1, opened],
        [2, deposits[0]],
        [3, deposits[1]],
        [4, deposits[2]],
        [5, last],
      ]);
      expect((await store.load(id))?.walletBalance).toBe(36n);
    });

    test('an append decided on a state another append followed is refused whole, however many events', async () => {
      const store = await make(testClock());
      const { id, v1 } = await openedIn(store);
      const pair: AccountEvent[] = [
        { type: 'CollateralDeposited', amount: 1n, reference: 'a' },
        { type: 'CollateralDeposited', amount: 2n, reference: 'b' },
      ];
      const v3 = pair.reduce(evolveAccount, v1);
      expect(await store.append(id, pair, v3)).toBe(true);
      // Decided on version 1, which the pair followed: one event or several, nothing of it is written.
      const late: AccountEvent = { type: 'CollateralDeposited', amount: 100n, reference: 'late' };
      expect(await store.append(id, [late], evolveAccount(v1, late))).toBe(false);
      expect(await store.append(id, [late, late], [late, late].reduce(evolveAccount, v1))).toBe(false);
      // Decided on version 3 twice: the first gets in, the second (two events) does not.
      const next: AccountEvent = { type: 'CollateralDeposited', amount: 4n, reference: 'c' };
      expect(await store.append(id, [next], evolveAccount(v3, next))).toBe(true);
      expect(await store.append(id, [late, late], [late, late].reduce(evolveAccount, v3))).toBe(false);
      expect((await store.load(id))?.walletBalance).toBe(7n);
      expect((await store.history(id)).map((h) => h.version)).toEqual([1, 2, 3, 4]);
    });

    test('a long history appended in groups of every size loads as the fold of all its events', async () => {
      // Long enough to pass many snapshots of a store that keeps one every so many versions (DynamoAccountStore:
      // 16), with groups that start, end and straddle them; every kind of change that moves the state.
      const store = await make(testClock());
      const { id, v1 } = await openedIn(store);
      let state = v1;
      let n = 0;
      const change = (): AccountEvent => {
        n += 1;
        switch (n % 4) {
          case 0:
            return { type: 'CollateralDeposited', amount: BigInt(n) * 1_000n, reference: `d${n}` };
          case 1:
            return {
              type: 'MarginReserved',
              orderId: n,
              symbol: 'BTCUSDT',
              amount: BigInt(n),
              openLots: n,
              side: 'BUY',
            };
          case 2:
            return { type: 'LeverageSet', symbol: 'BTCUSDT', leverage: 1 + (n % 125) };
          default:
            return {
              type: 'SymbolEventsSettled',
              symbol: 'BTCUSDT',
              seq: n,
              changes: {
                walletDelta: -BigInt(n),
                realizedPnl: 0n,
                fees: BigInt(n),
                position: { size: n, entryNotional: BigInt(n) * 60_000n, realizedPnl: 0n },
                // Every other settlement releases the order reserved two changes before: reservations pile up.
                reservations: n % 8 === 3 ? { [String(n - 2)]: null } : {},
              },
            };
        }
      };
      for (const size of [1, 2, 13, 1, 1, 16, 17, 3, 31, 1, 5, 40, 2, 1]) {
        const events = Array.from({ length: size }, change);
        const next = events.reduce(evolveAccount, state);
        expect(await store.append(id, events, next)).toBe(true);
        state = next;
        expect(await store.load(id)).toEqual(state);
      }
      expect(state.version).toBe(135);
      expect(Object.keys(state.reservations)).toHaveLength(17);
      expect((await store.history(id)).map((h) => h.version)).toEqual(
        Array.from({ length: 135 }, (_, i) => i + 1),
      );
      // A stale decision is still refused whole, wherever the snapshots are.
      const late: AccountEvent = { type: 'CollateralDeposited', amount: 1n, reference: 'late' };
      expect(await store.append(id, [late], evolveAccount(v1, late))).toBe(false);
      expect(await store.load(id)).toEqual(state);
    });

    test('account ids are handed out once each, increasing', async () => {
      const store = await make(testClock());
      const ids = [await store.nextAccountId(), await store.nextAccountId(), await store.nextAccountId()];
      expect(ids[1]).toBe(ids[0]! + 1);
      expect(ids[2]).toBe(ids[1]! + 1);
    });
  });
}

/** A new account opened in `store`: its id, its opening event, and its state at version 1. */
async function openedIn(store: AccountStore) {
  const id = unique();
  const opened: AccountEvent = { type: 'AccountOpened', accountId: id };
  const v1 = evolveAccount(openedAccount(id), opened);
  await store.append(id, [opened], v1);
  return { id, opened, v1 };
}
