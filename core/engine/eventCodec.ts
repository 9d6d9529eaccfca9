import { assertNever } from '../assertNever';
import { type CompactMoney, compactMoney } from '../numbers/money';
import type { CompactPosition } from '../position/position';
import type { EngineEvent, Fill } from './events';

/**
 * Events ⇄ JSON text. Money on events is compact (a number while it is a safe integer, else a bigint); JSON has
 * no bigint, so a bigint travels as a decimal integer string, and decoding turns a string in a money field (fees,
 * realized PnL, entry notional, funding) back into the compact form, by field, never by guessing from a value's shape.
 * Logs written before money was compact hold every amount as a string; they decode to the same events.
 */
export function eventsToJson(events: readonly EngineEvent[]): string {
  return JSON.stringify(events, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

export function eventsFromJson(text: string): EngineEvent[] {
  const raw = JSON.parse(text) as EngineEvent[];
  return raw.map(reviveEvent);
}

function reviveEvent(event: EngineEvent): EngineEvent {
  switch (event.type) {
    case 'Trade':
      return { ...event, maker: reviveFill(event.maker), taker: reviveFill(event.taker) };
    case 'SymbolListed':
    case 'SymbolUpdated':
    case 'OrderAccepted':
    case 'OrderRejected':
    case 'OrderRested':
    case 'OrderCanceled':
    case 'OrderExpired':
    case 'OrderAmended':
    case 'AllOrdersCanceled':
    case 'CommandRejected':
    case 'MarkPriceUpdated':
    case 'AlgoOrderPlaced':
    case 'AlgoOrderTriggered':
    case 'AlgoOrderCanceled':
    case 'AlgoOrderExpired':
      return event;
    case 'FundingSettled':
      return { ...event, total: reviveMoney(event.total) };
    case 'FundingPaid':
      return {
        ...event,
        payments: event.payments.map(([accountId, amount]) => [accountId, reviveMoney(amount)] as const),
      };
    default:
      return assertNever(event);
  }
}

function reviveFill(fill: Fill): Fill {
  return {
    ...fill,
    fee: reviveMoney(fill.fee),
    realizedPnl: reviveMoney(fill.realizedPnl),
    position: revivePosition(fill.position),
  };
}

function revivePosition(position: CompactPosition): CompactPosition {
  return {
    size: position.size,
    entryNotional: reviveMoney(position.entryNotional),
    realizedPnl: reviveMoney(position.realizedPnl),
  };
}

/** A money field as JSON.parse left it: a number, or a string of digits. */
function reviveMoney(amount: CompactMoney | string): CompactMoney {
  return typeof amount === 'number' ? amount : compactMoney(BigInt(amount));
}
