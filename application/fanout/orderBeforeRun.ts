import type { EngineEvent } from '../../core/engine/events';
import { moneyOf } from '../../core/numbers/money';
import { applyToOrder, type OrderView, ordersIn } from '../../core/projections/orderView';
import { type Instrument, notionalOf } from '../../core/symbol/instrument';
import type { EventWindow } from './eventWindow';

/**
 * The order as it stood just before the run (sequence firstSeq − 1), from the orders read model, which may stand
 * before that point or past it. `projected` is the projector's progress in the symbol: the view reflects every
 * event up to max(view.lastSeq, projected). Behind: the order's events in between are folded in. Past: the
 * order's events from the run on are taken out again: fills are sums (quantity, quote, commission, PnL), and an
 * amendment tells the price and quantity before it. A view the read model does not have yet is looked for in
 * the events in between too. undefined: the order did not exist yet, or the log is out of the window's reach
 * (then its updates are not sent).
 */
export async function orderBeforeRun(
  instrument: Instrument,
  orderId: number,
  view: OrderView | undefined,
  projected: number,
  window: EventWindow,
): Promise<OrderView | undefined> {
  const boundary = window.run.firstSeq - 1;
  const ofOrder = (events: readonly EngineEvent[]) => events.filter((e) => ordersIn(e).includes(orderId));
  if (view === undefined || view.lastSeq <= boundary) {
    const reflected = Math.max(view?.lastSeq ?? 0, projected);
    if (reflected >= boundary) return view;
    const missing = await window.between(reflected, boundary);
    if (missing === undefined) return undefined;
    let before = view;
    for (const event of ofOrder(missing))
      before = applyToOrder(before, event, instrument.spec.symbol, instrument);
    return before;
  }
  const later = await window.between(boundary, view.lastSeq);
  if (later === undefined) return undefined;
  return rewind(instrument, view, ofOrder(later), boundary);
}

/** The view without the given events of the order (all after `seq`). */
function rewind(
  instrument: Instrument,
  view: OrderView,
  later: readonly EngineEvent[],
  seq: number,
): OrderView | undefined {
  let { executedQty, cumQuote, commission, realizedPnl, origQty, price } = view;
  let amended = false;
  for (const event of later) {
    switch (event.type) {
      case 'OrderAccepted':
      case 'OrderRejected':
        return undefined;
      case 'Trade': {
        const fill = event.maker.orderId === view.order.orderId ? event.maker : event.taker;
        executedQty -= event.quantity;
        cumQuote -= notionalOf(instrument, event.price, event.quantity);
        commission -= moneyOf(fill.fee);
        realizedPnl -= moneyOf(fill.realizedPnl);
        break;
      }
      case 'OrderAmended':
        if (!amended) {
          origQty = event.oldQuantity;
          price = event.oldPrice;
          amended = true;
        }
        break;
      default:
        break;
    }
  }
  return {
    ...view,
    executedQty,
    cumQuote,
    commission,
    realizedPnl,
    origQty,
    price,
    // It had events after this point, so it was open here.
    status: executedQty > 0 ? 'PARTIALLY_FILLED' : 'NEW',
    expiryReason: null,
    lastSeq: seq,
  };
}
