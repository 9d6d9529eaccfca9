import { assertNever } from '../assertNever';
import { encodeOrderFlags, NO_SLOT } from '../book/orderStore';
import { fundingSettled, markPriceUpdated, specChanged } from '../futures/futuresState';
import { moneyOf } from '../numbers/money';
import type { WorkingType } from '../orders/algoOrder';
import type { Side } from '../orders/order';
import type { CompactPosition } from '../position/position';
import { compileInstrument } from '../symbol/instrument';
import { EventOutOfSequence } from './eventOutOfSequence';
import type {
  AlgoOrderCanceled,
  AlgoOrderExpired,
  AlgoOrderPlaced,
  AlgoOrderTriggered,
  EngineEvent,
  OrderAccepted,
  OrderAmended,
  SymbolListed,
  SymbolUpdated,
} from './events';
import { type EngineState, INSURANCE_FUND_ACCOUNT } from './state';

/**
 * Applies one event to the state. Its appliers, one per kind of event, are the only code that changes an
 * engine's state: executing a command applies each event as it is decided, through evolve or (for the five kinds
 * every order makes, written as records) by calling the same applier with the same fields (Decision); replay
 * applies stored events through evolve. So a replay of a run's events always rebuilds that run's state exactly.
 *
 * It checks that events arrive gap-free, and that every order they name is where they say it is; a mismatch
 * means the log and the state have diverged, which must stop the engine rather than be papered over.
 * `makerSlot` may tell where a Trade's maker rests (the decision knows); it is checked, never trusted.
 *
 * Each applier checks before it changes anything, and the sequence number moves on only once the event is
 * applied, so a refused event leaves the state exactly as it was.
 */
export function evolve(state: EngineState, event: EngineEvent, makerSlot = NO_SLOT): EngineState {
  if (event.seq !== state.seq + 1) {
    throw new EventOutOfSequence(`${state.symbol}: expected event ${state.seq + 1}, got ${event.seq}`);
  }
  applyEvent(state, event, makerSlot);
  eventApplied(state, event.time);
  return state;
}

/** After an event's applier: the event (the next in sequence, checked or made so) and its time are the state's. */
export function eventApplied(state: EngineState, time: number): void {
  state.seq += 1;
  state.lastEventTime = time;
}

export { EventOutOfSequence };

function applyEvent(state: EngineState, event: EngineEvent, makerSlot: number): void {
  switch (event.type) {
    case 'SymbolListed':
    case 'SymbolUpdated':
      symbolSpecified(state, event);
      return;
    case 'OrderAccepted':
      orderAccepted(state, event.order);
      return;
    case 'OrderRested':
      orderRested(state, event.orderId, event.accountId, event.side, event.price, event.quantity);
      return;
    case 'Trade':
      traded(
        state,
        makerSlot,
        event.tradeId,
        event.price,
        event.quantity,
        event.maker.orderId,
        event.maker.accountId,
        event.maker.remaining,
        event.maker.position,
        event.taker.orderId,
        event.taker.accountId,
        event.taker.remaining,
        event.taker.position,
      );
      return;
    case 'OrderCanceled':
      removeResting(state, event.orderId);
      return;
    case 'OrderExpired':
      orderExpired(state, event.orderId, event.levelQuantity !== null);
      return;
    case 'OrderAmended':
      orderAmended(state, event);
      return;
    case 'MarkPriceUpdated': {
      const instrument = listedInstrument(state, event.seq);
      markPriceUpdated(state.futures, instrument, event);
      if (state.algoOrders.watches('MARK_PRICE')) {
        state.algoOrders.observe('MARK_PRICE', event.markPrice, instrument.unitsPerTick);
      }
      return;
    }
    case 'AlgoOrderPlaced':
      algoOrderPlaced(state, event);
      return;
    case 'CancelCountdownSet':
      if (event.deadline === 0) state.cancelCountdowns.delete(event.accountId);
      else state.cancelCountdowns.set(event.accountId, event.deadline);
      return;
    case 'AlgoOrderTriggered':
    case 'AlgoOrderCanceled':
    case 'AlgoOrderExpired':
      algoOrderLeft(state, event);
      return;
    case 'FundingSettled':
      listedInstrument(state, event.seq);
      fundingSettled(state.futures, event);
      return;
    case 'FundingPaid': {
      // Payments go by ascending account id: the fund's (account 0), if it holds a position, is the first. The
      // fund pays and receives funding like any position holder, from and into its balance.
      const first = event.payments[0];
      if (first !== undefined && first[0] === INSURANCE_FUND_ACCOUNT)
        state.insuranceBalance += moneyOf(first[1]);
      return;
    }
    case 'OrderRejected':
    case 'AllOrdersCanceled':
    case 'CommandRejected':
      return;
    case 'Liquidated':
      listedInstrument(state, event.seq);
      state.insuranceBalance = moneyOf(event.insuranceBalance);
      return;
    case 'PositionTransferred':
      listedInstrument(state, event.seq);
      state.positions.set(event.liquidated.accountId, event.liquidated.position);
      state.positions.set(event.counterparty.accountId, event.counterparty.position);
      return;
    default:
      assertNever(event);
  }
}

