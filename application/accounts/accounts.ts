import { type AccountState, openedAccount } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';
import type { AccountDecision } from '../../core/accounts/decideAccount';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import type { Rejection } from '../../core/errors';
import { AccountBusy, type AccountStore, UnknownAccount } from '../ports/accountStore';
import type { Clock } from '../ports/clock';
import { OneAtATime } from './oneAtATime';

/** A decision on an account's state; it may read what it needs first (the marks of the account's positions). */
export type AccountDecider = (state: AccountState) => AccountDecision | Promise<AccountDecision>;

export interface AccountsSettings {
  /**
   * Keep each account's newest state known to this process (at most this many accounts) and decide on it without
   * reading it first. 0 (the default) reads before every decision.
   */
  readonly cachedStates?: number;
}

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
  /**
   * The newest state this process has read or written per account, oldest use first. It may be stale (another
   * process appended since), which is safe: an append is conditional on its version being new, so a decision on a
   * stale state fails to append and is taken again on the state read then. A stale state would also refuse what
   * the newer one allows, or decide nothing: those answers are taken again on a fresh read before they count. It
   * pays when an account's decisions come mostly from this process (one gateway; a market maker's many orders
   * between its fills) and costs a refused write when they do not.
   */
  private readonly states = new Map<number, AccountState>();
  private readonly cachedStates: number;

  constructor(
    readonly store: AccountStore,
    private readonly clock: Clock = Date.now,
    settings: AccountsSettings = {},
  ) {
    this.cachedStates = settings.cachedStates ?? 0;
  }

  async load(accountId: number): Promise<AccountState | undefined> {
    const state = await this.store.load(accountId);
    if (state !== undefined) this.remember(accountId, state);
    return state;
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
  decide(accountId: number, decision: AccountDecider, deadlineMs = 5_000): Promise<AppendOutcome> {
    return this.decisions.run(accountId, () => this.decideNow(accountId, decision, deadlineMs));
  }

  private async decideNow(
    accountId: number,
    decision: AccountDecider,
    deadlineMs: number,
  ): Promise<AppendOutcome> {
    const giveUpAt = this.clock() + deadlineMs;
    let cached = this.states.get(accountId);
    for (let attempt = 0; ; attempt++) {
      const state = cached ?? (await this.load(accountId));
      if (state === undefined) throw new UnknownAccount(accountId);
      const decided = await decision(state);
      if (cached !== undefined && ('rejection' in decided || decided.events.length === 0)) {
        // Only an append proves a remembered state current: decide again on the stored one.
        cached = undefined;
        attempt--;
        continue;
      }
      cached = undefined;
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
      if (next !== state) this.remember(accountId, next);
      if (!conflict) return { ok: true, state: next, events: decided.events };
      if (this.clock() >= giveUpAt) throw new AccountBusy(accountId, attempt + 1);
      // Someone appended first: decide again on the newer state after an exponential back-off with full jitter,
      // so writers racing for one hot account spread out instead of colliding in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 * 2 ** attempt)));
    }
  }

  private remember(accountId: number, state: AccountState): void {
    if (this.cachedStates === 0) return;
    const known = this.states.get(accountId);
    if (known !== undefined && known.version > state.version) return;
    this.states.delete(accountId);
    this.states.set(accountId, state);
    if (this.states.size > this.cachedStates) this.states.delete(this.states.keys().next().value!);
  }
}
