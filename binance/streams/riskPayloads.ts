import { formatScaled } from '../../core/numbers/decimal';
import { formatMoney, type Money, RATE_DECIMALS } from '../../core/numbers/money';
import type { RiskedPosition } from '../../core/risk/accountRisk';
import { formatQuantity } from '../../core/symbol/units';
import { priceFromNotional } from '../responses/decimals';

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
