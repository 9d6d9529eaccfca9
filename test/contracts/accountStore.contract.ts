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
      expect(await store.append(id, opened, v1)).toBe(true);
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
      expect(await store.append(id, deposit, v2)).toBe(true);
      expect(await store.append(id, settled, v3)).toBe(true);
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
      const id = unique();
      const opened: AccountEvent = { type: 'AccountOpened', accountId: id };
      const v1 = evolveAccount(openedAccount(id), opened);
      await store.append(id, opened, v1);
      const deposit: AccountEvent = { type: 'CollateralDeposited', amount: 5n, reference: 'first' };
      const other: AccountEvent = { type: 'CollateralDeposited', amount: 7n, reference: 'second' };
      expect(await store.append(id, deposit, evolveAccount(v1, deposit))).toBe(true);
      expect(await store.append(id, other, evolveAccount(v1, other))).toBe(false);
      expect((await store.load(id))?.walletBalance).toBe(5n);
      expect(await store.append(id, opened, v1)).toBe(false);
    });

    test('account ids are handed out once each, increasing', async () => {
      const store = await make(testClock());
      const ids = [await store.nextAccountId(), await store.nextAccountId(), await store.nextAccountId()];
      expect(ids[1]).toBe(ids[0]! + 1);
      expect(ids[2]).toBe(ids[1]! + 1);
    });
  });
}
