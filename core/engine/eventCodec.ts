import type { Position } from '../position/position';
import { assertNever, type EngineEvent, type Fill } from './events';

/**
 * Events ⇄ JSON text. JSON has no bigint, so money travels as decimal integer strings in exactly the fields that
 * hold money (fees, realized PnL, entry notional); everything else is plain JSON. Decoding restores the bigints
 * by field, never by guessing from a value's shape.
 */
export function eventsToJson(events: readonly EngineEvent[]): string {
  return JSON.stringify(events, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

export function eventsFromJson(text: string): EngineEvent[] {
  const raw = JSON.parse(text) as EngineEvent[];
  return raw.map(reviveMoney);
}

function reviveMoney(event: EngineEvent): EngineEvent {
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
      return event;
    default:
      return assertNever(event);
  }
}

function reviveFill(fill: Fill): Fill {
  return {
    ...fill,
    fee: BigInt(fill.fee),
    realizedPnl: BigInt(fill.realizedPnl),
    position: revivePosition(fill.position),
  };
}

function revivePosition(position: Position): Position {
  return {
    size: position.size,
    entryNotional: BigInt(position.entryNotional),
    realizedPnl: BigInt(position.realizedPnl),
  };
}
