import { type Rejection, Rejections } from '../errors';
import { type CompactMoney, compactMoney, feeOn, type Money, minMoney, moneyOf } from '../numbers/money';
import type { NewOrder, Side } from '../orders/order';
import {
  applyFill,
  type CompactPosition,
  compactPosition,
  expandPosition,
  reducibleLots,
} from '../position/position';
import { type AdlPosition, adlQueueByProfit } from '../risk/adlRanking';
import { notionalOf } from '../symbol/instrument';
import { notionalAt } from '../symbol/valuation';
import type { Liquidate } from './commands';
import type { Decision } from './decision';
import type { TransferSide } from './events';
import { match } from './matching';
import { expireInHand } from './placeOrder';
import { rejectCommand } from './rejectCommand';
import { type EngineState, INSURANCE_FUND_ACCOUNT, positionOf } from './state';

/** Binance's client order id prefix of a liquidation order. */
export const LIQUIDATION_CLIENT_ORDER_PREFIX = 'autoclose-';

/**
 * A liquidation order, in the order Binance runs it:
 *  1. an IOC at the bankruptcy price, reduce-only, fee-free, trades against the book like any taker (no price band,
 *     no minimum notional: it must be able to close whatever is left);
 *  2. the liquidation fee, min(filled notional × liquidationFee, what the fills beat bankruptcy by), goes from the
 *     account to the symbol's insurance fund;
 *  3. the unfilled remainder: the fund takes it over at the bankruptcy price if its balance covers the loss that
 *     position already has at the mark (INSURANCE_CLEAR); else it is closed against the opposite positions of the
 *     command's ADL queue, highest ranking first, at the bankruptcy price (ADL), and past the queue against the
 *     symbol's other opposite positions by PnL % (the ranking the engine can make without balances). Only when
 *     no other account holds an opposite position (the fund's own takeovers aside) does anything stay open; it is
 *     reported, and the risk service tries again on the next mark.
 */
