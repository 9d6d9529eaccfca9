import { type Rejection, Rejections } from '../errors';
import { type CompactMoney, compactMoney, feeOn, type Money, minMoney, moneyOf } from '../numbers/money';
import type { NewOrder } from '../orders/order';
import { expandPosition, reducibleLots } from '../position/position';
import { notionalOf } from '../symbol/instrument';
import type { Liquidate } from './commands';
import type { Decision } from './decision';
import { type Closing, deleverage, transfer } from './deleverage';
import { fundCanTakeOver } from './insuranceFund';
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
  const closing: Closing = {
    accountId: command.accountId,
    orderId: command.orderId,
    side: command.side,
    price: command.price,
  };
  if (remaining > 0 && fundCanTakeOver(state, command.side, command.price, remaining)) {
    transfer(d, closing, 'INSURANCE_CLEAR', INSURANCE_FUND_ACCOUNT, remaining);
    insuranceQuantity = remaining;
    remaining = 0;
  }
  const adlQuantity = remaining === 0 ? 0 : deleverage(d, closing, command.adlQueue, remaining);
  remaining -= adlQuantity;

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

/** The insurance fund's balance as a Liquidated event carries it. */
export function insuranceBalanceOf(event: { readonly insuranceBalance: CompactMoney }): Money {
  return moneyOf(event.insuranceBalance);
}
