import { isMarketKind } from '../../core/orders/algoOrder';
import type { AlgoOrderView } from '../../core/projections/algoOrderView';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { formatCallbackRate } from '../responses/algoOrderJson';

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
      // Binance shows these once the order is placed in the matching engine: at the trigger nothing has filled
      // yet (its fills come as the order's own ORDER_TRADE_UPDATEs), and `act` is the type it became.
      ...(view.actualOrderId === null
        ? {}
        : {
            ap: formatPrice(instrument, 0),
            aq: formatQuantity(instrument, 0),
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
    },
  };
}
