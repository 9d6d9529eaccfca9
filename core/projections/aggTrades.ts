import type { Side } from '../orders/order';
import type { TradeFact } from './tradeFacts';

/**
 * An aggregate trade (GET /fapi/v1/aggTrades, `<s>@aggTrade`): consecutive trades of one taker order at one
 * price within one command. Its id `a` is the id of its first trade: ids of aggregates increase with time but
 * are not consecutive (Binance numbers them separately); `fromId` compares against this id.
 */
export interface AggTrade {
  readonly a: number;
  readonly p: number;
  readonly q: number;
  readonly f: number;
  readonly l: number;
  readonly T: number;
  /** The buyer was the maker. */
  readonly m: boolean;
  readonly takerOrderId: number;
  readonly takerSide: Side;
  readonly commandId: string;
  /** Sequence of the last trade event in the aggregate. */
  readonly lastSeq: number;
}

export function startAggregate(trade: TradeFact): AggTrade {
  return {
    a: trade.id,
    p: trade.price,
    q: trade.qty,
    f: trade.id,
    l: trade.id,
    T: trade.time,
    m: trade.takerSide === 'SELL',
    takerOrderId: trade.takerOrderId,
    takerSide: trade.takerSide,
    commandId: trade.commandId,
    lastSeq: trade.seq,
  };
}

/** The trade directly follows the aggregate's last trade, from the same taker, command and price. */
export function continuesAggregate(aggregate: AggTrade, trade: TradeFact): boolean {
  return (
    trade.id === aggregate.l + 1 &&
    trade.takerOrderId === aggregate.takerOrderId &&
    trade.commandId === aggregate.commandId &&
    trade.price === aggregate.p
  );
}

export function extendAggregate(aggregate: AggTrade, trade: TradeFact): AggTrade {
  return { ...aggregate, q: aggregate.q + trade.qty, l: trade.id, lastSeq: trade.seq };
}

/**
 * Folds trades (in id order) into aggregates. `previous` is the aggregate the trades may continue (the last one
 * before them: a command's trades can be cut across two event items); if they do, it comes back extended as the
 * first element. Returns every aggregate changed or started, in order.
 */
export function aggregateTrades(previous: AggTrade | undefined, trades: readonly TradeFact[]): AggTrade[] {
  const out: AggTrade[] = [];
  let last = previous;
  for (const trade of trades) {
    if (last !== undefined && continuesAggregate(last, trade)) {
      last = extendAggregate(last, trade);
      // `last` is either `previous` (not yet in the output) or the output's last element.
      if (out.length === 0) out.push(last);
      else out[out.length - 1] = last;
    } else {
      last = startAggregate(trade);
      out.push(last);
    }
  }
  return out;
}
