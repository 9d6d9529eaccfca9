import type { AccountRisk } from '../../core/risk/accountRisk';
import type { MarginCalls } from '../ports/marginCalls';

/**
 * Margin calls that go out only once the risk service is live. A shard that starts (or restarts) replays each
 * symbol's log from the start and evaluates its accounts at every historical mark: the crossings it meets on the
 * way were news then, not now, and a client must not get a MARGIN_CALL for a mark of an hour ago. The runner calls
 * `goLive()` after its first complete pass over the logs; from then on every new crossing is delivered. A crossing
 * the replay passed through stays called (the shard's once-per-crossing memory), so an account that was above
 * 80 % before a restart is not called again until its ratio has fallen back below 80 % and crossed once more.
 */
export class LiveMarginCalls implements MarginCalls {
  private live = false;

  constructor(private readonly inner: MarginCalls) {}

  goLive(): void {
    this.live = true;
  }

  async marginCall(accountId: number, risk: AccountRisk): Promise<void> {
    if (this.live) await this.inner.marginCall(accountId, risk);
  }
}
