import type { EngineEvent, PositionTransferred } from '../../core/engine/events';
import { type Money, moneyOf } from '../../core/numbers/money';
import type { OrderView } from '../../core/projections/orderView';
import { type Instrument, notionalOf } from '../../core/symbol/instrument';
import type { OrderUpdate } from './orderUpdates';

/** Binance's client order id of an ADL order (a liquidation order's is `autoclose-<orderId>`). */
export const ADL_CLIENT_ORDER_ID = 'adl_autoclose';

/** Why an account's balance or position moved in a run, in Binance's ACCOUNT_UPDATE `m` words. */
export type AccountUpdateReason = 'ORDER' | 'INSURANCE_CLEAR' | 'ADL';

/**
 * The reason of the account's ACCOUNT_UPDATE for a run, and `bc` (the balance change other than PnL and
 * commission): INSURANCE_CLEAR when the account was liquidated in it (Binance's name for the liquidation
 * clearance; bc = − the liquidation fee paid to the insurance fund), ADL when one of its positions was closed
 * against a liquidation (bc 0: an ADL moves only realized PnL), else ORDER (bc 0).
 */
export function accountUpdateReason(
  events: readonly EngineEvent[],
  accountId: number,
): { reason: AccountUpdateReason; balanceChange: Money } {
  let liquidated = false;
  let fees: Money = 0n;
  let deleveraged = false;
  for (const event of events) {
    if (event.type === 'Liquidated' && event.accountId === accountId) {
      liquidated = true;
      fees += moneyOf(event.liquidationFee);
    } else if (isAdlOf(event, accountId)) deleveraged = true;
  }
  if (liquidated) return { reason: 'INSURANCE_CLEAR', balanceChange: -fees };
  return { reason: deleveraged ? 'ADL' : 'ORDER', balanceChange: 0n };
}

/**
 * ORDER_TRADE_UPDATE to each ADL counterparty, as Binance tells an account that was auto-deleveraged: an order
 * with client id `adl_autoclose`, closing `quantity` at the bankruptcy price, reported filled in one
 * CALCULATED execution (Binance's "liquidation execution"), no commission, its realized PnL. shardex's ADL is a
 * position transfer with no order of its own: `i` is the liquidation order it closed against.
 */
export function adlOrderUpdates(
  instrument: Instrument,
  events: readonly EngineEvent[],
  accountId: number,
): OrderUpdate[] {
  const updates: OrderUpdate[] = [];
  for (const event of events) {
    if (!isAdlOf(event, accountId)) continue;
    const side = event.side === 'BUY' ? 'SELL' : 'BUY';
    const view: OrderView = {
      symbol: instrument.spec.symbol,
      order: {
        orderId: event.orderId,
        accountId,
        clientOrderId: ADL_CLIENT_ORDER_ID,
        side,
        type: 'LIMIT',
        timeInForce: 'IOC',
        price: event.price,
        quantity: event.quantity,
        reduceOnly: true,
        selfTradePreventionMode: 'NONE',
      },
      status: 'FILLED',
      origQty: event.quantity,
      price: event.price,
      executedQty: event.quantity,
      cumQuote: notionalOf(instrument, event.price, event.quantity),
      commission: 0n,
      realizedPnl: moneyOf(event.counterparty.realizedPnl),
      time: event.time,
      updateTime: event.time,
      rejectCode: null,
      expiryReason: null,
      lastSeq: event.seq,
    };
    updates.push({
      accountId,
      seq: event.seq,
      message: {
        kind: 'orderUpdate',
        view,
        detail: {
          x: 'CALCULATED',
          time: event.time,
          trade: { id: 0, price: event.price, qty: event.quantity },
          fill: {
            orderId: event.orderId,
            accountId,
            remaining: 0,
            fee: 0,
            realizedPnl: event.counterparty.realizedPnl,
            position: event.counterparty.position,
          },
          maker: false,
        },
      },
    });
  }
  return updates;
}

/**
 * The liquidation fee of a run whose Liquidated event came without its account's fills or transfers (they were
 * in the run before, the command's events cut across two items): a balance-only ACCOUNT_UPDATE INSURANCE_CLEAR,
 * so the fee is told even then. undefined when the run has no such event, or it paid no fee.
 */
export function liquidationFeeAlone(
  events: readonly EngineEvent[],
  accountId: number,
): { balanceChange: Money; time: number } | undefined {
  let found: { balanceChange: Money; time: number } | undefined;
  for (const event of events) {
    if (event.type !== 'Liquidated' || event.accountId !== accountId) continue;
    const fee = moneyOf(event.liquidationFee);
    if (fee !== 0n) found = { balanceChange: (found?.balanceChange ?? 0n) - fee, time: event.time };
  }
  return found;
}

function isAdlOf(event: EngineEvent, accountId: number): event is PositionTransferred {
  return (
    event.type === 'PositionTransferred' &&
    event.reason === 'ADL' &&
    event.counterparty.accountId === accountId
  );
}
