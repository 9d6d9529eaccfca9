import { feeOn, type Money } from '../numbers/money';
import { type Instrument, notionalOf } from '../symbol/instrument';
import { notionalAt, type ValuationPrice } from '../symbol/valuation';
import { type AccountState, leverageOf, totalReserved } from './account';

/**
 * Cross-margin arithmetic, exact in money units. Prices come from one function, `markPriceOf`, supplied by the
 * caller: a symbol's mark price (MarkPrice, 10^-8 USDT) once it has an index, else its last trade price in ticks.
 */
export type MarkPrices = (symbol: string) => ValuationPrice | undefined;

export interface Instruments {
  get(symbol: string): Instrument | undefined;
}

/** Initial margin an order of `lots` at `priceTicks` needs: notional / leverage, plus the taker fee on it. */
export function orderInitialMargin(
  instrument: Instrument,
  priceTicks: number,
  lots: number,
  leverage: number,
): Money {
  const notional = notionalOf(instrument, priceTicks, lots);
  return ceilDivide(notional, leverage) + feeOn(notional, instrument.takerFeeRate);
}

export interface MarginSummary {
  readonly walletBalance: Money;
  readonly unrealizedPnl: Money;
  /** wallet + unrealized PnL. */
  readonly marginBalance: Money;
  readonly positionInitialMargin: Money;
  readonly openOrderInitialMargin: Money;
  /** marginBalance − position and open-order initial margin; what a new order may use. */
  readonly availableBalance: Money;
}

export function marginSummary(
  account: AccountState,
  instruments: Instruments,
  markPriceOf: MarkPrices,
): MarginSummary {
  let unrealizedPnl = 0n;
  let positionInitialMargin = 0n;
  for (const [symbol, position] of Object.entries(account.positions)) {
    if (position.size === 0) continue;
    const instrument = instruments.get(symbol);
    if (instrument === undefined) continue;
    const mark = markPriceOf(symbol);
    // Without a price the position is valued at its entry: no unrealized PnL, margin on the entry notional. A
    // mark finer than the tick values a long down and a short up, so unrealized PnL is never overstated.
    const notional =
      mark === undefined
        ? position.entryNotional
        : notionalAt(instrument, mark, Math.abs(position.size), position.size > 0 ? 'down' : 'up');
    unrealizedPnl +=
      position.size > 0 ? notional - position.entryNotional : position.entryNotional - notional;
    positionInitialMargin += ceilDivide(notional, leverageOf(account, symbol, instrument.spec.maxLeverage));
  }
  const openOrderInitialMargin = totalReserved(account);
  const marginBalance = account.walletBalance + unrealizedPnl;
  return {
    walletBalance: account.walletBalance,
    unrealizedPnl,
    marginBalance,
    positionInitialMargin,
    openOrderInitialMargin,
    availableBalance: marginBalance - positionInitialMargin - openOrderInitialMargin,
  };
}

function ceilDivide(amount: Money, divisor: number): Money {
  const d = BigInt(divisor);
  return (amount + d - 1n) / d;
}
