import { compactMoney } from '../numbers/money';
import type { Side } from '../orders/order';
import {
  applyFill,
  type CompactPosition,
  compactPosition,
  expandPosition,
  reducibleLots,
} from '../position/position';
import { type AdlPosition, adlQueueByProfit } from '../risk/adlRanking';
import { unrealizedPnlAt } from '../risk/positionValue';
import { notionalOf } from '../symbol/instrument';
import { priceUnitsOf } from '../symbol/valuation';
import type { Decision } from './decision';
import type { TransferSide } from './events';
import { type EngineState, INSURANCE_FUND_ACCOUNT, positionOf } from './state';

/**
 * A position being closed off the book at a fixed price: a liquidation's remainder (the liquidation order's id,
 * side and bankruptcy price), or the insurance fund's own position when the fund is bankrupt (order id 0).
 */
export interface Closing {
  readonly accountId: number;
  readonly orderId: number;
  /** SELL closes a long, BUY a short. */
  readonly side: Side;
  /** In ticks. */
  readonly price: number;
}

/**
 * Closes up to `lots` of the closing position against the opposite positions, at the closing price, no fees
 * (PositionTransferred ADL): the accounts of `queue` first, in order (the risk service's exact ranking, from the
 * balances only it knows), then every other opposite position of the symbol, which the engine holds, by PnL %
 * (core/risk/adlRanking.ts: adlQueueByProfit) — a queue that misses counterparties (another instance's account
 * shards, or past its length) must not leave a bankrupt position open. The fund is never deleveraged. Returns the
 * lots closed: fewer than asked only when no account but the fund holds the other side.
 */
export function deleverage(d: Decision, closing: Closing, queue: readonly number[], lots: number): number {
  let remaining = lots;
  for (const counterparty of counterparties(d.state, closing, queue)) {
    if (remaining === 0) break;
    if (counterparty === closing.accountId || counterparty === INSURANCE_FUND_ACCOUNT) continue;
    // The counterparty closes: it buys back a short when the closing account sells, and sells a long otherwise.
    const closable = reducibleLots(positionOf(d.state, counterparty), opposite(closing.side));
    const taken = Math.min(remaining, closable);
    if (taken === 0) continue;
    transfer(d, closing, 'ADL', counterparty, taken);
    remaining -= taken;
  }
  return lots - remaining;
}

/** Lazy: the rest of the symbol is ranked only when the queue did not finish. */
function* counterparties(state: EngineState, closing: Closing, queue: readonly number[]): Generator<number> {
  yield* queue;
  yield* restOfQueue(state, closing, queue);
}

/** The symbol's opposite positions `queue` does not name, by PnL %, as they stand once the queue is used up. */
function* restOfQueue(state: EngineState, closing: Closing, queue: readonly number[]): Generator<number> {
  const instrument = state.instrument!;
  const named = new Set(queue);
  // Sells close longs: a long (SELL) is deleveraged against shorts, a short against longs.
  const counterpartySign = closing.side === 'SELL' ? -1 : 1;
  const mark = markUnitsOf(state);
  const candidates: AdlPosition[] = [];
  for (const [accountId, compact] of state.positions.entries()) {
    if (named.has(accountId) || accountId === closing.accountId || accountId === INSURANCE_FUND_ACCOUNT)
      continue;
    if (Math.sign(compact.size) !== counterpartySign) continue;
    const position = expandPosition(compact);
    const unrealizedPnl = mark === undefined ? 0n : unrealizedPnlAt(instrument, position, mark);
    candidates.push({ accountId, cost: position.entryNotional, unrealizedPnl });
  }
  for (const candidate of adlQueueByProfit(candidates)) yield candidate.accountId;
}

/** Moves `lots` of the closing position to the counterparty at the closing price, off the book, no fees. */
export function transfer(
  d: Decision,
  closing: Closing,
  reason: 'INSURANCE_CLEAR' | 'ADL',
  counterparty: number,
  lots: number,
): void {
  const state = d.state;
  const notional = notionalOf(state.instrument!, closing.price, lots);
  const side = (accountId: number, fillSide: Side): TransferSide => {
    const change = applyFill(expandPosition(positionOf(state, accountId)), fillSide, lots, notional);
    return {
      accountId,
      realizedPnl: compactMoney(change.realizedPnl),
      position: compactPosition(change.position) satisfies CompactPosition,
    };
  };
  d.emit({
    type: 'PositionTransferred',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    reason,
    orderId: closing.orderId,
    side: closing.side,
    price: closing.price,
    quantity: lots,
    liquidated: side(closing.accountId, closing.side),
    counterparty: side(counterparty, opposite(closing.side)),
  });
}

/**
 * The price positions are valued at, in mark units: the mark, or the last trade price for a symbol without an
 * index; undefined before either.
 */
export function markUnitsOf(state: EngineState): bigint | undefined {
  if (state.futures.markPrice > 0) return BigInt(state.futures.markPrice);
  return state.lastPrice > 0 ? priceUnitsOf(state.instrument!, state.lastPrice) : undefined;
}

export function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
