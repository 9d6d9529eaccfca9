import { type AccountState, openedAccount, totalReserved } from '../../core/accounts/account';
import { foldAccount } from '../../core/accounts/evolveAccount';
import { type LedgerEntry, ledgerOf } from '../../core/accounts/ledger';
import type { AuditPorts } from '../ports/ports';

/** An account as it was: its state after the last version stored at or before the time. */
export interface AccountAt {
  readonly accountId: number;
  /** The time asked for (epoch ms) and the version and time of the last change it includes. */
  readonly asOf: number;
  readonly version: number;
  readonly changedAt: number | null;
  /** The state then; `reservations` are its open orders (order id → symbol, margin, open lots). */
  readonly state: AccountState;
  readonly reserved: bigint;
  /** The account's ledger up to then (core/accounts/ledger.ts): every wallet change with its cause. */
  readonly ledger: readonly LedgerEntry[];
  /** Σ ledger = the wallet then: true unless the account's log and its ledger disagree (an alarm, not a state). */
  readonly reconciled: boolean;
}

/**
 * `account-at`: folds the account's own log (application/ports/accountStore.ts: one event per version) up to the
 * time, with the same fold the live account uses (foldAccount), so the answer is what the account said then. Its
 * times are when each change was stored: a fill is in an account once the projector settled it, a moment after
 * the symbol's event (the symbol's own time is in the settlement's `settledSeq`, for book-at).
 */
export async function accountAt(
  ports: Pick<AuditPorts, 'accountStore'>,
  accountId: number,
  time: number,
): Promise<AccountAt | undefined> {
  const history = await ports.accountStore.history(accountId);
  if (history.length === 0) return undefined;
  let upTo = 0;
  while (upTo < history.length && history[upTo]!.time <= time) upTo++;
  const untilThen = history.slice(0, upTo);
  const changedAt = untilThen.at(-1)?.time ?? null;
  const state = foldAccount(
    openedAccount(accountId),
    untilThen.map((stored) => stored.event),
  );
  const ledger = ledgerOf(untilThen);
  const sum = ledger.reduce((total, entry) => total + entry.amount, 0n);
  return {
    accountId,
    asOf: time,
    version: state.version,
    changedAt,
    state,
    reserved: totalReserved(state),
    ledger,
    reconciled: sum === state.walletBalance && (ledger.at(-1)?.balance ?? 0n) === state.walletBalance,
  };
}
