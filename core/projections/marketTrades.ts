import type { EngineEvent } from '../engine/events';
import type { Money } from '../numbers/money';
import type { Instrument } from '../symbol/instrument';
import { tradeFacts } from './tradeFacts';

/** A public trade (GET /fapi/v1/trades), in ticks, lots and money; the query formats it. */
export interface MarketTrade {
  readonly id: number;
  readonly price: number;
  readonly qty: number;
  readonly quoteQty: Money;
  readonly time: number;
  /** The buyer was the maker, i.e. the taker sold. */
  readonly isBuyerMaker: boolean;
  readonly lastSeq: number;
}

/** One public trade per Trade event. */
export function marketTradesOf(events: readonly EngineEvent[], instrument: Instrument): MarketTrade[] {
  return tradeFacts(events, instrument).map((t) => ({
    id: t.id,
    price: t.price,
    qty: t.qty,
    quoteQty: t.quoteQty,
    time: t.time,
    isBuyerMaker: t.takerSide === 'SELL',
    lastSeq: t.seq,
  }));
}
