import type { AccountState } from '../../core/accounts/account';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { settleSymbolEvents } from '../../core/accounts/settlement';
import type { EngineEvent } from '../../core/engine/events';
import type { IngressContext } from '../context';
import { PROJECTOR } from '../projections/projector';

/**
 * Past this many event items of a symbol not yet projected (the projector is down or far behind), the account is
 * shown in that symbol as the projector left it: a query does not read a backlog. Live, the tail is a batch or two.
 */
export const UNPROJECTED_ITEMS_READ = 50;

/**
 * An account as of the newest committed events, not only as far as the projector has settled it. Ingress answers
 * an order once the matcher has committed it (RESULT) while the projector settles it a moment later (7–42 ms
 * locally, about a second on AWS): a trader who reads his position or balance right after his order filled, as
 * ccxt's createOrder then fetchPositions does, would see it without the fill, and might order again.
 *
 * For each symbol, the projector's progress is read first and the account after it, so every event up to that
 * progress is in the state read; the events past it are read from the log (one Query, usually finding nothing) and
 * settled into the state in memory with the projector's own settlement function, which skips what the state has
 * settled already. Nothing is written. `undefined` for an account that does not exist.
 */
export async function accountNow(
  ctx: Pick<IngressContext, 'progress' | 'events' | 'accounts'>,
  accountId: number,
  symbols: readonly string[],
): Promise<AccountState | undefined> {
  const progress = await Promise.all(symbols.map((symbol) => ctx.progress.get(PROJECTOR, symbol)));
  const [state, tails] = await Promise.all([
    ctx.accounts.load(accountId),
    Promise.all(symbols.map((symbol, i) => unprojected(ctx, symbol, progress[i]!))),
  ]);
  if (state === undefined) return undefined;
  let now = state;
  symbols.forEach((symbol, i) => {
    const tail = tails[i];
    if (tail === undefined || tail.length === 0) return;
    const settled = settleSymbolEvents(now, symbol, tail);
    if (settled !== undefined) now = evolveAccount(now, settled);
  });
  return now;
}

/** The symbol's events after `afterSeq`; undefined past UNPROJECTED_ITEMS_READ items. */
async function unprojected(
  ctx: Pick<IngressContext, 'events'>,
  symbol: string,
  afterSeq: number,
): Promise<EngineEvent[] | undefined> {
  const events: EngineEvent[] = [];
  let items = 0;
  for await (const item of ctx.events.itemsAfter(symbol, afterSeq)) {
    if (++items > UNPROJECTED_ITEMS_READ) return undefined;
    events.push(...(item.events ?? []));
  }
  return events;
}