export function liquidate(d: Decision, command: Liquidate): void {
  const state = d.state;
  const before = expandPosition(positionOf(state, command.accountId));
  const quantity = Math.min(command.quantity, reducibleLots(before, command.side));
  const refused = refusal(state, command, quantity);
  if (refused !== undefined) {
    rejectCommand(d, 'Liquidate', refused, { accountId: command.accountId, orderId: command.orderId });
    return;
  }
  const instrument = state.instrument!;

  const order: NewOrder = {
    orderId: command.orderId,
    accountId: command.accountId,
    clientOrderId: `${LIQUIDATION_CLIENT_ORDER_PREFIX}${command.orderId}`,
    side: command.side,
    type: 'LIMIT',
    timeInForce: 'IOC',
    price: command.price,
    quantity,
    reduceOnly: true,
    // The account's own orders were cancelled first; if one is left, it goes rather than blocks the liquidation.
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  // As an object event: the compact acceptance record reads its order from a PlaceOrder command.
  d.emit({
    type: 'OrderAccepted',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    order,
    requestedQuantity: quantity === command.quantity ? null : command.quantity,
  });
  const result = match(d, {
    orderId: order.orderId,
    accountId: order.accountId,
    side: order.side,
    limitPrice: order.price,
    quantity,
    reduceOnly: true,
    selfTradePreventionMode: 'EXPIRE_MAKER',
    liquidation: true,
  });
  const filledQuantity = quantity - result.remaining;
  if (result.remaining > 0) expireInHand(d, order, result.remaining, 'IOC');

  // What the fills came to, from the position they left (reduce-only: they only closed): the released basis plus
  // (long) or minus (short) the PnL they realized.
  const afterFills = expandPosition(positionOf(state, command.accountId));
  const released = before.entryNotional - afterFills.entryNotional;
  const realized = afterFills.realizedPnl - before.realizedPnl;
  const filledNotional = command.side === 'SELL' ? released + realized : released - realized;
  const bankruptNotional = notionalOf(instrument, command.price, filledQuantity);
  const beatBy =
    command.side === 'SELL' ? filledNotional - bankruptNotional : bankruptNotional - filledNotional;
  const fee =
    beatBy > 0n ? minMoney(feeOn(filledNotional, instrument.futures.liquidationFeeRate), beatBy) : 0n;

  let remaining = result.remaining;
  let insuranceQuantity = 0;
  let adlQuantity = 0;
  if (remaining > 0 && fundCanTakeOver(d, command.side, command.price, remaining)) {
    transfer(d, command, 'INSURANCE_CLEAR', INSURANCE_FUND_ACCOUNT, remaining);
    insuranceQuantity = remaining;
    remaining = 0;
  }
  for (const counterparty of adlCounterparties(d, command)) {
    if (remaining === 0) break;
    if (counterparty === command.accountId || counterparty === INSURANCE_FUND_ACCOUNT) continue;
    // The counterparty closes: it buys back a short when the liquidated account sells, and sells a long otherwise.
    const closable = reducibleLots(positionOf(state, counterparty), opposite(command.side));
    const lots = Math.min(remaining, closable);
    if (lots === 0) continue;
    transfer(d, command, 'ADL', counterparty, lots);
    adlQuantity += lots;
    remaining -= lots;
  }

  const insuranceBalance = state.insuranceBalance + fee;
  d.emit({
    type: 'Liquidated',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    accountId: command.accountId,
    orderId: command.orderId,
    clientOrderId: order.clientOrderId,
    side: command.side,
    price: command.price,
    quantity,
    filledQuantity,
    filledNotional: compactMoney(filledNotional),
    insuranceQuantity,
    adlQuantity,
    unfilledQuantity: remaining,
    liquidationFee: compactMoney(fee),
    insuranceBalance: compactMoney(insuranceBalance),
  });
}

function refusal(state: EngineState, command: Liquidate, quantity: number): Rejection | undefined {
  const instrument = state.instrument;
  if (instrument === undefined) return Rejections.invalidSymbol;
  if (command.accountId === INSURANCE_FUND_ACCOUNT || state.book.mayHold(command.orderId)) {
    return Rejections.newOrderRejected;
  }
  if (quantity <= 0) return Rejections.reduceOnlyRejected;
  if (command.price < instrument.minPriceTicks || command.price > instrument.maxPriceTicks) {
    return Rejections.invalidParameter;
  }
  return undefined;
}

function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/**
 * Who is deleveraged, in order: the risk service's queue first (ranked exactly, from the balances it knows), then
 * every other opposite position of the symbol, which the engine holds — a queue that misses counterparties (another
 * account shard's, or past its length) must not leave a bankrupt position open. Lazy: the rest is ranked only when
 * the queue did not finish the liquidation.
 */
function* adlCounterparties(d: Decision, command: Liquidate): Generator<number> {
  yield* command.adlQueue;
  yield* restOfAdlQueue(d, command);
}

/**
 * The symbol's opposite positions the command's queue does not name, in the order the engine can rank them
 * without balances (core/risk/adlRanking.ts: adlQueueByProfit), as they stand once the queue is used up.
 */
function* restOfAdlQueue(d: Decision, command: Liquidate): Generator<number> {
  const state = d.state;
  const instrument = state.instrument!;
  const named = new Set(command.adlQueue);
  // Sells close longs: a liquidated long (SELL) is deleveraged against shorts, a short against longs.
  const counterpartySign = command.side === 'SELL' ? -1 : 1;
  const mark = state.futures.markPrice > 0 ? { markUnits: state.futures.markPrice } : state.lastPrice;
  const candidates: AdlPosition[] = [];
  for (const [accountId, compact] of state.positions.entries()) {
    if (named.has(accountId) || accountId === command.accountId || accountId === INSURANCE_FUND_ACCOUNT)
      continue;
    if (Math.sign(compact.size) !== counterpartySign) continue;
    const position = expandPosition(compact);
    const lots = Math.abs(position.size);
    const long = position.size > 0;
    const value = notionalAt(instrument, mark, lots, long ? 'down' : 'up');
    const cost = position.entryNotional;
    candidates.push({ accountId, cost, unrealizedPnl: long ? value - cost : cost - value });
  }
  for (const candidate of adlQueueByProfit(candidates)) yield candidate.accountId;
}

/**
 * Whether the fund can take `lots` over at the bankruptcy price: the position it would get is worth less than
 * it pays by (mark beyond bankruptcy), and that loss must not exceed the fund's balance. Valued at the mark, or the
 * last trade price for a symbol without an index.
 */
function fundCanTakeOver(d: Decision, side: Side, price: number, lots: number): boolean {
  const state = d.state;
  const instrument = state.instrument!;
  const atBankruptcy = notionalOf(instrument, price, lots);
  const mark = state.futures.markPrice > 0 ? { markUnits: state.futures.markPrice } : state.lastPrice;
  if (mark === 0) return state.insuranceBalance >= 0n;
  // The fund buys what a long's liquidation sells, and sells what a short's buys.
  const fundBuys = side === 'SELL';
  const atMark = notionalAt(instrument, mark, lots, fundBuys ? 'down' : 'up');
  const loss: Money = fundBuys ? atBankruptcy - atMark : atMark - atBankruptcy;
  return state.insuranceBalance >= (loss > 0n ? loss : 0n);
}

/** Moves `lots` of the liquidated position to the counterparty at the bankruptcy price, off the book, no fees. */
function transfer(
  d: Decision,
  command: Liquidate,
  reason: 'INSURANCE_CLEAR' | 'ADL',
  counterparty: number,
  lots: number,
): void {
  const state = d.state;
  const notional = notionalOf(state.instrument!, command.price, lots);
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
    orderId: command.orderId,
    side: command.side,
    price: command.price,
    quantity: lots,
    liquidated: side(command.accountId, command.side),
    counterparty: side(counterparty, opposite(command.side)),
  });
}

/** The insurance fund's balance as a Liquidated event carries it. */
export function insuranceBalanceOf(event: { readonly insuranceBalance: CompactMoney }): Money {
  return moneyOf(event.insuranceBalance);
}
