import type { Side } from '../orders/order';
import type { AccountRisk, RiskedPosition } from './accountRisk';
import { bankruptcyPriceTicks } from './bankruptcyPrice';
import { restOfAccount } from './liquidationPrice';

/**
 * What the risk service does next to an account, one step at a time (it re-evaluates after each step's events):
 *   1. an account whose margin balance is ≤ its maintenance margin is frozen and all its open orders cancelled;
 *   2. if it is still breached without them, its riskiest position (the largest maintenance margin; ties by
 *      symbol) is closed by a liquidation order: an IOC at that position's bankruptcy price;
 *   3. once it is no longer breached it is unfrozen. A partly liquidated account that is safe again stops there.
 */
export type LiquidationStep =
  | { readonly type: 'Safe' }
  | { readonly type: 'CancelOpenOrders' }
  | {
      readonly type: 'Liquidate';
      readonly symbol: string;
      readonly side: Side;
      readonly lots: number;
      /** The IOC's limit: the position's bankruptcy price in ticks. */
      readonly priceTicks: number;
    };

export function nextLiquidationStep(risk: AccountRisk, hasOpenOrders: boolean): LiquidationStep {
  if (!risk.liquidatable) return { type: 'Safe' };
  if (hasOpenOrders) return { type: 'CancelOpenOrders' };
  const riskiest = riskiestPosition(risk.positions);
  if (riskiest === undefined) return { type: 'Safe' };
  const rest = restOfAccount(risk, riskiest.symbol);
  const long = riskiest.position.size > 0;
  return {
    type: 'Liquidate',
    symbol: riskiest.symbol,
    side: long ? 'SELL' : 'BUY',
    lots: Math.abs(riskiest.position.size),
    priceTicks: bankruptcyPriceTicks(rest, riskiest),
  };
}

export function riskiestPosition(positions: readonly RiskedPosition[]): RiskedPosition | undefined {
  let riskiest: RiskedPosition | undefined;
  for (const candidate of positions) {
    if (candidate.position.size === 0) continue;
    if (
      riskiest === undefined ||
      candidate.value.maintMargin > riskiest.value.maintMargin ||
      (candidate.value.maintMargin === riskiest.value.maintMargin && candidate.symbol < riskiest.symbol)
    ) {
      riskiest = candidate;
    }
  }
  return riskiest;
}
