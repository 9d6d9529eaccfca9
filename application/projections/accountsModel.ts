import { accountsConcerned, settleSymbolEvents } from '../../core/accounts/settlement';
import type { Accounts } from '../accounts/accounts';
import { UnknownAccount } from '../ports/accountStore';
import type { Log } from '../ports/log';
import type { ReadModel } from './readModel';

/**
 * Settlement: each account a batch concerns gets one new version with the batch's fills (wallet, position) and
 * reservation changes. The account remembers the last symbol sequence it settled, so a redelivered batch settles
 * nothing twice; concurrent ingress reservations are handled by the accounts' optimistic concurrency.
 */
export function accountsModel(accounts: Accounts, log: Log): ReadModel {
  return {
    name: 'accounts',
    async apply(batch) {
      for (const accountId of accountsConcerned(batch.events)) {
        try {
          await accounts.decide(accountId, (state) => {
            const settled = settleSymbolEvents(state, batch.symbol, batch.events);
            return { events: settled === undefined ? [] : [settled] };
          });
        } catch (error) {
          // Orders only come from accounts that exist; an unknown one means the account table was reset.
          if (!(error instanceof UnknownAccount)) throw error;
          log('warn', 'settlement for an unknown account skipped', {
            accountId,
            symbol: batch.symbol,
            seq: batch.lastSeq,
          });
        }
      }
    },
  };
}
