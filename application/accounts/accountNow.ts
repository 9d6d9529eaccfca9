import type { AccountState } from '../../core/accounts/account';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { settleSymbolEvents } from '../../core/accounts/settlement';
import type { EngineEvent } from '../../core/engine/events';
import type { IngressContext } from '../context';
import { withUnprojected } from '../projections/unprojected';

/**
 * An account as of the newest committed events, not only as far as the projector has settled it: a trader who
 * reads his position or balance right after his order filled, as ccxt's createOrder then fetchPositions does,
 * sees the fill (without it he might order again). The events the projector has not applied (withUnprojected) are
 * settled into the state in memory with the projector's own settlement function, which skips what the state has
 * settled already; nothing is written. Only the symbols the account is in are read past the projector (accountSymbols).
 * `undefined` for an account that does not exist.
 */
export async function accountNow(
  ctx: Pick<IngressContext, 'progress' | 'events' | 'accounts'>,
  accountId: number,
  symbols: readonly string[],
): Promise<AccountState | undefined> {
  const [state, tails] = await withUnprojected(
    ctx,
    symbols,
    () => ctx.accounts.load(accountId),
    (state) => (state === undefined ? [] : accountSymbols(state)),
  );
  return state === undefined ? undefined : settledForward(state, tails);
}

/**
 * The symbols in which events can change an account: those it holds a position in, and those it has orders open in
 * (each holds a margin reservation from ingress, taken before the order went out; a reduce-only order needs a
 * position). Funding, liquidation and ADL touch positions only.
 */
export function accountSymbols(state: AccountState): string[] {
  const symbols = new Set(Object.keys(state.positions));
  for (const reservation of Object.values(state.reservations)) symbols.add(reservation.symbol);
  return [...symbols];
}

/** The account with the events of each symbol's tail settled into it (settlement skips what it holds already). */
export function settledForward(
  state: AccountState,
  tails: ReadonlyMap<string, readonly EngineEvent[] | undefined>,
): AccountState {
  let now = state;
  for (const [symbol, tail] of tails) {
    if (tail === undefined || tail.length === 0) continue;
    const settled = settleSymbolEvents(now, symbol, tail);
    if (settled !== undefined) now = evolveAccount(now, settled);
  }
  return now;
}
