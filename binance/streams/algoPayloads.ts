import { isMarketKind } from '../../core/orders/algoOrder';
import type { AlgoOrderView } from '../../core/projections/algoOrderView';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { formatCallbackRate } from '../responses/algoOrderJson';
import { averagePrice } from '../responses/decimals';

/** `ALGO_UPDATE`: a conditional order's change on the user data stream, field for field as Binance pushes it. */
export function algoUpdateJson(instrument: Instrument, view: AlgoOrderView, time: number, now: number) {
  const o = view.order;
  const trailing = o.type === 'TRAILING_STOP_MARKET';
  return {
    e: 'ALGO_UPDATE',
    T: time,
    E: now,
    o: {
      caid: o.clientAlgoId,
      aid: o.algoId,
      at: 'CONDITIONAL',
      o: o.type,
      s: view.symbol,
      S: o.side,
      ps: 'BOTH',
      f: o.timeInForce,
      q: formatQuantity(instrument, o.quantity),
      X: view.status,
      ai: view.actualOrderId === null ? '' : String(view.actualOrderId),
      // Binance shows these once the order is placed in the matching engine, `act` being the type it became:
      // nothing filled at the trigger (the fills come as the order's own ORDER_TRADE_UPDATEs), the order's average
      // price and executed quantity once it ended (FINISHED).
      ...(view.actualOrderId === null
        ? {}
        : {
            ap: averagePrice(instrument, view.cumQuote, view.executedQty),
            aq: formatQuantity(instrument, view.executedQty),
            act: isMarketKind(o.type) ? 'MARKET' : 'LIMIT',
          }),
      tp: formatPrice(instrument, o.triggerPrice),
      p: formatPrice(instrument, o.price),
      V: o.selfTradePreventionMode,
      wt: o.workingType,
      pm: 'NONE',
      cp: o.closePosition,
      pP: o.priceProtect,
      R: o.reduceOnly,
      ...(trailing
        ? {
            AP: o.activationPrice === 0 ? '' : formatPrice(instrument, o.activationPrice),
            cr: formatCallbackRate(o.callbackRate),
          }
        : {}),
      tt: view.triggerTime,
      gtd: o.goodTillDate,
      ...(view.rejectReason === undefined ? {} : { rm: view.rejectReason }),
    },
  };
}
