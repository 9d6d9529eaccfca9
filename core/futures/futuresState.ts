import { EventOutOfSequence } from '../engine/eventOutOfSequence';
import type { FundingSettled, MarkPriceUpdated } from '../engine/events';
import { type MarkBounds, markBounds } from '../orders/orderFilters';
import { nextFundingTime } from '../projections/funding';
import type { FuturesTerms } from '../symbol/futuresTerms';
import type { Instrument } from '../symbol/instrument';
import { BasisWindow } from './basisWindow';
import { fundingRateOf, NO_PREMIUMS, type PremiumAverage, withPremium } from './fundingRate';

/**
 * What one symbol's engine knows of index, mark and funding. Changed only by the appliers below, which evolve
 * calls for MarkPriceUpdated and FundingSettled; a symbol that never received an index price has it all empty
 * and behaves exactly as before mark prices existed (the reference price is the last trade).
 */
export interface FuturesState {
  /** Index and mark in 10^-8 USDT per base unit; 0 before the first index price. */
  indexPrice: number;
  markPrice: number;
  /** The filters' limits at the mark, computed when the mark (or the spec) changes; undefined without a mark. */
  bounds: MarkBounds | undefined;
  /** The rate of the last settlement (10^-8), and its funding time (0: none yet). */
  lastFundingRate: number;
  lastFundingTime: number;
  /** The second (time ÷ 1000) of the last sample; −1 before the first. */
  lastSampleSecond: number;
  readonly basis: BasisWindow;
  /** The premium samples of the interval the samples are in now. */
  premiums: PremiumAverage;
  /**
   * The rate of an interval whose samples ended (a sample of the next interval arrived) before it was settled:
   * a SettleFunding that comes a little after its funding time settles at the rate of its own interval, not one
   * that includes samples taken after the funding time.
   */
  closed: ClosedInterval | undefined;
}

export interface ClosedInterval {
  readonly fundingTime: number;
  readonly rate: number;
}

export function initialFuturesState(): FuturesState {
  return {
    indexPrice: 0,
    markPrice: 0,
    bounds: undefined,
    lastFundingRate: 0,
    lastFundingTime: 0,
    lastSampleSecond: -1,
    basis: new BasisWindow(),
    premiums: NO_PREMIUMS,
    closed: undefined,
  };
}

/** The premium averages after a sample at `time` (null: no sample): a new interval closes the current one. */
export function premiumsAfter(
  futures: FuturesState,
  terms: FuturesTerms,
  time: number,
  premium: number | null,
): { premiums: PremiumAverage; closed: ClosedInterval | undefined } {
  if (premium === null) return { premiums: futures.premiums, closed: futures.closed };
  const fundingTime = nextFundingTime(time, terms.fundingIntervalMs);
  let { premiums, closed } = futures;
  if (premiums.fundingTime !== fundingTime) {
    if (premiums.count > 0 && premiums.fundingTime > futures.lastFundingTime) {
      closed = { fundingTime: premiums.fundingTime, rate: fundingRateOf(premiums, terms) };
    }
    premiums = NO_PREMIUMS;
  }
  return { premiums: withPremium(premiums, fundingTime, premium), closed };
}

/** The rate a settlement at `fundingTime` pays: of that interval's samples, or with none the interest rate. */
export function settlementRate(futures: FuturesState, terms: FuturesTerms, fundingTime: number): number {
  if (futures.closed?.fundingTime === fundingTime) return futures.closed.rate;
  if (futures.premiums.fundingTime === fundingTime) return fundingRateOf(futures.premiums, terms);
  return fundingRateOf(NO_PREMIUMS, terms);
}

export function markPriceUpdated(
  futures: FuturesState,
  instrument: Instrument,
  event: MarkPriceUpdated,
): void {
  const terms = instrument.futures;
  const second = Math.floor(event.time / 1000);
  if (event.sampled && second <= futures.lastSampleSecond) {
    throw new EventOutOfSequence(`event ${event.seq} samples second ${second} again`);
  }
  const { premiums, closed } = premiumsAfter(
    futures,
    terms,
    event.time,
    event.sampled ? event.premium : null,
  );
  futures.basis.evict(second, terms.basisWindowSeconds);
  if (event.sampled) {
    futures.lastSampleSecond = second;
    if (event.basis !== null) futures.basis.push(second, event.basis);
  }
  futures.premiums = premiums;
  futures.closed = closed;
  futures.indexPrice = event.indexPrice;
  futures.markPrice = event.markPrice;
  futures.bounds = markBounds(instrument, event.markPrice);
}

export function fundingSettled(futures: FuturesState, event: FundingSettled): void {
  if (event.fundingTime <= futures.lastFundingTime) {
    throw new EventOutOfSequence(`event ${event.seq} settles ${event.fundingTime} again`);
  }
  futures.lastFundingRate = event.fundingRate;
  futures.lastFundingTime = event.fundingTime;
  if (futures.closed !== undefined && futures.closed.fundingTime <= event.fundingTime)
    futures.closed = undefined;
  if (futures.premiums.fundingTime !== 0 && futures.premiums.fundingTime <= event.fundingTime) {
    futures.premiums = NO_PREMIUMS;
  }
}

/** After a spec change: the filters' limits at the mark follow the new band and take bound. */
export function specChanged(futures: FuturesState, instrument: Instrument): void {
  if (futures.markPrice > 0) futures.bounds = markBounds(instrument, futures.markPrice);
}
