import type { EngineEvent, Trade } from '../engine/events';
import type { Money } from '../numbers/money';
import type { Side } from '../orders/order';
import { type Instrument, notionalOf } from '../symbol/instrument';

/** What every trade read model needs of a Trade event, in the engine's units (ticks, lots, money). */
export interface TradeFact {
  readonly id: number;
  readonly price: number;
  readonly qty: number;
  /** price × qty in money (exact). */
  readonly quoteQty: Money;
  readonly time: number;
  readonly takerSide: Side;
  readonly takerOrderId: number;
  /** Trades of one command happened at once: aggregation does not join trades of different commands. */
  readonly commandId: string;
  /** The trade event's symbol sequence: read-model items remember it for idempotency. */
  readonly seq: number;
}

export function tradeFact(trade: Trade, instrument: Instrument): TradeFact {
  return {
    id: trade.tradeId,
    price: trade.price,
    qty: trade.quantity,
    quoteQty: notionalOf(instrument, trade.price, trade.quantity),
    time: trade.time,
    takerSide: trade.takerSide,
    takerOrderId: trade.taker.orderId,
    commandId: trade.commandId,
    seq: trade.seq,
  };
}

/** The trades among a run of events, in order. Tick and step never change after listing, so one instrument does. */
export function tradeFacts(events: readonly EngineEvent[], instrument: Instrument): TradeFact[] {
  const facts: TradeFact[] = [];
  for (const event of events) if (event.type === 'Trade') facts.push(tradeFact(event, instrument));
  return facts;
}
