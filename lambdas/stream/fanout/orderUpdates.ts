import type { EngineEvent, ExpiryReason, Fill } from '../../../core/engine/events';
import { formatMoney, moneyOf } from '../../../core/numbers/money';
import { applyToOrder, type OrderView, ordersIn } from '../../../core/projections/orderView';
import type { Instrument } from '../../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../../core/symbol/units';
import { averagePrice } from '../../shared/binanceFormat';

/** Binance's execution types. */
export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'AMENDMENT';

/** One ORDER_TRADE_UPDATE for the order's owner. */
export interface OrderUpdate {
  readonly accountId: number;
  readonly seq: number;
  readonly payload: ReturnType<typeof orderTradeUpdateJson>;
}

/**
 * Binance's expiry reasons (`er`): 1 self-trade prevention, 2 IOC remainder, 3 IOC stopped by self-trade
 * prevention, 4 reduce-only order that could no longer only reduce, 9 MARKET remainder; 0 none.
 */
export function expiryReasonCode(reason: ExpiryReason, timeInForce: string): string {
  switch (reason) {
    case 'SELF_TRADE_PREVENTION':
      return timeInForce === 'IOC' ? '3' : '1';
    case 'IOC':
      return '2';
    case 'REDUCE_ONLY':
      return '4';
    case 'MARKET':
      return '9';
  }
}

/**
 * The ORDER_TRADE_UPDATEs of one order through a run of its symbol's events, given the order as it was just
 * before them (undefined if it is accepted within them). Each event of the order is folded into its view and
 * reported with the view after it: acceptance NEW, each fill TRADE (with that fill's quantity, price, commission
 * and realized profit), cancel CANCELED, expiry EXPIRED (status EXPIRED or EXPIRED_IN_MATCH, with the expiry
 * reason), amendment AMENDMENT. An order the engine refused after its ACK is reported EXPIRED, as REST shows it.
 * Resting changes nothing a client sees.
 */
export function orderUpdates(
  instrument: Instrument,
  orderId: number,
  before: OrderView | undefined,
  events: readonly EngineEvent[],
  now: number,
): OrderUpdate[] {
  const symbol = instrument.spec.symbol;
  const updates: OrderUpdate[] = [];
  let view = before;
  for (const event of events) {
    if (!ordersIn(event).includes(orderId)) continue;
    view = applyToOrder(view, event, symbol, instrument);
    if (view === undefined) continue;
    const report = (x: ExecutionType, detail: Partial<UpdateDetail> = {}) =>
      updates.push({
        accountId: view!.order.accountId,
        seq: event.seq,
        payload: orderTradeUpdateJson(instrument, view!, { x, time: event.time, ...detail }, now),
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
        report('EXPIRED', { expiryReason: expiryReasonCode(event.reason, view.order.timeInForce) });
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

interface UpdateDetail {
  readonly x: ExecutionType;
  readonly time: number;
  readonly trade?: { readonly id: number; readonly price: number; readonly qty: number };
  readonly fill?: Fill;
  readonly maker?: boolean;
  readonly expiryReason?: string;
}

/** `ORDER_TRADE_UPDATE`, every field of the contract; commission (N, n) only on fills, as Binance pushes it. */
export function orderTradeUpdateJson(instrument: Instrument, view: OrderView, d: UpdateDetail, now: number) {
  const o = view.order;
  const zeroPrice = formatPrice(instrument, 0);
  return {
    e: 'ORDER_TRADE_UPDATE',
    E: now,
    T: d.time,
    o: {
      s: view.symbol,
      c: o.clientOrderId,
      S: o.side,
      o: o.type,
      f: o.timeInForce,
      q: formatQuantity(instrument, view.origQty),
      p: o.type === 'MARKET' ? zeroPrice : formatPrice(instrument, view.price),
      ap: averagePrice(instrument, view.cumQuote, view.executedQty),
      sp: zeroPrice,
      x: d.x,
      X: view.status === 'REJECTED' ? 'EXPIRED' : view.status,
      i: o.orderId,
      l: formatQuantity(instrument, d.trade?.qty ?? 0),
      z: formatQuantity(instrument, view.executedQty),
      L: d.trade === undefined ? zeroPrice : formatPrice(instrument, d.trade.price),
      ...(d.fill !== undefined ? { N: 'USDT', n: formatMoney(moneyOf(d.fill.fee)) } : {}),
      T: d.time,
      t: d.trade?.id ?? 0,
      b: '0',
      a: '0',
      m: d.maker ?? false,
      R: o.reduceOnly,
      wt: 'CONTRACT_PRICE',
      ot: o.type,
      ps: 'BOTH',
      cp: false,
      rp: formatMoney(moneyOf(d.fill?.realizedPnl ?? 0)),
      pP: false,
      si: 0,
      ss: 0,
      V: o.selfTradePreventionMode,
      pm: 'NONE',
      gtd: 0,
      er: d.expiryReason ?? '0',
    },
  };
}
