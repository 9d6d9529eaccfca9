import { ADL_CLIENT_ORDER_ID } from '../../application/fanout/liquidationUpdates';
import type { Liquidated } from '../../core/engine/events';
import { LIQUIDATION_CLIENT_ORDER_PREFIX } from '../../core/engine/liquidate';
import { formatScaled } from '../../core/numbers/decimal';
import { formatMoney, type Money, moneyOf, RATE_DECIMALS } from '../../core/numbers/money';
import type { NewOrder } from '../../core/orders/order';
import type { RiskedPosition } from '../../core/risk/accountRisk';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { averagePrice, priceFromNotional } from '../responses/decimals';

/**
 * `MARGIN_CALL` as Binance USDⓈ-M pushes it for cross margin: the cross wallet balance `cw` and every position of
 * the account (one-way mode: `ps` BOTH, `mt` CROSSED, `iw` 0) with its mark `mp` (8 decimals, as the mark streams
 * print it), unrealized PnL `up` and maintenance margin `mm` at that mark. A position of a symbol with no price yet
 * shows its entry price as the mark (it is valued at its entry).
 */
export function marginCallJson(walletBalance: Money, positions: readonly RiskedPosition[], now: number) {
  return {
    e: 'MARGIN_CALL',
    E: now,
    cw: formatMoney(walletBalance),
    p: positions.map(({ symbol, instrument, position, markUnits, value }) => {
      const lots = Math.abs(position.size);
      return {
        s: symbol,
        ps: 'BOTH',
        pa: `${position.size < 0 ? '-' : ''}${formatQuantity(instrument, lots)}`,
        mt: 'CROSSED',
        iw: '0',
        mp:
          markUnits === undefined
            ? priceFromNotional(instrument, position.entryNotional, lots, RATE_DECIMALS)
            : formatScaled(markUnits, RATE_DECIMALS),
        up: formatMoney(value.unrealizedPnl),
        mm: formatMoney(value.maintMargin),
      };
    }),
  };
}

/**
 * `forceOrder` (`<symbol>@forceOrder`, `!forceOrder@arr`): the liquidation order as Binance shows it, an IOC LIMIT
 * at the bankruptcy price `p` for the position's quantity `q`, `ap` the average of its fills on the book, `z` what
 * the book filled and `l` the last fill. `X` is the order's own status, as GET /fapi/v1/forceOrders answers it:
 * FILLED when the book took it all, EXPIRED when the IOC's rest expired (that rest was then taken over by the
 * insurance fund or deleveraged, which are no fills of this order in shardex).
 */
export function forceOrderJson(
  instrument: Instrument,
  liquidation: Liquidated,
  lastFilled: number,
  now: number,
) {
  const filled = liquidation.filledQuantity;
  return {
    e: 'forceOrder',
    E: now,
    o: {
      s: instrument.spec.symbol,
      S: liquidation.side,
      o: 'LIMIT',
      f: 'IOC',
      q: formatQuantity(instrument, liquidation.quantity),
      p: formatPrice(instrument, liquidation.price),
      ap: averagePrice(instrument, moneyOf(liquidation.filledNotional), filled),
      X: filled === liquidation.quantity ? 'FILLED' : 'EXPIRED',
      l: formatQuantity(instrument, lastFilled),
      z: formatQuantity(instrument, filled),
      T: liquidation.time,
    },
  };
}

/**
 * The order type ORDER_TRADE_UPDATE shows (`o`, `ot`): LIQUIDATION for a liquidation order (`autoclose-…`) and an
 * ADL order (`adl_autoclose`), Binance's type for both; the order's own type otherwise.
 */
export function orderTypeShown(order: Pick<NewOrder, 'type' | 'clientOrderId'>): string {
  const forced =
    order.clientOrderId.startsWith(LIQUIDATION_CLIENT_ORDER_PREFIX) ||
    order.clientOrderId === ADL_CLIENT_ORDER_ID;
  return forced ? 'LIQUIDATION' : order.type;
}
