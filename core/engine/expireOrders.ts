import type { Decision } from './decision';

/**
 * GTD: resting orders whose goodTillDate has come expire (OrderExpired, reason GTD), earliest date first, then
 * lowest order id, at the start of any command at or after it. The date is compared with the command's time, the
 * time in the log, never a clock, so every replay expires the same orders at the same event; the index feed's
 * updates, about one a second, make that timely.
 */
export function expireOrders(d: Decision): void {
  const state = d.state;
  const book = state.book;
  const orders = book.orders;
  for (let orderId = state.goodTillDates.firstDue(d.time); orderId !== undefined; ) {
    const slot = book.slotOf(orderId);
    const quantity = orders.remainingOf(slot);
    d.expired(
      orderId,
      orders.accountIdOf(slot),
      orders.side(slot),
      orders.priceOf(slot),
      quantity,
      book.levelQuantityOf(slot) - quantity,
      'GTD',
    );
    orderId = state.goodTillDates.firstDue(d.time);
  }
}
