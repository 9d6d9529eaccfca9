import { type AccountState, openedAccount } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';
import type { AccountDecision } from '../../core/accounts/decideAccount';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import type { Rejection } from '../../core/errors';
import { AccountBusy, type AccountStore, UnknownAccount } from '../ports/accountStore';
import type { Clock } from '../ports/clock';
import { OneAtATime } from './oneAtATime';

export type AppendOutcome =
  | { readonly ok: true; readonly state: AccountState; readonly events: readonly AccountEvent[] }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * Decisions on accounts, safe under concurrency: decide on the newest state, append the decision's events one
 * version each; if another writer appended first, decide again on the newer state. That is what makes pre-trade
 * margin safe when requests of one account race each other across processes.
 */
export class Accounts {
  private readonly decisions = new OneAtATime<number>();

  constructor(
    readonly store: AccountStore,
    private readonly clock: Clock = Date.now,
  ) {}

  load(accountId: number): Promise<AccountState | undefined> {
    return this.store.load(accountId);
  }

  /** Opens an account (version 1); false if it exists already. */
  open(accountId: number): Promise<boolean> {
    const event: AccountEvent = { type: 'AccountOpened', accountId };
    return this.store.append(accountId, event, evolveAccount(openedAccount(accountId), event));
  }

  /**
   * Decides on the newest state and appends the decision's events; on a concurrent append, reloads and decides
   * again. An account that does not exist throws UnknownAccount. Decisions for one account in this process take
   * turns; `deadlineMs` bounds the retries against other processes once it is this decision's turn, after which
   * it throws AccountBusy.
   */
  decide(
    accountId: number,
    decision: (state: AccountState) => AccountDecision,
    deadlineMs = 5_000,
  ): Promise<AppendOutcome> {
    return this.decisions.run(accountId, () => this.decideNow(accountId, decision, deadlineMs));
  }

  private async decideNow(
    accountId: number,
    decision: (state: AccountState) => AccountDecision,
    deadlineMs: number,
  ): Promise<AppendOutcome> {
    const giveUpAt = this.clock() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      const state = await this.store.load(accountId);
      if (state === undefined) throw new UnknownAccount(accountId);
      const decided = decision(state);
      if ('rejection' in decided) return { ok: false, rejection: decided.rejection };
      let next = state;
      let conflict = false;
      for (const event of decided.events) {
        const after = evolveAccount(next, event);
        if (!(await this.store.append(accountId, event, after))) {
          conflict = true;
          break;
        }
        next = after;
      }
      if (!conflict) return { ok: true, state: next, events: decided.events };
      if (this.clock() >= giveUpAt) throw new AccountBusy(accountId, attempt + 1);
      // Someone appended first: decide again on the newer state after an exponential back-off with full jitter,
      // so writers racing for one hot account spread out instead of colliding in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 * 2 ** attempt)));
    }
  }
}
