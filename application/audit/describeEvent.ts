import { assertNever } from '../../core/assertNever';
import type { EngineEvent } from '../../core/engine/events';
import { formatScaled } from '../../core/numbers/decimal';
import { formatMoney } from '../../core/numbers/money';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';

/**
 * One line per event in the exchange's words and decimals, for `replay`: what an auditor reads. The event itself
 * (exact, in ticks, lots and 10^-8) is printed beside it; this line is only its reading.
 */
export function describeEvent(event: EngineEvent, instrument: Instrument | undefined): string {
  const price = (ticks: number) => (instrument ? formatPrice(instrument, ticks) : `${ticks} ticks`);
  const qty = (lots: number) => (instrument ? formatQuantity(instrument, lots) : `${lots} lots`);
  const units8 = (value: number) => formatScaled(BigInt(value), 8);
  const money = (value: number | bigint) => formatMoney(BigInt(value));
  switch (event.type) {
    case 'SymbolListed':
      return `symbol listed (${event.spec.status}, tick ${event.spec.tickSize}, step ${event.spec.stepSize})`;
    case 'SymbolUpdated':
      return `symbol updated (${event.spec.status})`;
    case 'OrderAccepted': {
      const o = event.order;
      return `order ${o.orderId} accepted: account ${o.accountId} ${o.side} ${o.type} ${qty(o.quantity)} @ ${price(o.price)} ${o.timeInForce}${o.reduceOnly ? ' reduce-only' : ''} (client id ${o.clientOrderId})`;
    }
    case 'OrderRejected':
      return `order ${event.order.orderId} rejected ${event.code}: ${event.reason}`;
    case 'OrderRested':
      return `order ${event.orderId} rests: ${event.side} ${qty(event.quantity)} @ ${price(event.price)} (level ${qty(event.levelQuantity)})`;
    case 'Trade':
      return `trade ${event.tradeId}: ${qty(event.quantity)} @ ${price(event.price)}, taker ${event.takerSide} order ${event.taker.orderId} (account ${event.taker.accountId}, fee ${money(event.taker.fee)}, pnl ${money(event.taker.realizedPnl)}), maker order ${event.maker.orderId} (account ${event.maker.accountId}, fee ${money(event.maker.fee)}, pnl ${money(event.maker.realizedPnl)})`;
    case 'OrderCanceled':
      return `order ${event.orderId} canceled (${event.reason}): ${event.side} ${qty(event.quantity)} @ ${price(event.price)}`;
    case 'OrderExpired':
      return `order ${event.orderId} expired (${event.reason}): ${event.side} ${qty(event.quantity)} @ ${price(event.price)}`;
    case 'OrderAmended':
      return `order ${event.orderId} amended: ${qty(event.oldQuantity)} @ ${price(event.oldPrice)} → ${qty(event.quantity)} @ ${price(event.price)}, priority ${event.priority}`;
    case 'AllOrdersCanceled':
      return `all orders of account ${event.accountId} canceled (${event.count})`;
    case 'CommandRejected':
      return `${event.command} rejected ${event.code}: ${event.reason}`;
    case 'MarkPriceUpdated':
      return `index ${units8(event.indexPrice)}, mark ${units8(event.markPrice)}, estimated funding rate ${units8(event.estimatedFundingRate)}`;
    case 'FundingSettled':
      return `funding settled at ${new Date(event.fundingTime).toISOString()}: rate ${units8(event.fundingRate)}, ${event.payers} payers, ${event.receivers} receivers, total ${money(event.total)}`;
    case 'FundingPaid':
      return `funding paid: ${event.payments.map(([account, amount]) => `account ${account} ${money(amount)}`).join(', ')}`;
    case 'AlgoOrderPlaced': {
      const o = event.algoOrder;
      const size = o.closePosition ? 'close position' : qty(o.quantity);
      const limit = o.price === 0 ? '' : ` limit ${price(o.price)}`;
      return `conditional order ${o.algoId} placed: account ${o.accountId} ${o.side} ${o.type} ${size} trigger ${o.triggerPrice === 0 ? 'trailing' : price(o.triggerPrice)} on ${o.workingType}${limit} (client id ${o.clientAlgoId})`;
    }
    case 'AlgoOrderTriggered':
      return `conditional order ${event.algoId} triggered at ${event.workingType} ${units8(event.workingPrice)}: becomes order ${event.orderId}, ${event.side} ${event.algoType} ${qty(event.quantity)}`;
    case 'AlgoOrderCanceled':
      return `conditional order ${event.algoId} of account ${event.accountId} canceled (${event.reason})`;
    case 'AlgoOrderExpired':
      return `conditional order ${event.algoId} of account ${event.accountId} expired (${event.reason})`;
    default:
      return assertNever(event);
  }
}
