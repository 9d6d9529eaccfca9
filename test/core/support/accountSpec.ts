import { type AccountState, openedAccount } from '../../../core/accounts/account';
import type { AccountEvent } from '../../../core/accounts/accountEvents';
import type { AccountDecision } from '../../../core/accounts/decideAccount';
import { evolveAccount } from '../../../core/accounts/evolveAccount';
import { specification } from './decider';

/**
 * An account as a decider: its state is what its events made it; a command is one of the account decisions of
 * core/accounts/decideAccount.ts, applied to that state.
 */
export type AccountCommand = (state: AccountState) => AccountDecision;

export const ACCOUNT = 1;

export function givenAccount(...events: AccountEvent[]) {
  return specification<AccountState, AccountCommand, AccountEvent>({
    initialState: () => openedAccount(ACCOUNT),
    evolve: evolveAccount,
    decide: (command, state) => {
      const decided = command(state);
      return 'rejection' in decided ? decided : decided.events;
    },
  })({ type: 'AccountOpened', accountId: ACCOUNT }, ...events);
}
