import { encodeOrderFlags, NO_SLOT } from '../book/orderStore';
import { compileInstrument } from '../symbol/instrument';
import type {
  EngineEvent,
  OrderAccepted,
  OrderAmended,
  OrderExpired,
  OrderRested,
  SymbolListed,
  SymbolUpdated,
  Trade,
} from './events';
import { assertNever } from './events';
import type { EngineState } from './state';

/**
 * Applies one event to the state. This is the only code that changes an engine's state: executing a command
 * decides events and evolves each as it is decided, and replay evolves stored events, so a replay of a run's
 * events always rebuilds that run's state exactly.
 *
 * It checks that events arrive gap-free, and that every order they name is where they say it is; a mismatch
 * means the log and the state have diverged, which must stop the engine rather than be papered over.
 * `makerSlot` may tell where a Trade's maker rests (the decision knows); it is checked, never trusted.
 *
 * Each event type's function checks before it changes anything, and the sequence number moves on only once the
 * event is applied, so a refused event leaves the state exactly as it was.
 */
export function evolve(state: EngineState, event: EngineEvent, makerSlot = NO_SLOT): EngineState {
  if (event.seq !== state.seq + 1) {
    throw new EventOutOfSequence(`${state.symbol}: expected event ${state.seq + 1}, got ${event.seq}`);
  }
  applyEvent(state, event, makerSlot);
  state.seq = event.seq;
  state.lastEventTime = event.time;
  return state;
}

export class EventOutOfSequence extends Error {}

function applyEvent(state: EngineState, event: EngineEvent, makerSlot: number): void {
  switch (event.type) {
    case 'SymbolListed':
    case 'SymbolUpdated':
      symbolSpecified(state, event);
      return;
    case 'OrderAccepted':
      orderAccepted(state, event);
      return;
    case 'OrderRested':
      orderRested(state, event);
      return;
    case 'Trade':
      traded(state, event, makerSlot);
      return;
    case 'OrderCanceled':
      removeResting(state, event.orderId);
      return;
    case 'OrderExpired':
      orderExpired(state, event);
      return;
    case 'OrderAmended':
      orderAmended(state, event);
      return;
    case 'OrderRejected':
    case 'AllOrdersCanceled':
    case 'CommandRejected':
      return;
    default:
      assertNever(event);
  }
}

function symbolSpecified(state: EngineState, event: SymbolListed | SymbolUpdated): void {
  state.instrument = compileInstrument(event.spec);
}

function orderAccepted(state: EngineState, event: OrderAccepted): void {
  const order = event.order;
  state.inHand = {
    orderId: order.orderId,
    accountId: order.accountId,
    accountNumber: state.book.accounts.numberOf(order.accountId),
    clientOrderId: order.clientOrderId,
    side: order.side,
    reduceOnly: order.reduceOnly,
    postOnly: order.timeInForce === 'GTX',
    selfTradePreventionMode: order.selfTradePreventionMode,
    filled: 0,
  };
}

function orderRested(state: EngineState, event: OrderRested): void {
  const inHand = takeInHand(state, event.orderId);
  state.book.addPacked(
    event.orderId,
    event.accountId,
    inHand.clientOrderId,
    encodeOrderFlags(event.side, inHand.reduceOnly, inHand.postOnly, inHand.selfTradePreventionMode),
    event.price,
    event.quantity,
    inHand.filled,
  );
}

function traded(state: EngineState, event: Trade, makerSlot: number): void {
  const book = state.book;
  const known = makerSlot !== NO_SLOT && book.orders.orderIdOf(makerSlot) === event.maker.orderId;
  const slot = known ? makerSlot : restingSlot(state, event.maker.orderId);
  const makerNumber = book.orders.accountNumberOf(slot);
  if (book.accounts.idOf(makerNumber) !== event.maker.accountId) {
    throw new EventOutOfSequence(`${state.symbol}: trade ${event.tradeId} names the wrong maker account`);
  }
  const inHand = state.inHand;
  if (inHand === undefined || inHand.orderId !== event.taker.orderId) {
    throw new EventOutOfSequence(`${state.symbol}: trade ${event.tradeId} has no taker in hand`);
  }
  if (inHand.accountId !== event.taker.accountId) {
    throw new EventOutOfSequence(`${state.symbol}: trade ${event.tradeId} names the wrong taker account`);
  }
  book.fill(slot, event.quantity);
  if (state.amendCounts.size !== 0) {
    if (event.maker.remaining === 0) state.amendCounts.delete(event.maker.orderId);
    if (event.taker.remaining === 0) state.amendCounts.delete(event.taker.orderId);
  }
  inHand.filled += event.quantity;
  if (event.taker.remaining === 0) state.inHand = undefined;
  state.positions.setNumber(makerNumber, event.maker.position);
  state.positions.setNumber(inHand.accountNumber, event.taker.position);
  state.lastPrice = event.price;
  state.nextTradeId = event.tradeId + 1;
}

function orderExpired(state: EngineState, event: OrderExpired): void {
  if (event.levelQuantity === null) takeInHand(state, event.orderId);
  else removeResting(state, event.orderId);
  state.amendCounts.delete(event.orderId);
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
  state.inHand = {
    orderId: fields.orderId,
    accountId: fields.accountId,
    accountNumber,
    clientOrderId: fields.clientOrderId,
    side: fields.side,
    reduceOnly: fields.reduceOnly,
    postOnly: fields.postOnly,
    selfTradePreventionMode: 'NONE',
    filled: fields.filled,
  };
}

function restingSlot(state: EngineState, orderId: number): number {
  const slot = state.book.slotOf(orderId);
  if (slot === NO_SLOT) throw new EventOutOfSequence(`${state.symbol}: order ${orderId} is not resting`);
  return slot;
}

function removeResting(state: EngineState, orderId: number): void {
  state.book.remove(restingSlot(state, orderId));
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
