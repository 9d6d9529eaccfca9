import type { Money } from '../numbers/money';
import { bucketClose, bucketOpen, type KlineInterval } from './intervals';
import type { TradeFact } from './tradeFacts';

/** One kline, in ticks, lots and money: what a Binance kline row shows, plus the trade ids it covers. */
export interface Candle {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly quoteVolume: Money;
  readonly trades: number;
  /** Volume where the taker bought. */
  readonly takerBuyVolume: number;
  readonly takerBuyQuoteVolume: Money;
  /** First and last trade id in the candle (the 24 h ticker's firstId/lastId; time lookups of trade ids). */
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** Sequence of the last trade event folded in. */
  readonly lastSeq: number;
}

/**
 * What a candle folds: a trade, or a price sample (a mark, index or premium index: core/projections/priceSamples.ts)
 * that has no volume and whose id is its event's sequence. One fold serves every kind of kline.
 */
export type CandleSample = Pick<
  TradeFact,
  'id' | 'price' | 'qty' | 'quoteQty' | 'time' | 'takerSide' | 'seq'
>;

/**
 * The candle after one more trade. `candle` is the trade's bucket's candle so far, or undefined for the bucket's
 * first trade. Trades arrive in id order, so the latest is the close.
 */
export function candleWithTrade(
  interval: KlineInterval,
  candle: Candle | undefined,
  trade: CandleSample,
): Candle {
  const takerBought = trade.takerSide === 'BUY';
  if (candle === undefined) {
    const openTime = bucketOpen(interval, trade.time);
    return {
      openTime,
      closeTime: bucketClose(interval, openTime),
      open: trade.price,
      high: trade.price,
      low: trade.price,
      close: trade.price,
      volume: trade.qty,
      quoteVolume: trade.quoteQty,
      trades: 1,
      takerBuyVolume: takerBought ? trade.qty : 0,
      takerBuyQuoteVolume: takerBought ? trade.quoteQty : 0n,
      firstTradeId: trade.id,
      lastTradeId: trade.id,
      lastSeq: trade.seq,
    };
  }
  return {
    ...candle,
    high: Math.max(candle.high, trade.price),
    low: Math.min(candle.low, trade.price),
    close: trade.price,
    volume: candle.volume + trade.qty,
    quoteVolume: candle.quoteVolume + trade.quoteQty,
    trades: candle.trades + 1,
    takerBuyVolume: candle.takerBuyVolume + (takerBought ? trade.qty : 0),
    takerBuyQuoteVolume: candle.takerBuyQuoteVolume + (takerBought ? trade.quoteQty : 0n),
    lastTradeId: trade.id,
    lastSeq: trade.seq,
  };
}

/** The trades grouped by the bucket they fall in, buckets in order of first appearance. */
export function tradesByBucket<T extends CandleSample>(
  interval: KlineInterval,
  trades: readonly T[],
): Map<number, T[]> {
  const buckets = new Map<number, T[]>();
  for (const trade of trades) {
    const open = bucketOpen(interval, trade.time);
    const bucket = buckets.get(open);
    if (bucket === undefined) buckets.set(open, [trade]);
    else bucket.push(trade);
  }
  return buckets;
}

/** Folds trades into the candles of one interval, starting from the candles given (by open time). */
export function foldCandles(
  interval: KlineInterval,
  trades: readonly CandleSample[],
  candles: ReadonlyMap<number, Candle> = new Map(),
): Map<number, Candle> {
  const out = new Map(candles);
  for (const trade of trades) {
    const open = bucketOpen(interval, trade.time);
    out.set(open, candleWithTrade(interval, out.get(open), trade));
  }
  return out;
}
