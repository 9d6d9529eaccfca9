import type { EngineEvent } from '../../core/engine/events';
import { applyToOrder, type OrderView, ordersIn } from '../../core/projections/orderView';
import type { Instrument } from '../../core/symbol/instrument';
import type { ExecutionType, OrderUpdateDetail, UserMessage } from './messages';

/** One ORDER_TRADE_UPDATE for the order's owner. */
export interface OrderUpdate {
  readonly accountId: number;
  readonly seq: number;
  readonly message: Extract<UserMessage, { kind: 'orderUpdate' }>;
}

/**
 * The updates of one order through a run of its symbol's events, given the order as it was just before them
 * (undefined if it is accepted within them). Each event of the order is folded into its view and reported with
 * the view after it: acceptance NEW, each fill TRADE (with that fill's quantity, price, commission and realized
 * profit), cancel CANCELED, expiry EXPIRED (status EXPIRED or EXPIRED_IN_MATCH, with the expiry reason),
 * amendment AMENDMENT. An order the engine refused after its ACK is reported EXPIRED, as REST shows it. Resting
 * changes nothing a client sees.
 */
export function orderUpdates(
  instrument: Instrument,
  orderId: number,
  before: OrderView | undefined,
  events: readonly EngineEvent[],
): OrderUpdate[] {
  const symbol = instrument.spec.symbol;
  const updates: OrderUpdate[] = [];
  let view = before;
  for (const event of events) {
    if (!ordersIn(event).includes(orderId)) continue;
    view = applyToOrder(view, event, symbol, instrument);
    if (view === undefined) continue;
    const report = (x: ExecutionType, detail: Omit<OrderUpdateDetail, 'x' | 'time'> = {}) =>
      updates.push({
        accountId: view!.order.accountId,
        seq: event.seq,
        message: { kind: 'orderUpdate', view: view!, detail: { x, time: event.time, ...detail } },
      });
    switch (event.type) {
      case 'OrderAccepted':
        report('NEW');
        break;
      case 'OrderRejected':
        report('EXPIRED');
        break;
      case 'Trade': {
        const fill = event.maker.orderId === orderId ? event.maker : event.taker;
        report('TRADE', {
          trade: { id: event.tradeId, price: event.price, qty: event.quantity },
          fill,
          maker: fill === event.maker,
        });
        break;
      }
      case 'OrderCanceled':
        report('CANCELED');
        break;
      case 'OrderExpired':
        report('EXPIRED', { expiry: event.reason });
        break;
      case 'OrderAmended':
        report('AMENDMENT');
        break;
      default:
        break;
    }
  }
  return updates;
}
