import { type Rejection, Rejections, withDetail } from '../errors';
import { ceilDiv } from '../numbers/decimal';
import { type Money, minMoney } from '../numbers/money';
import type { Side } from '../orders/order';
import { checkNotionalCap, notionalIfFilled } from '../projections/riskBracket';
import type { Instrument } from '../symbol/instrument';
import { notionalAt, type ValuationPrice } from '../symbol/valuation';
import { type AccountState, exposureOf, leverageOf } from './account';
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

/**
 * What a leverage change is checked against: the account's positions and orders, valued as margin values them.
 * Without it only the symbol's maximum is checked.
 */
export interface LeverageRisk {
  readonly instruments: Instruments;
  readonly markPriceOf: MarkPrices;
}

/**
 * A new leverage for a symbol, at most the symbol's maximum (-4028). With `risk`, as Binance: the position must
 * fit under the new leverage's notional cap (-2027), and a lower leverage must leave the margin balance able to
 * carry the larger initial margin of the position and of the symbol's open orders (-2028).
 */
export function setLeverage(
  account: AccountState,
  symbol: string,
  leverage: number,
  maxLeverage: number,
  risk?: LeverageRisk,
): AccountDecision {
  if (!Number.isInteger(leverage) || leverage < 1 || leverage > maxLeverage) {
    return { rejection: withDetail(Rejections.invalidLeverage, String(leverage)) };
  }
  if (account.leverage[symbol] === leverage) return { events: [] };
  const instrument = risk?.instruments.get(symbol);
  if (risk !== undefined && instrument !== undefined) {
    const position = account.positions[symbol];
    if (position !== undefined && position.size !== 0) {
      const mark = risk.markPriceOf(symbol);
      const notional =
        mark === undefined
          ? position.entryNotional
          : notionalAt(instrument, mark, Math.abs(position.size), 'up');
      const overCap = checkNotionalCap(instrument, leverage, notional);
      if (overCap !== undefined) return { rejection: overCap };
    }
    const current = leverageOf(account, symbol, maxLeverage);
    if (leverage < current) {
      const after = { ...account, leverage: { ...account.leverage, [symbol]: leverage } };
      // Open orders' margin is reserved at the leverage they were placed with: at the lower one it grows by
      // current / new (fees included, so it is never under-stated).
      let ordersMore = 0n;
      for (const r of Object.values(account.reservations))
        if (r.symbol === symbol)
          ordersMore += ceilDiv(r.amount * BigInt(current), BigInt(leverage)) - r.amount;
      const available = marginSummary(after, risk.instruments, risk.markPriceOf).availableBalance;
      if (available - ordersMore < 0n) return { rejection: Rejections.leverageTooLow };
    }
  }
  return { events: [{ type: 'LeverageSet', symbol, leverage }] };
}

/** An order's initial margin to hold, on its side. */
export interface OrderMargin {
  readonly orderId: number;
  readonly symbol: string;
  readonly amount: Money;
  readonly openLots: number;
  /** Recorded with the reservation, for the notional cap of later orders; an amendment keeps its order's. */
  readonly side?: Side;
}

/**
 * The notional cap an order is checked against (-2027): its symbol, and the price its lots would fill at (the
 * limit price, or a MARKET order's worst case).
 */
export interface NotionalCapCheck {
  readonly instrument: Instrument;
  readonly price: ValuationPrice;
}

/**
 * Pre-trade risk, in one decision on the account's newest state: with `cap`, the position the account would
 * hold if this order and its open orders on the same side filled must fit the notional cap of its leverage in
 * the symbol (-2027, Binance's tiers); and the order's initial margin must fit in the available balance (-2019).
 */
export function reserveMargin(
  account: AccountState,
  order: OrderMargin,
  instruments: Instruments,
  markPriceOf: MarkPrices,
  cap?: NotionalCapCheck,
): AccountDecision {
  const existing = account.reservations[String(order.orderId)];
  const side = order.side ?? existing?.side;
  if (cap !== undefined && side !== undefined) {
    const { instrument } = cap;
    const leverage = leverageOf(account, order.symbol, instrument.spec.maxLeverage);
    const exposure = exposureOf(account, order.symbol, order.orderId);
    const notional = notionalIfFilled(instrument, exposure, side, order.openLots, cap.price);
    const overCap = checkNotionalCap(instrument, leverage, notional);
    if (overCap !== undefined) return { rejection: overCap };
  }
  const extra = order.amount - (existing?.amount ?? 0n);
  if (extra > 0n && marginSummary(account, instruments, markPriceOf).availableBalance < extra) {
    return { rejection: Rejections.marginInsufficient };
  }
  return {
    events: [
      {
        type: 'MarginReserved',
        orderId: order.orderId,
        symbol: order.symbol,
        amount: extra > 0n ? order.amount : (existing?.amount ?? 0n),
        openLots: order.openLots,
        ...(side === undefined ? {} : { side }),
      },
    ],
  };
}
