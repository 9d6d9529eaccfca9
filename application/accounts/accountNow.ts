import type { AccountState } from '../../core/accounts/account';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { settleSymbolEvents } from '../../core/accounts/settlement';
import type { IngressContext } from '../context';
import { withUnprojected } from '../projections/unprojected';

/**
 * An account as of the newest committed events, not only as far as the projector has settled it: a trader who
 * reads his position or balance right after his order filled, as ccxt's createOrder then fetchPositions does,
 * sees the fill (without it he might order again). The events the projector has not applied (withUnprojected) are
 * settled into the state in memory with the projector's own settlement function, which skips what the state has
 * settled already; nothing is written. `undefined` for an account that does not exist.
 */
export async function accountNow(
  ctx: Pick<IngressContext, 'progress' | 'events' | 'accounts'>,
  accountId: number,
  symbols: readonly string[],
): Promise<AccountState | undefined> {
  const [state, tails] = await withUnprojected(ctx, symbols, () => ctx.accounts.load(accountId));
  if (state === undefined) return undefined;
  let now = state;
  for (const [symbol, tail] of tails) {
    if (tail === undefined || tail.length === 0) continue;
    const settled = settleSymbolEvents(now, symbol, tail);
    if (settled !== undefined) now = evolveAccount(now, settled);
  }
  return now;
}
