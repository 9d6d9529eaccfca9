import { assertNever } from '../assertNever';
import type { AccountState, MarginReservation } from './account';
import type { AccountEvent, SettlementChanges } from './accountEvents';

/** The account after an event; pure, so the store and every reader fold the same way. */
export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  const next = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'AccountOpened':
      return next;
    case 'CollateralDeposited':
      return {
        ...next,
        walletBalance: state.walletBalance + event.amount,
        updateTime: latest(state.updateTime, event.time),
      };
    case 'CollateralWithdrawn':
      return {
        ...next,
        walletBalance: state.walletBalance - event.amount,
        updateTime: latest(state.updateTime, event.time),
      };
    case 'LeverageSet':
      return { ...next, leverage: { ...state.leverage, [event.symbol]: event.leverage } };
    case 'MarginReserved': {
      const reservation: MarginReservation = {
        symbol: event.symbol,
        amount: event.amount,
        openLots: event.openLots,
        ...(event.side === undefined ? {} : { side: event.side }),
      };
      return { ...next, reservations: { ...state.reservations, [String(event.orderId)]: reservation } };
    }
    case 'SymbolEventsSettled': {
      const changes = event.changes;
      const reservations = { ...state.reservations };
      for (const [orderId, change] of Object.entries(changes.reservations)) {
        if (change === null) delete reservations[orderId];
        else {
          const side = state.reservations[orderId]?.side;
          reservations[orderId] = {
            symbol: event.symbol,
            amount: change.amount,
            openLots: change.openLots,
            ...(side === undefined ? {} : { side }),
          };
        }
      }
      const positions = { ...state.positions };
      if (changes.position !== null) {
        if (changes.position.size === 0 && changes.position.realizedPnl === 0n)
          delete positions[event.symbol];
        else positions[event.symbol] = changes.position;
      }
      return {
        ...next,
        walletBalance: state.walletBalance + changes.walletDelta,
        updateTime: latest(state.updateTime, walletTime(changes)),
        reservations,
        positions,
        settledSeq: { ...state.settledSeq, [event.symbol]: event.seq },
      };
    }
    default:
      return assertNever(event);
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
