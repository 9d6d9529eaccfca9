import type { MarginCalls } from '../../application/ports/marginCalls';
import type { AccountRisk } from '../../core/risk/accountRisk';

/** Margin calls kept in memory, in the order they came: what a test asserts on when no client is connected. */
export class RecordedMarginCalls implements MarginCalls {
  readonly calls: { readonly accountId: number; readonly risk: AccountRisk }[] = [];

  async marginCall(accountId: number, risk: AccountRisk): Promise<void> {
    this.calls.push({ accountId, risk });
  }
}