function symbolSpecified(state: EngineState, event: SymbolListed | SymbolUpdated): void {
  state.instrument = compileInstrument(event.spec);
  specChanged(state.futures, state.instrument);
}

function listedInstrument(state: EngineState, seq: number) {
  const instrument = state.instrument;
  if (instrument === undefined) throw new EventOutOfSequence(`${state.symbol}: event ${seq} before listing`);
  return instrument;
}

export function orderAccepted(state: EngineState, order: OrderAccepted['order']): void {
  state.inHand = {
    orderId: order.orderId,
    accountId: order.accountId,
    accountNumber: state.book.accounts.numberOf(order.accountId),
    clientOrderId: order.clientOrderId,
    side: order.side,
    reduceOnly: order.reduceOnly,
    postOnly: order.timeInForce === 'GTX',
    selfTradePreventionMode: order.selfTradePreventionMode,
    goodTillDate: order.timeInForce === 'GTD' ? (order.goodTillDate ?? 0) : 0,
    filled: 0,
  };
}

/** Returns the quantity at the order's price level after it joined it. */
export function orderRested(
  state: EngineState,
  orderId: number,
  accountId: number,
  side: Side,
  price: number,
  quantity: number,
): number {
  const inHand = takeInHand(state, orderId);
  if (inHand.goodTillDate !== 0) state.goodTillDates.add(orderId, inHand.goodTillDate);
  return state.book.addPacked(
    orderId,
    accountId,
    inHand.clientOrderId,
    encodeOrderFlags(side, inHand.reduceOnly, inHand.postOnly, inHand.selfTradePreventionMode),
    price,
    quantity,
    inHand.filled,
  );
}

export function traded(
  state: EngineState,
  makerSlot: number,
  tradeId: number,
  price: number,
  quantity: number,
  makerOrderId: number,
  makerAccountId: number,
  makerRemaining: number,
  makerPosition: CompactPosition,
  takerOrderId: number,
  takerAccountId: number,
  takerRemaining: number,
  takerPosition: CompactPosition,
): void {
  const book = state.book;
  const known = makerSlot !== NO_SLOT && book.orders.orderIdOf(makerSlot) === makerOrderId;
  const slot = known ? makerSlot : restingSlot(state, makerOrderId);
  const makerNumber = book.orders.accountNumberOf(slot);
  if (book.accounts.idOf(makerNumber) !== makerAccountId) {
    throw new EventOutOfSequence(`${state.symbol}: trade ${tradeId} names the wrong maker account`);
  }
  const inHand = state.inHand;
  if (inHand === undefined || inHand.orderId !== takerOrderId) {
    throw new EventOutOfSequence(`${state.symbol}: trade ${tradeId} has no taker in hand`);
  }
  if (inHand.accountId !== takerAccountId) {
    throw new EventOutOfSequence(`${state.symbol}: trade ${tradeId} names the wrong taker account`);
  }
  book.fill(slot, quantity);
  if (makerRemaining === 0 && state.goodTillDates.size !== 0) state.goodTillDates.remove(makerOrderId);
  if (state.amendCounts.size !== 0) {
    if (makerRemaining === 0) state.amendCounts.delete(makerOrderId);
    if (takerRemaining === 0) state.amendCounts.delete(takerOrderId);
  }
  inHand.filled += quantity;
  if (takerRemaining === 0) state.inHand = undefined;
  state.positions.setNumber(makerNumber, makerPosition);
  state.positions.setNumber(inHand.accountNumber, takerPosition);
  state.lastPrice = price;
  state.nextTradeId = tradeId + 1;
  // Trailing stops on the last price see every trade price (they are few: the test is one comparison).
  if (state.algoOrders.watches('CONTRACT_PRICE')) {
    state.algoOrders.observe('CONTRACT_PRICE', price, state.instrument!.unitsPerTick);
  }
}

