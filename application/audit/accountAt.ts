import { type AccountState, openedAccount, totalReserved } from '../../core/accounts/account';
import { evolveAccount } from '../../core/accounts/evolveAccount';
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
}

/**
 * `account-at`: folds the account's own log (application/ports/accountStore.ts: one event per version) up to the
 * time, with the same evolveAccount the live account uses, so the answer is what the account said then. Its
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
  let state = openedAccount(accountId);
  let changedAt: number | null = null;
  for (const stored of history) {
    if (stored.time > time) break;
    state = evolveAccount(state, stored.event);
    changedAt = stored.time;
  }
  return { accountId, asOf: time, version: state.version, changedAt, state, reserved: totalReserved(state) };
}
