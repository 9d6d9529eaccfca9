import { ceilDiv } from '../numbers/decimal';
import { feeOn, type Money } from '../numbers/money';
import type { Position } from '../position/position';
import type { Instrument } from '../symbol/instrument';
import { notionalAt, type ValuationPrice } from '../symbol/valuation';
import { maintenanceMargin } from './riskBracket';

/**
 * What GET /positionRisk and /account show of one position, in money, valued as core/accounts/margin.ts values
 * it: at the mark price (the last trade price for a symbol without an index price), or at its entry when there
 * is neither. Maintenance margin is by the tier of the position's notional.
 */
export interface PositionRisk {
  readonly size: number;
  readonly entryNotional: Money;
  /** Signed like the position: negative for a short. */
  readonly notional: Money;
  readonly unrealizedPnl: Money;
  readonly positionInitialMargin: Money;
  readonly maintMargin: Money;
  /**
   * The notional at which closing the whole position as a taker breaks even: the entry notional plus (long) or
   * minus (short) the taker fee of closing. Opening fees are not tracked per position, so they are not in it.
   */
  readonly breakEvenNotional: Money;
}

export function positionRisk(
  position: Position,
  instrument: Instrument,
  markPrice: ValuationPrice | undefined,
  leverage: number,
): PositionRisk {
  const lots = Math.abs(position.size);
  const long = position.size > 0;
  // A mark finer than the tick values a long down and a short up: unrealized PnL is never overstated.
  const value =
    markPrice === undefined
      ? position.entryNotional
      : notionalAt(instrument, markPrice, lots, long ? 'down' : 'up');
  const closingFee = feeOn(position.entryNotional, instrument.takerFeeRate);
  return {
    size: position.size,
    entryNotional: position.entryNotional,
    notional: long ? value : -value,
    unrealizedPnl:
      position.size === 0 ? 0n : long ? value - position.entryNotional : position.entryNotional - value,
    positionInitialMargin: lots === 0 ? 0n : ceilDiv(value, BigInt(leverage)),
    maintMargin: lots === 0 ? 0n : maintenanceMargin(instrument, value),
    breakEvenNotional:
      lots === 0 ? 0n : long ? position.entryNotional + closingFee : position.entryNotional - closingFee,
  };
}
