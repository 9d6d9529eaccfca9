import { assertNever } from '../assertNever';
import type { AccountState } from './account';
import type { AccountEvent, SettlementChanges } from './accountEvents';

/** The account after an event; pure, so the store and every reader fold the same way. */
export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  return foldAccount(state, [event]);
}

/**
 * The account after events, in order: the same as evolving it by each, but each map the events change (a market
 * maker's reservations run to hundreds) is copied once for all of them, not once an event. The given state is
 * never changed; the returned one shares the maps no event touched.
 */
export function foldAccount(state: AccountState, events: readonly AccountEvent[]): AccountState {
  if (events.length === 0) return state;
  const draft = new Draft(state);
  for (const event of events) draft.apply(event);
  return draft.state;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The state's maps that events change entry by entry. */
type AccountMap = 'reservations' | 'positions' | 'leverage' | 'settledSeq';

/** A copy of the state that the events change in place, copying each map the first time one changes it. */
class Draft {
  readonly state: Mutable<AccountState>;
  private readonly copied = new Set<AccountMap>();

  constructor(base: AccountState) {
    this.state = { ...base };
  }

  apply(event: AccountEvent): void {
    const state = this.state;
    state.version += 1;
    switch (event.type) {
      case 'AccountOpened':
        return;
      case 'CollateralDeposited':
        state.walletBalance += event.amount;
        state.updateTime = latest(state.updateTime, event.time);
        return;
      case 'CollateralWithdrawn':
        state.walletBalance -= event.amount;
        state.updateTime = latest(state.updateTime, event.time);
        return;
      case 'AccountFrozen':
        state.frozen = true;
        return;
      case 'AccountUnfrozen':
        state.frozen = false;
        return;
      case 'LeverageSet':
        this.own('leverage')[event.symbol] = event.leverage;
        return;
      case 'MarginReserved':
        this.own('reservations')[String(event.orderId)] = {
          symbol: event.symbol,
          amount: event.amount,
          openLots: event.openLots,
          ...(event.side === undefined ? {} : { side: event.side }),
        };
        return;
      case 'SymbolEventsSettled': {
        const changes = event.changes;
        const reservations = this.own('reservations');
        for (const [orderId, change] of Object.entries(changes.reservations)) {
          if (change === null) delete reservations[orderId];
          else {
            const side = reservations[orderId]?.side;
            reservations[orderId] = {
              symbol: event.symbol,
              amount: change.amount,
              openLots: change.openLots,
              ...(side === undefined ? {} : { side }),
            };
          }
        }
        if (changes.position !== null) {
          const positions = this.own('positions');
          if (changes.position.size === 0 && changes.position.realizedPnl === 0n)
            delete positions[event.symbol];
          else positions[event.symbol] = changes.position;
        }
        state.walletBalance += changes.walletDelta;
        state.updateTime = latest(state.updateTime, walletTime(changes));
        this.own('settledSeq')[event.symbol] = event.seq;
        return;
      }
      default:
        assertNever(event);
    }
  }

  /** The draft's own copy of one of the state's maps, made the first time an event changes it. */
  private own<K extends AccountMap>(key: K): Mutable<AccountState[K]> {
    if (!this.copied.has(key)) {
      this.state[key] = { ...this.state[key] };
      this.copied.add(key);
    }
    return this.state[key] as Mutable<AccountState[K]>;
  }
}

/** When a settlement last changed the wallet: its last fill or funding payment (undefined: neither). */
function walletTime(changes: SettlementChanges): number | undefined {
  const fill = changes.fills?.[changes.fills.length - 1]?.time;
  const funding = changes.fundingFees?.[changes.fundingFees.length - 1]?.time;
  if (fill === undefined) return funding;
  return funding === undefined ? fill : Math.max(fill, funding);
}

/**
 * The later of two times: deposits carry the ingress clock, fills the engine's, so the time only moves forward.
 */
function latest(current: number, next: number | undefined): number {
  return next === undefined || next < current ? current : next;
}
