import { formatScaled } from '../../core/numbers/decimal';
import type { OrderView } from '../../core/projections/orderView';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { averagePrice, formatQuote } from './decimals';

/** The order object of the contract (POST/PUT/DELETE/GET /fapi/v1/order). */
export function orderJson(instrument: Instrument, view: OrderView) {
  const o = view.order;
  const executed = formatQuantity(instrument, view.executedQty);
  return {
    orderId: o.orderId,
    symbol: view.symbol,
    status: view.status === 'REJECTED' ? 'EXPIRED' : view.status,
    clientOrderId: o.clientOrderId,
    price:
      o.type === 'MARKET'
        ? formatScaled(0n, instrument.spec.pricePrecision)
        : formatPrice(instrument, view.price),
    avgPrice: averagePrice(instrument, view.cumQuote, view.executedQty),
    origQty: formatQuantity(instrument, view.origQty),
    executedQty: executed,
    cumQty: executed,
    cumQuote: formatQuote(instrument, view.cumQuote),
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: false,
    side: o.side,
    positionSide: 'BOTH',
    stopPrice: formatScaled(0n, instrument.spec.pricePrecision),
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: o.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: o.selfTradePreventionMode,
    goodTillDate: o.goodTillDate ?? 0,
    time: view.time,
    updateTime: view.updateTime,
  };
}

/** A use case's answer (the order and its symbol's spec) as the contract's order object. */
export function orderAnswerJson(answer: { readonly instrument: Instrument; readonly view: OrderView }) {
  return orderJson(answer.instrument, answer.view);
}
