import { NO_SLOT } from '../book/orderStore';
import { Rejections } from '../errors';
import type { CancelAllOrders, CancelOrder } from './commands';
import type { Decision } from './decision';
import type { CancelReason } from './events';
import { rejectCommand } from './rejectCommand';
import type { EngineState } from './state';

/**
 * Cancels work whatever the symbol's status: a halted market must still let traders take their orders off.
 * An order that is not open, or not the account's, is "Unknown order sent." (-2011), as on Binance.
 */
export function cancelOrder(d: Decision, command: CancelOrder): void {
  const slot = findAccountOrder(d.state, command);
  if (slot === NO_SLOT) {
    rejectCommand(d, 'CancelOrder', Rejections.unknownOrderSent, command);
    return;
  }
  cancelResting(d, slot, 'USER');
}

/** Cancels every open order of the account, oldest order id first, then records that it is done. */
export function cancelAllOrders(d: Decision, command: CancelAllOrders): void {
  const orders = d.state.book.orders;
  const slots = d.state.book
    .slotsOfAccount(command.accountId)
    .sort((a, b) => orders.orderIdOf(a) - orders.orderIdOf(b));
  for (const slot of slots) cancelResting(d, slot, 'CANCEL_ALL');
  d.emit({
    type: 'AllOrdersCanceled',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    accountId: command.accountId,
    count: slots.length,
  });
}

export function cancelResting(d: Decision, slot: number, reason: CancelReason): void {
  const book = d.state.book;
  const orders = book.orders;
  const side = orders.side(slot);
  const price = orders.priceOf(slot);
  const quantity = orders.remainingOf(slot);
  d.canceled(
    orders.orderIdOf(slot),
    orders.accountIdOf(slot),
    side,
    price,
    quantity,
    book.levelQuantityOf(slot) - quantity,
    reason,
  );
}

/** The account's open order named by orderId or, failing that, by client order id; NO_SLOT if none. */
export function findAccountOrder(
  state: EngineState,
  ref: { accountId: number; orderId?: number; clientOrderId?: string },
): number {
  const book = state.book;
  if (ref.orderId !== undefined) {
    const slot = book.slotOf(ref.orderId);
    return slot !== NO_SLOT && book.orders.accountIdOf(slot) === ref.accountId ? slot : NO_SLOT;
  }
  if (ref.clientOrderId !== undefined) return book.slotOfClientOrderId(ref.accountId, ref.clientOrderId);
  return NO_SLOT;
}
