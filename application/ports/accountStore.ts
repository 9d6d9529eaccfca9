import type { AccountState } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';

export interface StoredAccountEvent {
  readonly version: number;
  readonly event: AccountEvent;
  readonly time: number;
}

/**
 * Accounts, event-sourced: each account a stream of versions, each holding the event and the state after it, so
 * the current state is one read of the newest. An append is conditional on its version being new: of two writers
 * that decided on the same state only one gets in (application/accounts/accounts.ts decides again for the other).
 */
export interface AccountStore {
  /** The newest state, or undefined for an account that was never opened. */
  load(accountId: number): Promise<AccountState | undefined>;
  /** Appends `event` as version `state.version` with the state after it; false if that version exists already. */
  append(accountId: number, event: AccountEvent, state: AccountState): Promise<boolean>;
  /** The account's history, oldest first (operator views, rebuilds). */
  history(accountId: number): Promise<StoredAccountEvent[]>;
  /** An account id never handed out before (an atomic counter). */
  nextAccountId(): Promise<number>;
}

/** Too many concurrent changes to one account for too long: the caller should answer "try again". */
export class AccountBusy extends Error {
  constructor(
    readonly accountId: number,
    readonly attempts: number,
  ) {
    super(`account ${accountId}: still contended after ${attempts} attempts`);
  }
}

export class UnknownAccount extends Error {
  constructor(readonly accountId: number) {
    super(`account ${accountId} does not exist`);
  }
}
