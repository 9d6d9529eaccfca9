import type { AccountState } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';

export interface StoredAccountEvent {
  readonly version: number;
  readonly event: AccountEvent;
  readonly time: number;
}

/**
 * Accounts, event-sourced: each account a stream of versions, one per event. An append writes one or more events
 * (the decisions this process took on the account in one turn: application/accounts/accounts.ts) and is given the
 * state after the last of them, which the store keeps as often as it needs to load the current state in one read
 * (DynamoDB: a snapshot every 16 versions, and the events after it folded on). An append is conditional on the
 * state it was decided on being the newest: of two writers that decided on the same state only one gets in
 * (Accounts decides again for the other).
 */
export interface AccountStore {
  /** The newest state, or undefined for an account that was never opened. */
  load(accountId: number): Promise<AccountState | undefined>;
  /**
   * Appends `events` (at least one) as the versions up to `state.version`, the first at state.version −
   * events.length + 1, in one write: all of them or none. `state` is the state after the last, the fold of the
   * events on the state they were decided on (core/accounts/evolveAccount.ts). They were decided
   * on the state at the version before the first; false, and nothing written, if another append already followed
   * that state.
   */
  append(accountId: number, events: readonly AccountEvent[], state: AccountState): Promise<boolean>;
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
