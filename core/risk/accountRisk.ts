import type { AccountState } from '../accounts/account';
import type { Instruments, MarkPrices } from '../accounts/margin';
import type { Money, Rate } from '../numbers/money';
import { RATE_ONE } from '../numbers/money';
import type { Position } from '../position/position';
import { maintenanceMargin } from '../projections/riskBracket';
import type { Instrument } from '../symbol/instrument';
import { priceUnitsOf } from '../symbol/valuation';
import { type PositionValue, positionValueAt } from './positionValue';

/**
 * An account's cross-margin risk at marks (one-way mode), Binance's definitions:
 *   margin balance     = wallet balance + Σ unrealized PnL
 *   maintenance margin = Σ (notional × maintMarginRatio of its tier − cum)
 *   margin ratio       = maintenance margin ÷ margin balance
 * The account is liquidated when margin balance ≤ maintenance margin (ratio ≥ 100 %, or a balance ≤ 0 while it
 * holds a position) and gets a MARGIN_CALL when the ratio reaches 80 %.
 */
export interface RiskedPosition {
  readonly symbol: string;
  readonly instrument: Instrument;
  readonly position: Position;
  /** The mark the position was valued at, in mark units; undefined: no price yet, valued at its entry. */
  readonly markUnits: bigint | undefined;
  readonly value: PositionValue;
}

export interface AccountRisk {
  readonly walletBalance: Money;
  readonly marginBalance: Money;
  readonly maintMargin: Money;
  /** maintMargin ÷ marginBalance as a Rate (10^-8), rounded up; undefined without a position or with a balance ≤ 0. */
  readonly marginRatio: Rate | undefined;
  readonly positions: readonly RiskedPosition[];
  readonly liquidatable: boolean;
}

/** The ratio at which Binance sends MARGIN_CALL: 80 %. */
export const MARGIN_CALL_RATIO: Rate = (RATE_ONE * 80n) / 100n;

export function accountRisk(
  account: AccountState,
  instruments: Instruments,
  markPriceOf: MarkPrices,
): AccountRisk {
  const positions: RiskedPosition[] = [];
  let unrealizedPnl = 0n;
  let maintMargin = 0n;
  for (const [symbol, position] of Object.entries(account.positions)) {
    if (position.size === 0) continue;
    const instrument = instruments.get(symbol);
    if (instrument === undefined) continue;
    const mark = markPriceOf(symbol);
    const markUnits = mark === undefined ? undefined : priceUnitsOf(instrument, mark);
    const value =
      markUnits === undefined
        ? atEntry(instrument, position)
        : positionValueAt(instrument, position, markUnits);
    unrealizedPnl += value.unrealizedPnl;
    maintMargin += value.maintMargin;
    positions.push({ symbol, instrument, position, markUnits, value });
  }
  const marginBalance = account.walletBalance + unrealizedPnl;
  return {
    walletBalance: account.walletBalance,
    marginBalance,
    maintMargin,
    marginRatio: marginRatioOf(maintMargin, marginBalance, positions.length > 0),
    positions,
    liquidatable: positions.length > 0 && isBreached(marginBalance, maintMargin),
  };
}

/** The liquidation trigger, one definition for every caller: margin balance ≤ maintenance margin. */
export function isBreached(marginBalance: Money, maintMargin: Money): boolean {
  return marginBalance <= maintMargin;
}

function marginRatioOf(maintMargin: Money, marginBalance: Money, holds: boolean): Rate | undefined {
  if (!holds || marginBalance <= 0n) return undefined;
  return (maintMargin * RATE_ONE + marginBalance - 1n) / marginBalance;
}

function atEntry(instrument: Instrument, position: Position): PositionValue {
  // Without any price the position is valued at its entry, as core/accounts/margin.ts does.
  const notional = position.entryNotional;
  return { notional, unrealizedPnl: 0n, maintMargin: maintenanceMargin(instrument, notional) };
}