/**
 * A working type's price now, in its unit (ticks for the last trade, 10^-8 USDT for the mark), or undefined
 * before the symbol has one.
 */
export function workingPriceOf(state: EngineState, working: WorkingType): number | undefined {
  const price = working === 'CONTRACT_PRICE' ? state.lastPrice : state.futures.markPrice;
  return price > 0 ? price : undefined;
}

function algoOrderPlaced(state: EngineState, event: AlgoOrderPlaced): void {
  const instrument = listedInstrument(state, event.seq);
  const order = event.algoOrder;
  if (state.algoOrders.get(order.algoId) !== undefined) {
    throw new EventOutOfSequence(`${state.symbol}: algo order ${order.algoId} is already placed`);
  }
  state.algoOrders.add(
    { order, placedSeq: event.seq, active: false, extreme: 0, trigger: 0 },
    workingPriceOf(state, order.workingType),
    instrument.unitsPerTick,
  );
}

function algoOrderLeft(
  state: EngineState,
  event: AlgoOrderTriggered | AlgoOrderCanceled | AlgoOrderExpired,
): void {
  const entry = state.algoOrders.get(event.algoId);
  if (entry === undefined || entry.order.accountId !== event.accountId) {
    throw new EventOutOfSequence(`${state.symbol}: algo order ${event.algoId} is not waiting`);
  }
  state.algoOrders.remove(event.algoId);
}

export function orderExpired(state: EngineState, orderId: number, resting: boolean): void {
  if (resting) removeResting(state, orderId);
  else takeInHand(state, orderId);
  state.amendCounts.delete(orderId);
}

function orderAmended(state: EngineState, event: OrderAmended): void {
  const book = state.book;
  const slot = restingSlot(state, event.orderId);
  state.amendCounts.set(event.orderId, (state.amendCounts.get(event.orderId) ?? 0) + 1);
  if (event.levelQuantity !== null) {
    if (event.priority === 'KEPT') book.shrink(slot, book.orders.remainingOf(slot) - event.remaining);
    else book.requeue(slot, event.price, event.remaining);
    // Binance: a modified order no longer prevents self-trades.
    book.orders.setSelfTradePreventionMode(slot, 'NONE');
    return;
  }
  // The new price crosses: the order leaves the book and trades as the order in hand.
  const fields = book.orders.fields(slot);
  const accountNumber = book.orders.accountNumberOf(slot);
  book.remove(slot);
  // A GTD order keeps its date through an amendment: it goes with the order in hand, and back if it rests.
  const goodTillDate = state.goodTillDates.of(event.orderId) ?? 0;
  if (goodTillDate !== 0) state.goodTillDates.remove(event.orderId);
  state.inHand = {
    orderId: fields.orderId,
    accountId: fields.accountId,
    accountNumber,
    clientOrderId: fields.clientOrderId,
    side: fields.side,
    reduceOnly: fields.reduceOnly,
    postOnly: fields.postOnly,
    selfTradePreventionMode: 'NONE',
    goodTillDate,
    filled: fields.filled,
  };
}

function restingSlot(state: EngineState, orderId: number): number {
  const slot = state.book.slotOf(orderId);
  if (slot === NO_SLOT) throw new EventOutOfSequence(`${state.symbol}: order ${orderId} is not resting`);
  return slot;
}

export function removeResting(state: EngineState, orderId: number): void {
  state.book.remove(restingSlot(state, orderId));
  if (state.goodTillDates.size !== 0) state.goodTillDates.remove(orderId);
  state.amendCounts.delete(orderId);
}

function takeInHand(state: EngineState, orderId: number) {
  const inHand = state.inHand;
  if (inHand === undefined || inHand.orderId !== orderId) {
    throw new EventOutOfSequence(`${state.symbol}: order ${orderId} is not the order in hand`);
  }
  state.inHand = undefined;
  return inHand;
}
