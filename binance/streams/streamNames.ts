import {
  type MarketStream,
  PARTIAL_DEPTH_LEVELS,
  type PartialDepthLevels,
  type StreamKind,
} from '../../application/fanout/messages';
import { KLINE_INTERVALS, type KlineInterval } from '../../core/projections/intervals';

/**
 * Binance market stream names (`<symbol>@<stream>`, symbol in lower case), parsed into the stream they stand for:
 * which kind of message, for which symbol, with which parameters. Names are case-sensitive as on Binance
 * (`aggTrade`, `bookTicker`, `kline_1M` is a month, `kline_1m` a minute).
 */

/** Update speeds a depth stream may ask for; every speed gets the same messages (see fan-out). */
const SPEED = '(?:@(?:100|500)ms)?';
const NAME = new RegExp(
  `^([a-z0-9]{2,30})@(?:(depth)${SPEED}|depth(5|10|20)${SPEED}|(trade)|(aggTrade)|kline_(${KLINE_INTERVALS.join('|')})` +
    '|(bookTicker)|(ticker)|(miniTicker)|(markPrice)(@1s)?|(forceOrder))$',
);
/** Every symbol's mark price: `!markPrice@arr` (3 s) or `!markPrice@arr@1s`. */
const ALL_MARK_PRICE = /^!markPrice@arr(@1s)?$/;
/** Every symbol's liquidation orders (Binance pushes them one by one, not as an array, despite the name). */
const ALL_FORCE_ORDERS = '!forceOrder@arr';
/** Every symbol's 24 h tickers that changed, an array a second. */
const ALL_TICKERS = '!ticker@arr';
const ALL_MINI_TICKERS = '!miniTicker@arr';
/** Every symbol's best bid and ask, each as its own bookTicker event. */
const ALL_BOOK_TICKERS = '!bookTicker';

/** The stream a name asks for, or undefined if it is no stream shardex serves. */
export function parseStreamName(name: string): MarketStream | undefined {
  const all = ALL_MARK_PRICE.exec(name);
  if (all !== null) return { kind: 'allMarkPrice', everyMs: all[1] ? 1_000 : 3_000 };
  if (name === ALL_FORCE_ORDERS) return { kind: 'allForceOrders' };
  if (name === ALL_TICKERS) return { kind: 'allTicker' };
  if (name === ALL_MINI_TICKERS) return { kind: 'allMiniTicker' };
  if (name === ALL_BOOK_TICKERS) return { kind: 'allBookTicker' };
  const m = NAME.exec(name);
  if (m === null) return undefined;
  const symbol = m[1]!.toUpperCase();
  if (m[2]) return { kind: 'diffDepth', symbol };
  if (m[3]) return { kind: 'partialDepth', symbol, levels: Number(m[3]) as PartialDepthLevels };
  if (m[4]) return { kind: 'trade', symbol };
  if (m[5]) return { kind: 'aggTrade', symbol };
  if (m[6]) return { kind: 'kline', symbol, interval: m[6] as KlineInterval };
  if (m[7]) return { kind: 'bookTicker', symbol };
  if (m[8]) return { kind: 'ticker', symbol };
  if (m[9]) return { kind: 'miniTicker', symbol };
  if (m[12]) return { kind: 'forceOrder', symbol };
  return { kind: 'markPrice', symbol, everyMs: m[11] ? 1_000 : 3_000 };
}

/**
 * Every stream name of a symbol, by kind: the names the fan-out looks subscribers up under (the all-symbols
 * streams' names for every symbol).
 */
export function streamNamesOf(symbol: string, kind: StreamKind): string[] {
  const s = symbol.toLowerCase();
  const speeds = ['', '@100ms', '@500ms'];
  switch (kind) {
    case 'diffDepth':
      return speeds.map((speed) => `${s}@depth${speed}`);
    case 'partialDepth':
      return PARTIAL_DEPTH_LEVELS.flatMap((n) => speeds.map((speed) => `${s}@depth${n}${speed}`));
    case 'kline':
      return KLINE_INTERVALS.map((interval) => `${s}@kline_${interval}`);
    case 'markPrice':
      return [`${s}@markPrice`, `${s}@markPrice@1s`];
    case 'allMarkPrice':
      return ['!markPrice@arr', '!markPrice@arr@1s'];
    case 'allForceOrders':
      return [ALL_FORCE_ORDERS];
    case 'allTicker':
      return [ALL_TICKERS];
    case 'allMiniTicker':
      return [ALL_MINI_TICKERS];
    case 'allBookTicker':
      return [ALL_BOOK_TICKERS];
    case 'trade':
    case 'aggTrade':
    case 'bookTicker':
    case 'ticker':
    case 'miniTicker':
    case 'forceOrder':
      return [`${s}@${kind}`];
  }
}
