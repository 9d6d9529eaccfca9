import type { EngineEvent } from '../engine/events';
import { type Money, moneyOf } from '../numbers/money';
import { opposite, type Side } from '../orders/order';
import { type Instrument, notionalOf } from '../symbol/instrument';

/** One account's side of one trade (GET /fapi/v1/userTrades), in ticks, lots and money. */
export interface UserTrade {
  readonly accountId: number;
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly side: Side;
  readonly price: number;
  readonly qty: number;
  readonly quoteQty: Money;
  /** Commission of this fill; negative is a rebate. */
  readonly commission: Money;
  readonly realizedPnl: Money;
  readonly maker: boolean;
  readonly time: number;
  readonly lastSeq: number;
}

/**
 * Two fills per trade, maker first: one per side. When one account is both maker and taker (self-trade
 * prevention NONE) it gets both, as Binance lists both of its fills.
 */
export function userTradesOf(
  events: readonly EngineEvent[],
  symbol: string,
  instrument: Instrument,
): UserTrade[] {
  const fills: UserTrade[] = [];
  for (const event of events) {
    if (event.type !== 'Trade') continue;
    const quoteQty = notionalOf(instrument, event.price, event.quantity);
    const sides = [
      { fill: event.maker, maker: true, side: opposite(event.takerSide) },
      { fill: event.taker, maker: false, side: event.takerSide },
    ];
    for (const { fill, maker, side } of sides) {
      fills.push({
        accountId: fill.accountId,
        symbol,
        id: event.tradeId,
        orderId: fill.orderId,
        side,
        price: event.price,
        qty: event.quantity,
        quoteQty,
        commission: moneyOf(fill.fee),
        realizedPnl: moneyOf(fill.realizedPnl),
        maker,
        time: event.time,
        lastSeq: event.seq,
      });
    }
  }
  return fills;
}

/**
 * The fills of a history query's range (trade ids, times, an order), oldest first: the `limit` oldest, or the
 * `limit` newest. One account's fills in one symbol as the read model keeps them: by trade id, the maker's before
 * the taker's. The in-memory store answers with it, and the query for what the store does not hold yet.
 */
export function fillsInRange(
  fills: readonly UserTrade[],
  range: {
    readonly fromId?: number;
    readonly toId?: number;
    readonly startTime?: number;
    readonly endTime?: number;
    readonly orderId?: number;
    readonly newest: boolean;
    readonly limit: number;
  },
): UserTrade[] {
  const matching = fills
    .filter(
      (f) =>
        (range.fromId === undefined || f.id >= range.fromId) &&
        (range.toId === undefined || f.id <= range.toId) &&
        (range.startTime === undefined || f.time >= range.startTime) &&
        (range.endTime === undefined || f.time <= range.endTime) &&
        (range.orderId === undefined || f.orderId === range.orderId),
    )
    .sort((a, b) => a.id - b.id || Number(b.maker) - Number(a.maker));
  return range.newest
    ? matching.slice(Math.max(0, matching.length - range.limit))
    : matching.slice(0, range.limit);
}
