import { ceilDiv, floorDiv } from '../numbers/decimal';
import type { RiskedPosition } from './accountRisk';
import type { RestOfAccount } from './liquidationPrice';

/**
 * The bankruptcy price of a position, in ticks: the price at which closing it leaves the account's margin balance
 * at zero, the other positions at their marks. A long's liquidation sells no lower than the smallest tick at or
 * above it, a short's buys no higher than the largest tick at or below it, so every fill of the liquidation order
 * leaves the account's margin balance ≥ 0 (the order of the liquidation IOC). Clamped to the symbol's price filter.
 *
 *   long:  rest + lots × p − entry = 0  →  p = (entry − rest) / lots
 *   short: rest + entry − lots × p = 0  →  p = (entry + rest) / lots
 */
export function bankruptcyPriceTicks(
  rest: Pick<RestOfAccount, 'balance'>,
  held: Pick<RiskedPosition, 'instrument' | 'position'>,
): number {
  const { instrument, position } = held;
  const perTick = BigInt(Math.abs(position.size)) * instrument.moneyPerTickLot;
  const ticks =
    position.size > 0
      ? ceilDiv(position.entryNotional - rest.balance, perTick)
      : floorDiv(position.entryNotional + rest.balance, perTick);
  if (ticks < BigInt(instrument.minPriceTicks)) return instrument.minPriceTicks;
  if (ticks > BigInt(instrument.maxPriceTicks)) return instrument.maxPriceTicks;
  return Number(ticks);
}
