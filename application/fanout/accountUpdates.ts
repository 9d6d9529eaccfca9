import type { AccountState } from '../../core/accounts/account';
import { settleSymbolEvents } from '../../core/accounts/settlement';
import type { EngineEvent } from '../../core/engine/events';
import type { Money } from '../../core/numbers/money';
import { expandPosition, type Position } from '../../core/position/position';
import type { EventWindow } from './eventWindow';

/** What a run of fills did to one account: its position in the symbol after the last one, and the last price. */
export interface AccountFills {
  readonly accountId: number;
  readonly position: Position;
  readonly lastPrice: number;
  readonly time: number;
}

/**
 * The accounts a run's fills changed, each with its position after its last fill; a liquidation's position
 * transfers (to the insurance fund or an ADL counterparty, at the bankruptcy price) count as fills of both sides.
 */
export function accountFills(events: readonly EngineEvent[]): AccountFills[] {
  const byAccount = new Map<number, AccountFills>();
  for (const event of events) {
    if (event.type === 'PositionTransferred') {
      for (const side of [event.liquidated, event.counterparty])
        byAccount.set(side.accountId, {
          accountId: side.accountId,
          position: expandPosition(side.position),
          lastPrice: event.price,
          time: event.time,
        });
      continue;
    }
    if (event.type !== 'Trade') continue;
    for (const fill of [event.maker, event.taker]) {
      byAccount.set(fill.accountId, {
        accountId: fill.accountId,
        position: expandPosition(fill.position),
        lastPrice: event.price,
        time: event.time,
      });
    }
  }
  return [...byAccount.values()];
}

/**
 * The account's wallet balance right after the run, counting every fill the fan-out handled before it in any
 * symbol: the balance an ACCOUNT_UPDATE carries then never leaves out a fill its stream was already sent, whichever
 * symbol the projector happened to settle first. The state read is brought to the run's end in the run's symbol
 * (inRunSymbol), and in every other symbol to where the fan-out's memory of it ends (RecentEvents.unsettled: the
 * fills posted there that the state does not hold yet). A symbol the state is already past there stays as the
 * state has it: its fills not yet posted count a little early, never twice. Where the memory does not reach back
 * to the account's settled point (a cold start; another Lambda container's symbols) that symbol counts as the state
 * has it, as the projector settled it. undefined if the log is out of the window's reach.
 *
 * `projected` (the projector's progress in the run's symbol, a read) is asked only when the events between the
 * account's settled point there and the run are not in hand (the run itself, or the fan-out's memory of its last
 * runs: EventWindow.inHand): settledSeq moves only with events that concern the account, so the events between it
 * and the progress change nothing for it, and settling from settledSeq itself gives the same balance without the
 * read. At steady load an account's balance costs no progress read and no log read. When the progress is read,
 * the state is read again after it (`readAgain`): the projector may have settled one of the account's events and
 * moved its progress past it between the first read and the progress read, and a state older than the progress
 * would then lose that event.
 */
export async function walletAfterRun(
  state: AccountState,
  projected: () => Promise<number>,
  window: EventWindow,
  readAgain: () => Promise<AccountState | undefined>,
): Promise<Money | undefined> {
  let current = state;
  let settled = current.settledSeq[window.run.symbol] ?? 0;
  if (!window.inHand(settled)) {
    const progress = await projected();
    current = (await readAgain()) ?? current;
    settled = Math.max(current.settledSeq[window.run.symbol] ?? 0, progress);
  }
  const inRunSymbol = await inRunSymbolFrom(current, settled, window);
  if (inRunSymbol === undefined) return undefined;
  let elsewhere = 0n;
  for (const { symbol, events } of window.unsettledElsewhere(current.accountId, current.settledSeq))
    elsewhere += walletDelta(current, symbol, events);
  return inRunSymbol + elsewhere;
}

/**
 * The wallet with the account's settlement in the run's symbol brought from `settled` (where the state stands, or
 * the projector's progress past it) to the run's end: the run's fills not yet settled are added, fills settled past
 * the run taken out, with the same settlement function.
 */
async function inRunSymbolFrom(
  state: AccountState,
  settled: number,
  window: EventWindow,
): Promise<Money | undefined> {
  const { symbol, lastSeq } = window.run;
  if (settled === lastSeq) return state.walletBalance;
  if (settled < lastSeq) {
    const unsettled = await window.between(settled, lastSeq);
    if (unsettled === undefined) return undefined;
    const asOf = { ...state, settledSeq: { ...state.settledSeq, [symbol]: settled } };
    return state.walletBalance + walletDelta(asOf, symbol, unsettled);
  }
  const later = await window.between(lastSeq, settled);
  if (later === undefined) return undefined;
  const asOf = { ...state, settledSeq: { ...state.settledSeq, [symbol]: lastSeq } };
  return state.walletBalance - walletDelta(asOf, symbol, later);
}

/** What settling the events (those after the account's settled sequence) adds to its wallet. */
function walletDelta(state: AccountState, symbol: string, events: readonly EngineEvent[]): Money {
  const settled = settleSymbolEvents(state, symbol, events);
  return settled?.type === 'SymbolEventsSettled' ? settled.changes.walletDelta : 0n;
}
