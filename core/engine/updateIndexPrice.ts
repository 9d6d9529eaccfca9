import { Rejections, withDetail } from '../errors';
import { fundingRateOf } from '../futures/fundingRate';
import { premiumsAfter } from '../futures/futuresState';
import { markComponents } from '../futures/markPrice';
import { premiumIndex } from '../futures/premiumIndex';
import { parseScaled, roundDiv } from '../numbers/decimal';
import { MONEY_DECIMALS } from '../numbers/money';
import { nextFundingTime } from '../projections/funding';
import type { UpdateIndexPrice } from './commands';
import type { Decision } from './decision';
import { rejectCommand } from './rejectCommand';

/**
 * An index price: the engine derives the mark from it, its book and its last trade, samples the basis and the
 * premium index (the first update of each second takes that second's sample), and records it all in one
 * MarkPriceUpdated (core/futures). O(1) in the book and the positions: best prices, a walk of the top levels
 * bounded by the impact notional, and running sums.
 */
export function updateIndexPrice(d: Decision, command: UpdateIndexPrice): void {
  const state = d.state;
  const instrument = state.instrument;
  if (instrument === undefined) {
    rejectCommand(d, 'UpdateIndexPrice', Rejections.invalidSymbol);
    return;
  }
  const index = parseIndexPrice(command.price);
  if (
    index === undefined ||
    !instrument.markable ||
    index > instrument.maxPriceTicks * instrument.unitsPerTick
  ) {
    rejectCommand(d, 'UpdateIndexPrice', withDetail(Rejections.invalidParameter, 'price'));
    return;
  }
  if (!sourcesValid(command.sources)) {
    rejectCommand(d, 'UpdateIndexPrice', withDetail(Rejections.invalidParameter, 'sources'));
    return;
  }
  const futures = state.futures;
  const terms = instrument.futures;
  const time = d.time;
  const second = Math.floor(time / 1000);
  const sampled = second > futures.lastSampleSecond;

  const book = state.book;
  const bid = book.bestPrice('BUY');
  const ask = book.bestPrice('SELL');
  const tick = instrument.unitsPerTick;
  // (bid + ask) / 2 − index, rounded to the unit; bid, ask and index are at most 2^51 units (markable).
  const basis =
    bid === undefined || ask === undefined
      ? null
      : Number(roundDiv(BigInt((bid + ask) * tick - 2 * index), 2n));
  const premium = premiumIndex(book, instrument, index);

  const window = futures.basis.peek(second, terms.basisWindowSeconds, sampled ? basis : null);
  const fundingTime = nextFundingTime(time, terms.fundingIntervalMs);
  const { mark } = markComponents({
    index,
    lastFundingRate: futures.lastFundingRate,
    untilFunding: fundingTime - time,
    intervalMs: terms.fundingIntervalMs,
    basisSum: window.sum,
    basisCount: window.count,
    lastPrice: state.lastPrice > 0 ? state.lastPrice * tick : null,
  });
  const { premiums } = premiumsAfter(futures, terms, time, sampled ? premium : null);
  d.emit({
    type: 'MarkPriceUpdated',
    seq: d.seq,
    time,
    commandId: d.commandId,
    indexPrice: index,
    markPrice: mark,
    premium,
    basis,
    sampled,
    estimatedFundingRate: fundingRateOf(premiums, terms),
    lastFundingRate: futures.lastFundingRate,
    nextFundingTime: fundingTime,
    sources: command.sources,
  });
}

/** A positive decimal of at most 8 places, in 10^-8 USDT (a safe integer), or undefined. */
export function parseIndexPrice(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const units = parseScaled(text, MONEY_DECIMALS);
  if (units === undefined || units <= 0n || units > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(units);
}

/** The feed's sources go on the event, so they are bounded: a few short names and prices. */
export const MAX_INDEX_SOURCES = 20;
const MAX_SOURCE_TEXT = 64;

function sourcesValid(sources: UpdateIndexPrice['sources']): boolean {
  return (
    Array.isArray(sources) &&
    sources.length <= MAX_INDEX_SOURCES &&
    sources.every(
      (s) =>
        typeof s === 'object' &&
        s !== null &&
        typeof s.name === 'string' &&
        typeof s.price === 'string' &&
        s.name.length <= MAX_SOURCE_TEXT &&
        s.price.length <= MAX_SOURCE_TEXT,
    )
  );
}
