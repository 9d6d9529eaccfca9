import { ceilDiv, floorDiv } from '../numbers/decimal';
import type { Money } from '../numbers/money';
import type { Position } from '../position/position';
import { maintenanceMargin } from '../projections/riskBracket';
import type { Instrument } from '../symbol/instrument';

/**
 * One position valued at a mark given in mark units (10^-8 USDT per whole base unit), exactly as
 * core/accounts/margin.ts and core/projections/positionRisk.ts value it: the notional of a long rounded down and of
 * a short rounded up (unrealized PnL never overstated), maintenance margin by the tier of that notional. Kept here
 * in one place so the liquidation price, the trigger and the query side can never disagree by a unit.
 */
export interface PositionValue {
  /** |size| × mark, rounded against the holder. */
  readonly notional: Money;
  readonly unrealizedPnl: Money;
  readonly maintMargin: Money;
}

export function positionValueAt(
  instrument: Instrument,
  position: Position,
  markUnits: bigint,
): PositionValue {
  if (position.size === 0) return { notional: 0n, unrealizedPnl: 0n, maintMargin: 0n };
  const notional = notionalAgainstHolder(instrument, position, markUnits);
  return {
    notional,
    unrealizedPnl: pnlAt(position, notional),
    maintMargin: maintenanceMargin(instrument, notional),
  };
}

/** positionValueAt's unrealized PnL alone, for callers that need no maintenance margin (the engine's ADL, the fund). */
export function unrealizedPnlAt(instrument: Instrument, position: Position, markUnits: bigint): Money {
  if (position.size === 0) return 0n;
  return pnlAt(position, notionalAgainstHolder(instrument, position, markUnits));
}

function notionalAgainstHolder(instrument: Instrument, position: Position, markUnits: bigint): Money {
  return notionalAtUnits(instrument, Math.abs(position.size), markUnits, position.size > 0 ? 'down' : 'up');
}

function pnlAt(position: Position, notional: Money): Money {
  return position.size > 0 ? notional - position.entryNotional : position.entryNotional - notional;
}

/** lots × step × mark in money: the scaled product divided by 10^stepDecimals, rounded as asked. */
export function notionalAtUnits(
  instrument: Instrument,
  lots: number,
  markUnits: bigint,
  rounding: 'down' | 'up',
): Money {
  const scaled = BigInt(lots) * instrument.stepUnits * markUnits;
  const divisor = 10n ** BigInt(instrument.stepDecimals);
  return rounding === 'down' ? floorDiv(scaled, divisor) : ceilDiv(scaled, divisor);
}
