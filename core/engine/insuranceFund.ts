import type { Money } from '../numbers/money';
import type { Side } from '../orders/order';
import { expandPosition, type Position } from '../position/position';
import { bankruptcyPriceTicks } from '../risk/bankruptcyPrice';
import { unrealizedPnlAt } from '../risk/positionValue';
import { notionalOf } from '../symbol/instrument';
import type { Decision } from './decision';
import { deleverage, markUnitsOf } from './deleverage';
import { type EngineState, INSURANCE_FUND_ACCOUNT, positionOf } from './state';

/**
 * The symbol's insurance fund as an account of the engine (account 0): its cash is the liquidation fees it
 * received (`insuranceBalance`) plus what the positions it took over realized; its equity adds their PnL at the
 * mark. It takes a liquidation's remainder over only when its equity covers the loss that takes on, and when a
 * move of the mark leaves its equity below zero, its position is closed by ADL at the fund's bankruptcy price,
 * so the fund never owes what it does not have (the exchange stays solvent as a whole, not only each account).
 */
export function fundEquity(state: EngineState): Money {
  const position = fundPosition(state);
  return fundCash(state, position) + unrealizedPnl(state, position);
}

/**
 * Whether the fund can take `lots` over at the bankruptcy price `price` from a liquidation on `side` (it buys what
 * a long's liquidation sells, and sells what a short's buys): the loss that position already has at the mark must
 * not exceed the fund's equity.
 */
export function fundCanTakeOver(state: EngineState, side: Side, price: number, lots: number): boolean {
  const instrument = state.instrument!;
  const mark = markUnitsOf(state);
  const equity = fundEquity(state);
  if (mark === undefined) return equity >= 0n;
  // The position it would take: long what a long's liquidation sells, short what a short's buys.
  const taken: Position = {
    size: side === 'SELL' ? lots : -lots,
    entryNotional: notionalOf(instrument, price, lots),
    realizedPnl: 0n,
  };
  const loss = -unrealizedPnlAt(instrument, taken, mark);
  return equity >= (loss > 0n ? loss : 0n);
}

/**
 * After the mark moved: if the fund's equity is below zero, its whole position is closed against the symbol's
 * opposite positions (PositionTransferred ADL, order id 0) at the fund's bankruptcy price — the price at which its
 * equity is zero, rounded to the tick in the fund's favour (core/risk/bankruptcyPrice.ts, with the fund's cash
 * where an account's wallet and other positions stand) — so the fund's equity is ≥ 0 again.
 */
export function deleverageBankruptFund(d: Decision): void {
  const state = d.state;
  const position = fundPosition(state);
  if (position.size === 0 || fundEquity(state) >= 0n) return;
  const price = bankruptcyPriceTicks(
    { balance: fundCash(state, position) },
    { instrument: state.instrument!, position },
  );
  const side = position.size > 0 ? 'SELL' : 'BUY';
  deleverage(d, { accountId: INSURANCE_FUND_ACCOUNT, orderId: 0, side, price }, [], Math.abs(position.size));
}

function fundPosition(state: EngineState): Position {
  return expandPosition(positionOf(state, INSURANCE_FUND_ACCOUNT));
}

function fundCash(state: EngineState, position: Position): Money {
  return state.insuranceBalance + position.realizedPnl;
}

function unrealizedPnl(state: EngineState, position: Position): Money {
  const mark = markUnitsOf(state);
  return mark === undefined ? 0n : unrealizedPnlAt(state.instrument!, position, mark);
}
