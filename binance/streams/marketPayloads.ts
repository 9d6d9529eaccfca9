import type { DepthSegment } from '../../application/fanout/depthSegments';
import type { MarkQuote } from '../../application/fanout/messages';
import type { TopOfBook } from '../../application/fanout/topOfBook';
import { EMPTY_TICKER } from '../../application/ports/marketData';
import type { Trade } from '../../core/engine/events';
import type { AggTrade } from '../../core/projections/aggTrades';
import type { Candle } from '../../core/projections/candles';
import type { KlineInterval } from '../../core/projections/intervals';
import type { RollingStats } from '../../core/projections/rollingTicker';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { formatPriceDigits, formatQuote } from '../responses/decimals';
import { formatUnits8 } from '../responses/futuresJson';
import { aggTradeJson, ticker24hJson } from '../responses/marketJson';

/** Market stream payloads, field for field as Binance USDⓈ-M pushes them. */

/**
 * `<s>@depth…`: `{e:"depthUpdate", E, T, s, U, u, pu, b, a}`, quantities absolute, "0" removes a level; and
 * shardex's `chain`, the log's hash-chain link at `u` (docs/audit.md), which Binance clients ignore.
 */
export function depthUpdateJson(instrument: Instrument, segment: DepthSegment, now: number) {
  const levels = (side: 'BUY' | 'SELL') =>
    segment.changes
      .filter((c) => c.side === side)
      .map((c) => [formatPrice(instrument, c.price), formatQuantity(instrument, c.quantity)]);
  return {
    e: 'depthUpdate',
    E: now,
    T: segment.time,
    s: instrument.spec.symbol,
    U: segment.after,
    u: segment.upTo,
    pu: segment.after,
    b: levels('BUY'),
    a: levels('SELL'),
    ...(segment.chain === undefined ? {} : { chain: segment.chain }),
  };
}

const level =
  (instrument: Instrument) =>
  ([price, qty]: readonly [number, number]) => [
    formatPrice(instrument, price),
    formatQuantity(instrument, qty),
  ];

/** `<s>@depth<N>`: the top N levels, in the diff stream's envelope (as Binance's futures partial depth is). */
export function partialDepthJson(
  instrument: Instrument,
  book: TopOfBook,
  levels: number,
  after: number,
  now: number,
) {
  return {
    e: 'depthUpdate',
    E: now,
    T: book.time,
    s: instrument.spec.symbol,
    U: after,
    u: book.updateId,
    pu: after,
    b: book.bids.slice(0, levels).map(level(instrument)),
    a: book.asks.slice(0, levels).map(level(instrument)),
  };
}

export function bookTickerJson(instrument: Instrument, book: TopOfBook, now: number) {
  const [bid, bidQty] = book.bids[0] ?? [0, 0];
  const [ask, askQty] = book.asks[0] ?? [0, 0];
  return {
    e: 'bookTicker',
    u: book.updateId,
    E: now,
    T: book.time,
    s: instrument.spec.symbol,
    b: formatPrice(instrument, bid),
    B: formatQuantity(instrument, bidQty),
    a: formatPrice(instrument, ask),
    A: formatQuantity(instrument, askQty),
  };
}

export function tradeJson(instrument: Instrument, trade: Trade, now: number) {
  return {
    e: 'trade',
    E: now,
    T: trade.time,
    s: instrument.spec.symbol,
    t: trade.tradeId,
    p: formatPrice(instrument, trade.price),
    q: formatQuantity(instrument, trade.quantity),
    X: 'MARKET',
    m: trade.takerSide === 'SELL',
  };
}

export function aggTradeEventJson(instrument: Instrument, aggregate: AggTrade, now: number) {
  const { a, p, q, f, l, T, m } = aggTradeJson(instrument, aggregate);
  return { e: 'aggTrade', E: now, s: instrument.spec.symbol, a, p, q, f, l, T, m };
}

/** `<s>@kline_<i>`: the candle so far (x false: a trade always lands in the open candle). */
export function klineJson(instrument: Instrument, interval: KlineInterval, candle: Candle, now: number) {
  const symbol = instrument.spec.symbol;
  return {
    e: 'kline',
    E: now,
    s: symbol,
    k: {
      t: candle.openTime,
      T: candle.closeTime,
      s: symbol,
      i: interval,
      f: candle.firstTradeId,
      L: candle.lastTradeId,
      o: formatPrice(instrument, candle.open),
      c: formatPrice(instrument, candle.close),
      h: formatPrice(instrument, candle.high),
      l: formatPrice(instrument, candle.low),
      v: formatQuantity(instrument, candle.volume),
      n: candle.trades,
      x: candle.closeTime < now,
      q: formatQuote(instrument, candle.quoteVolume),
      V: formatQuantity(instrument, candle.takerBuyVolume),
      Q: formatQuote(instrument, candle.takerBuyQuoteVolume),
      B: '0',
    },
  };
}

/** `<s>@ticker`: the REST 24 h ticker's numbers under the stream's one-letter names. */
export function tickerJson(instrument: Instrument, stats: RollingStats, lastQty: number, now: number) {
  const t = ticker24hJson(instrument, stats, { ...EMPTY_TICKER, lastQty });
  return {
    e: '24hrTicker',
    E: now,
    s: t.symbol,
    p: t.priceChange,
    P: t.priceChangePercent,
    w: t.weightedAvgPrice,
    c: t.lastPrice,
    Q: t.lastQty,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
    O: t.openTime,
    C: t.closeTime,
    F: t.firstId,
    L: t.lastId,
    n: t.count,
  };
}

export function miniTickerJson(instrument: Instrument, stats: RollingStats, now: number) {
  const t = ticker24hJson(instrument, stats, { ...EMPTY_TICKER, lastQty: 0 });
  return {
    e: '24hrMiniTicker',
    E: now,
    s: t.symbol,
    c: t.lastPrice,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
  };
}

/**
 * `<s>@markPrice[@1s]`: `{e:"markPriceUpdate", E, s, p, i, P, r, T}` with the engine's mark and index (8
 * decimals), the mark as estimated settle price (funding settles at the mark), the rate the current interval would
 * settle at, and the next funding time. As REST premiumIndex: before the symbol's first index price the last trade
 * price stands in for the mark and `i` is "0".
 */
export function markPriceJson(instrument: Instrument, quote: MarkQuote, now: number) {
  const mark =
    quote.markPrice !== null
      ? formatUnits8(quote.markPrice)
      : formatPriceDigits(instrument, quote.lastPrice, 8);
  return {
    e: 'markPriceUpdate',
    E: now,
    s: instrument.spec.symbol,
    p: mark,
    i: quote.indexPrice !== null ? formatUnits8(quote.indexPrice) : '0',
    P: mark,
    r: formatUnits8(quote.fundingRate),
    T: quote.nextFundingTime,
  };
}

/** `!markPrice@arr[@1s]`: an array of markPriceUpdate payloads (a run brings its own symbol's). */
export function allMarkPriceJson(instrument: Instrument, quotes: readonly MarkQuote[], now: number) {
  return quotes.map((quote) => markPriceJson(instrument, quote, now));
}
