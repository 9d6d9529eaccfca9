import type { AccountRisk } from '../../core/risk/accountRisk';

/**
 * Where the risk service's MARGIN_CALL goes: the account's user data stream(s). A port so that the risk service
 * knows no transport (application/risk/userStreamMarginCalls.ts posts through the connections the fan-out uses;
 * adapters/memory/marginCalls.ts records them for tests). Delivery is best effort and never throws: a margin call
 * is guidance, and its failure must not hold up a liquidation.
 */
export interface MarginCalls {
  /** The account's margin ratio reached 80 % (once per crossing); `risk` is its state at the mark that did it. */
  marginCall(accountId: number, risk: AccountRisk): Promise<void>;
}
