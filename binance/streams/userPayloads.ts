import type { AccountFills } from '../../application/fanout/accountUpdates';
import type { AccountUpdateReason } from '../../application/fanout/liquidationUpdates';
import type { OrderUpdateDetail } from '../../application/fanout/messages';
import type { ExpiryReason } from '../../core/engine/events';
import { formatMoney, type Money, moneyOf } from '../../core/numbers/money';
import type { OrderView } from '../../core/projections/orderView';
import { positionRisk } from '../../core/projections/positionRisk';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import type { ValuationPrice } from '../../core/symbol/valuation';
import { averagePrice, priceFromNotional } from '../responses/decimals';
import { orderTypeShown } from './riskPayloads';

/** User data stream payloads, field for field as Binance USDⓈ-M pushes them. */

/**
 * Binance's expiry reasons (`er`): 1 self-trade prevention, 2 IOC remainder, 3 IOC stopped by self-trade
 * prevention, 4 reduce-only order that could no longer only reduce, 9 MARKET remainder; 0 none. Binance's list
 * has no code for a GTD expiry: the update says it with x/X EXPIRED on an order whose `f` is GTD, so 0.
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
    case 'GTD':
      return '0';
  }
}

/** `ORDER_TRADE_UPDATE`, every field of the contract; commission (N, n) only on fills, as Binance pushes it. */
export function orderTradeUpdateJson(
  instrument: Instrument,
  view: OrderView,
  d: OrderUpdateDetail,
  now: number,
) {
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
      o: orderTypeShown(o),
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
      ot: orderTypeShown(o),
      ps: 'BOTH',
      cp: false,
      rp: formatMoney(moneyOf(d.fill?.realizedPnl ?? 0)),
      pP: false,
      si: 0,
      ss: 0,
      V: o.selfTradePreventionMode,
      pm: 'NONE',
      gtd: o.goodTillDate ?? 0,
      er: d.expiry === undefined ? '0' : expiryReasonCode(d.expiry, o.timeInForce),
    },
  };
}
/**
 * `ACCOUNT_UPDATE` (reason `m` ORDER, or INSURANCE_CLEAR / ADL in a liquidation's run): the USDT balance (cross
 * margin: cross wallet = wallet; bc, the change other than PnL and commission: 0 for trades, − the liquidation
 * fee when liquidated) and the position the fills changed, its unrealized PnL at the mark price (the last fill
 * price if the symbol has neither mark nor ticker yet). The break-even price covers the closing taker fee only:
 * opening fees are not tracked per position.
 */
export function accountUpdateJson(
  instrument: Instrument,
  fills: AccountFills,
  walletBalance: Money,
  leverage: number,
  markPrice: ValuationPrice | undefined,
  now: number,
  reason: AccountUpdateReason = 'ORDER',
  balanceChange: Money = 0n,
) {
  const { position } = fills;
  const risk = positionRisk(position, instrument, markPrice ?? fills.lastPrice, leverage);
  const lots = Math.abs(position.size);
  const digits = instrument.spec.pricePrecision + 3;
  const wallet = formatMoney(walletBalance);
  return {
    e: 'ACCOUNT_UPDATE',
    E: now,
    T: fills.time,
    a: {
      m: reason,
      B: [{ a: 'USDT', wb: wallet, cw: wallet, bc: balanceChange === 0n ? '0' : formatMoney(balanceChange) }],
      P: [
        {
          s: instrument.spec.symbol,
          pa: `${position.size < 0 ? '-' : ''}${formatQuantity(instrument, lots)}`,
          ep: priceFromNotional(instrument, position.entryNotional, lots, digits),
          bep: priceFromNotional(instrument, risk.breakEvenNotional, lots, digits),
          cr: formatMoney(position.realizedPnl),
          up: formatMoney(risk.unrealizedPnl),
          mt: 'cross',
          iw: '0',
          ps: 'BOTH',
        },
      ],
    },
  };
}

/**
 * `ACCOUNT_UPDATE` reason FUNDING_FEE: in cross margin Binance pushes only the balance, with the payment as `bc`
 * (negative: paid), and no position.
 */
export function fundingFeeUpdateJson(
  walletBalance: Money,
  balanceChange: Money,
  time: number,
  now: number,
  reason: 'FUNDING_FEE' | 'INSURANCE_CLEAR' = 'FUNDING_FEE',
) {
  const wallet = formatMoney(walletBalance);
  return {
    e: 'ACCOUNT_UPDATE',
    E: now,
    T: time,
    a: {
      m: reason,
      B: [{ a: 'USDT', wb: wallet, cw: wallet, bc: formatMoney(balanceChange) }],
      P: [],
    },
  };
}

/** The connection's listen key expired: it gets this once, and no more user data. */
export function listenKeyExpiredJson(listenKey: string | undefined, now: number) {
  return { e: 'listenKeyExpired', E: now, listenKey };
}
