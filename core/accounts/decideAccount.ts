import { type Rejection, Rejections, withDetail } from '../errors';
import { type Money, minMoney } from '../numbers/money';
import type { AccountState } from './account';
import type { AccountEvent } from './accountEvents';
import { type Instruments, type MarkPrices, marginSummary } from './margin';

/**
 * Decisions on an account: each returns the events to append, or the contract rejection. They are pure; the
 * store appends the events at the next version and, if another writer got there first, decides again on the
 * newer state (so two concurrent orders can never both spend the same margin).
 */
export type AccountDecision =
  | { readonly events: readonly AccountEvent[] }
  | { readonly rejection: Rejection };

/** `time`: when the operator moves it (the wallet's updateTime). */
export function deposit(
  _account: AccountState,
  amount: Money,
  reference: string,
  time?: number,
): AccountDecision {
  if (amount <= 0n) return { rejection: withDetail(Rejections.invalidParameter, 'amount') };
  return {
    events: [{ type: 'CollateralDeposited', amount, reference, ...(time === undefined ? {} : { time }) }],
  };
}

/** Only what is available (not backing positions or open orders) may leave. */
export function withdraw(
  account: AccountState,
  amount: Money,
  reference: string,
  instruments: Instruments,
  markPriceOf: MarkPrices,
  time?: number,
): AccountDecision {
  if (amount <= 0n) return { rejection: withDetail(Rejections.invalidParameter, 'amount') };
  const available = marginSummary(account, instruments, markPriceOf).availableBalance;
  const withdrawable = minMoney(available, account.walletBalance);
  if (amount > withdrawable) return { rejection: { code: -2018, msg: 'Balance is insufficient.' } };
  return {
    events: [{ type: 'CollateralWithdrawn', amount, reference, ...(time === undefined ? {} : { time }) }],
  };
}

export function setLeverage(
  account: AccountState,
  symbol: string,
  leverage: number,
  maxLeverage: number,
): AccountDecision {
  if (!Number.isInteger(leverage) || leverage < 1 || leverage > maxLeverage) {
    return { rejection: withDetail(Rejections.invalidLeverage, String(leverage)) };
  }
  if (account.leverage[symbol] === leverage) return { events: [] };
  return { events: [{ type: 'LeverageSet', symbol, leverage }] };
}

/** Pre-trade risk: the order's initial margin must fit in the available balance, or -2019. */
export function reserveMargin(
  account: AccountState,
  order: { orderId: number; symbol: string; amount: Money; openLots: number },
  instruments: Instruments,
  markPriceOf: MarkPrices,
): AccountDecision {
  const existing = account.reservations[String(order.orderId)];
  const extra = order.amount - (existing?.amount ?? 0n);
  if (extra > 0n && marginSummary(account, instruments, markPriceOf).availableBalance < extra) {
    return { rejection: Rejections.marginInsufficient };
  }
  return {
    events: [
      { type: 'MarginReserved', ...order, amount: extra > 0n ? order.amount : (existing?.amount ?? 0n) },
    ],
  };
}
