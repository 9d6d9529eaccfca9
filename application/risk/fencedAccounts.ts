import { Rejections } from '../../core/errors';
import { type AccountDecider, Accounts, type AppendOutcome } from '../accounts/accounts';
import type { AccountStore } from '../ports/accountStore';
import type { Clock } from '../ports/clock';

/**
 * Account decisions (the liquidation freeze and unfreeze) as one account shard may take them: only while its
 * holder may act, like its commands. A paused instance that wakes after its lease ended decides nothing, so a
 * stale "safe again" cannot unfreeze an account its successor is liquidating.
 */
export class FencedAccounts extends Accounts {
  constructor(
    store: AccountStore,
    clock: Clock,
    private readonly mayAct: () => boolean,
  ) {
    super(store, clock);
  }

  override decide(accountId: number, decision: AccountDecider, deadlineMs?: number): Promise<AppendOutcome> {
    if (!this.mayAct()) return Promise.resolve({ ok: false, rejection: Rejections.unknown });
    return super.decide(accountId, decision, deadlineMs);
  }
}
