import type { Money } from '../numbers/money';
import type { Side } from '../orders/order';
import type { Position } from '../position/position';
import type { Exposure } from '../projections/riskBracket';

/**
 * A trader's USDT-margined futures account, one-way mode, cross margin. Event-sourced like a symbol, in its own
 * stream (`acct#<id>`), one version per change, written with a version condition (optimistic concurrency).
 *
 * The wallet holds deposits − withdrawals + realized PnL − fees. Open orders hold margin reservations taken at
 * ingress before the order reaches the matcher; settlement of the symbol events converts them (fills) or frees
 * them (cancels, expiries, rejections). Positions are copied from the engine's fills, which already computed them.
 */
export interface AccountState {
  readonly accountId: number;
  readonly version: number;
  readonly walletBalance: Money;
  /**
   * When the wallet last changed (ms): the time of the deposit, withdrawal, fill or funding payment that changed
   * it; 0 before the first. What /account and /balance answer as the asset's updateTime.
   */
  readonly updateTime: number;
  readonly reservations: Readonly<Record<string, MarginReservation>>;
  /** Leverage chosen per symbol; absent = the default (20, capped by the symbol). */
  readonly leverage: Readonly<Record<string, number>>;
  readonly positions: Readonly<Record<string, Position>>;
  /** Per symbol, the sequence of the last symbol event settled into this account: settlement is idempotent. */
  readonly settledSeq: Readonly<Record<string, number>>;
}

/** Initial margin held for an open order (by order id), released as its open quantity goes. */
export interface MarginReservation {
  readonly symbol: string;
  readonly amount: Money;
  /** Open quantity in lots the amount covers. */
  readonly openLots: number;
  /** The order's side, for the notional cap (-2027); absent on reservations taken before it was recorded. */
  readonly side?: Side;
}

export const DEFAULT_LEVERAGE = 20;

export function openedAccount(accountId: number): AccountState {
  return {
    accountId,
    version: 0,
    walletBalance: 0n,
    updateTime: 0,
    reservations: {},
    leverage: {},
    positions: {},
    settledSeq: {},
  };
}

export function leverageOf(account: AccountState, symbol: string, maxLeverage: number): number {
  return Math.min(account.leverage[symbol] ?? DEFAULT_LEVERAGE, maxLeverage);
}

/**
 * What the account holds and has open in a symbol, in lots (for the notional cap): its position, and the open
 * lots of its reservations on each side, except `exceptOrderId`'s (an amendment replaces its own). A
 * reservation taken before sides were recorded counts on both sides: the cap is never under-stated.
 */
export function exposureOf(account: AccountState, symbol: string, exceptOrderId?: number): Exposure {
  let openBuyLots = 0;
  let openSellLots = 0;
  for (const [orderId, reservation] of Object.entries(account.reservations)) {
    if (reservation.symbol !== symbol || orderId === String(exceptOrderId)) continue;
    if (reservation.side !== 'SELL') openBuyLots += reservation.openLots;
    if (reservation.side !== 'BUY') openSellLots += reservation.openLots;
  }
  return { positionSize: account.positions[symbol]?.size ?? 0, openBuyLots, openSellLots };
}

export function totalReserved(account: AccountState): Money {
  let total = 0n;
  for (const reservation of Object.values(account.reservations)) total += reservation.amount;
  return total;
}
