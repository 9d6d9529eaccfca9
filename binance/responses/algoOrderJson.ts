import type { AlgoOrderView } from '../../core/projections/algoOrderView';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { averagePrice } from './decimals';

/** A callback rate in tenths of a percent as Binance writes it: "0.1" to "10.0". */
export function formatCallbackRate(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** The algo order object of Binance's algo-order endpoints (New/Query/Open/All Algo Orders). */
export function algoOrderJson(instrument: Instrument, view: AlgoOrderView) {
  const o = view.order;
  const trailing = o.type === 'TRAILING_STOP_MARKET';
  const price = (ticks: number) => formatPrice(instrument, ticks);
  return {
    algoId: o.algoId,
    clientAlgoId: o.clientAlgoId,
    algoType: 'CONDITIONAL',
    orderType: o.type,
    symbol: view.symbol,
    side: o.side,
    positionSide: 'BOTH',
    timeInForce: o.timeInForce,
    quantity: formatQuantity(instrument, o.quantity),
    algoStatus: view.status,
    actualOrderId: view.actualOrderId === null ? '' : String(view.actualOrderId),
    // The average price of the order it became: 0 until that order ended (FINISHED).
    actualPrice: averagePrice(instrument, view.cumQuote, view.executedQty),
    triggerPrice: price(o.triggerPrice),
    price: price(o.price),
    icebergQuantity: null,
    selfTradePreventionMode: o.selfTradePreventionMode,
    workingType: o.workingType,
    priceMatch: 'NONE',
    closePosition: o.closePosition,
    priceProtect: o.priceProtect,
    reduceOnly: o.reduceOnly,
    ...(trailing
      ? {
          activatePrice: o.activationPrice === 0 ? null : price(o.activationPrice),
          callbackRate: formatCallbackRate(o.callbackRate),
        }
      : {}),
    createTime: view.createTime,
    updateTime: view.updateTime,
    triggerTime: view.triggerTime,
    goodTillDate: o.goodTillDate,
  };
}

export function algoOrderAnswerJson(answer: {
  readonly instrument: Instrument;
  readonly view: AlgoOrderView;
}) {
  return algoOrderJson(answer.instrument, answer.view);
}
