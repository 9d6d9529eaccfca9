import type { DepthSnapshot, TickerView } from '../../application/ports/marketData';
import { formatScaled } from '../../core/numbers/decimal';
import type { AggTrade } from '../../core/projections/aggTrades';
import type { Candle } from '../../core/projections/candles';
import type { MarketTrade } from '../../core/projections/marketTrades';
import { priceChangePermille, type RollingStats } from '../../core/projections/rollingTicker';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { formatQuote, priceFromNotional } from './decimals';

/**
 * Market data as Binance USDⓈ-M answers it: prices and quantities as strings at the symbol's precision, money at
 * the precision a notional can have (exact), ids and times as numbers.
 */

export function depthJson(instrument: Instrument, book: DepthSnapshot, now: number) {
  const level = ([price, qty]: [number, number]) => [
    formatPrice(instrument, price),
    formatQuantity(instrument, qty),
  ];
  return {
    lastUpdateId: book.lastUpdateId,
    E: now,
    T: book.time,
    bids: book.bids.map(level),
    asks: book.asks.map(level),
  };
}

export function tradeJson(instrument: Instrument, trade: MarketTrade) {
  return {
    id: trade.id,
    price: formatPrice(instrument, trade.price),
    qty: formatQuantity(instrument, trade.qty),
    quoteQty: formatQuote(instrument, trade.quoteQty),
    time: trade.time,
    isBuyerMaker: trade.isBuyerMaker,
  };
}

export function aggTradeJson(instrument: Instrument, aggregate: AggTrade) {
  return {
    a: aggregate.a,
    p: formatPrice(instrument, aggregate.p),
    q: formatQuantity(instrument, aggregate.q),
    f: aggregate.f,
    l: aggregate.l,
    T: aggregate.T,
    m: aggregate.m,
  };
}

/** A kline row: [open time, o, h, l, c, volume, close time, quote volume, trades, taker buy base, taker buy quote, "0"]. */
export function klineRow(instrument: Instrument, candle: Candle) {
  return [
    candle.openTime,
    formatPrice(instrument, candle.open),
    formatPrice(instrument, candle.high),
    formatPrice(instrument, candle.low),
    formatPrice(instrument, candle.close),
    formatQuantity(instrument, candle.volume),
    candle.closeTime,
    formatQuote(instrument, candle.quoteVolume),
    candle.trades,
    formatQuantity(instrument, candle.takerBuyVolume),
    formatQuote(instrument, candle.takerBuyQuoteVolume),
    '0',
  ];
}

export function ticker24hJson(instrument: Instrument, stats: RollingStats, ticker: TickerView) {
  const precision = instrument.spec.pricePrecision;
  return {
    symbol: instrument.spec.symbol,
    priceChange: signedPrice(instrument, stats.last - stats.open),
    priceChangePercent: formatScaled(priceChangePermille(stats.open, stats.last), 3),
    weightedAvgPrice:
      stats.volume === 0
        ? formatPrice(instrument, stats.last)
        : priceFromNotional(instrument, stats.quoteVolume, stats.volume, precision),
    lastPrice: formatPrice(instrument, stats.last),
    lastQty: formatQuantity(instrument, ticker.lastQty ?? 0),
    openPrice: formatPrice(instrument, stats.open),
    highPrice: formatPrice(instrument, stats.high),
    lowPrice: formatPrice(instrument, stats.low),
    volume: formatQuantity(instrument, stats.volume),
    quoteVolume: formatQuote(instrument, stats.quoteVolume),
    openTime: stats.openTime,
    closeTime: stats.closeTime,
    firstId: stats.firstId,
    lastId: stats.lastId,
    count: stats.count,
  };
}

export function priceTickerJson(instrument: Instrument, ticker: TickerView) {
  return {
    symbol: instrument.spec.symbol,
    price: formatPrice(instrument, ticker.lastPrice ?? 0),
    time: ticker.lastTime ?? 0,
  };
}

export function bookTickerJson(instrument: Instrument, ticker: TickerView) {
  return {
    symbol: instrument.spec.symbol,
    bidPrice: formatPrice(instrument, ticker.bestBid ?? 0),
    bidQty: formatQuantity(instrument, ticker.bestBidQty ?? 0),
    askPrice: formatPrice(instrument, ticker.bestAsk ?? 0),
    askQty: formatQuantity(instrument, ticker.bestAskQty ?? 0),
    time: ticker.time,
    lastUpdateId: ticker.updateId,
  };
}

function signedPrice(instrument: Instrument, ticks: number): string {
  const text = formatPrice(instrument, Math.abs(ticks));
  return ticks < 0 ? `-${text}` : text;
}
