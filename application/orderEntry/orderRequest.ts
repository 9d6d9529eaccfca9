import { Rejections, withDetail } from '../../core/errors';
import type { NewOrder, SelfTradePreventionMode, Side, TimeInForce } from '../../core/orders/order';
import { checkLotSize, checkMinNotional, checkPriceFilter } from '../../core/orders/orderFilters';
import type { Instrument } from '../../core/symbol/instrument';
import { type Parsed, parsePriceTicks, parseQuantityLots } from '../../core/symbol/units';
import { Rejected } from '../rejected';
import { goodTillDateOf } from './goodTillDate';

/**
 * A new order as a client asks for it (POST /fapi/v1/order, a batchOrders entry, WebSocket order.place): the
 * parameters after their form was checked (binance/requests), prices and quantities still the decimal text sent.
 */
export interface NewOrderRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly type: 'LIMIT' | 'MARKET';
  readonly timeInForce?: TimeInForce;
  readonly quantity: string;
  readonly price?: string;
  readonly reduceOnly?: boolean;
  readonly newClientOrderId?: string;
  readonly newOrderRespType?: 'ACK' | 'RESULT';
  readonly selfTradePreventionMode?: SelfTradePreventionMode;
  /** With timeInForce GTD: when it expires, epoch ms (see goodTillDateOf). */
  readonly goodTillDate?: number;
}

/** An order of the caller's: by order id, or by the client order id it was placed with. */
export interface OrderRef {
  readonly symbol: string;
  readonly orderId?: number;
  readonly origClientOrderId?: string;
}

/** Either reference, or -1102 naming orderId. */
export function requireReference(ref: OrderRef): void {
  if (ref.orderId === undefined && ref.origClientOrderId === undefined) {
    throw new Rejected(withDetail(Rejections.mandatoryParam, 'orderId'));
  }
}

/**
 * The order as the engine will see it (without its ids), or the filter error Binance answers before matching:
 * price and time in force only for LIMIT, the symbol's price filter, lot size, and minimum notional (not for
 * MARKET and reduce-only orders, whose price or size the engine settles), and a GTD order's goodTillDate against
 * `now`.
 */
export function validatedOrder(
  instrument: Instrument,
  accountId: number,
  p: NewOrderRequest,
  now: number,
): Omit<NewOrder, 'orderId' | 'clientOrderId'> {
  const isMarket = p.type === 'MARKET';
  if (isMarket && p.price !== undefined) throw new Rejected(withDetail(Rejections.paramNotRequired, 'price'));
  if (isMarket && p.timeInForce !== undefined)
    throw new Rejected(withDetail(Rejections.paramNotRequired, 'timeInForce'));
  if (!isMarket && p.timeInForce === undefined)
    throw new Rejected(withDetail(Rejections.mandatoryParam, 'timeInForce'));
  if (!isMarket && p.price === undefined) throw new Rejected(withDetail(Rejections.mandatoryParam, 'price'));
  const goodTillDate = goodTillDateOf(p.timeInForce, p.goodTillDate, now);
  const price = isMarket ? 0 : parsed(parsePriceTicks(instrument, p.price!));
  const quantity = parsed(parseQuantityLots(instrument, p.quantity));
  const reduceOnly = p.reduceOnly ?? false;
  const problem =
    (isMarket ? undefined : checkPriceFilter(instrument, price)) ??
    checkLotSize(instrument, p.type, quantity) ??
    (isMarket || reduceOnly ? undefined : checkMinNotional(instrument, price, quantity));
  if (problem) throw new Rejected(problem);
  return {
    accountId,
    side: p.side,
    type: p.type,
    timeInForce: isMarket ? 'GTC' : p.timeInForce!,
    price,
    quantity,
    reduceOnly,
    selfTradePreventionMode: p.selfTradePreventionMode ?? 'EXPIRE_MAKER',
    ...(goodTillDate === undefined ? {} : { goodTillDate }),
  };
}

/** A price and quantity for an amendment: on the symbol's ticks and steps, within its price filter and lot size. */
export function validatedAmendment(
  instrument: Instrument,
  priceText: string,
  quantityText: string,
): { readonly price: number; readonly quantity: number } {
  const price = parsed(parsePriceTicks(instrument, priceText));
  const quantity = parsed(parseQuantityLots(instrument, quantityText));
  const problem = checkPriceFilter(instrument, price) ?? checkLotSize(instrument, 'LIMIT', quantity);
  if (problem) throw new Rejected(problem);
  return { price, quantity };
}

function parsed(value: Parsed<number>): number {
  if (!value.ok) throw new Rejected(value.rejection);
  return value.value;
}
