import type { Money } from '../numbers/money';
import type { Instrument } from '../symbol/instrument';
import { type DepthState, depthFold, EMPTY_DEPTH } from './depthFold';
import {
  EMPTY_INSURANCE_FUND,
  evolveInsuranceFund,
  type InsuranceFund,
  insuranceMarginBalance,
} from './insuranceFund';
import { openInterestChange } from './openInterest';
import type { ReadModelFold } from './readModelFold';

/** The latest facts of a market: the last trade and the touch, in ticks and lots; null where there is none yet. */
export interface TickerView {
  readonly lastPrice: number | null;
  readonly lastQty: number | null;
  readonly lastTime: number | null;
  readonly bestBid: number | null;
  readonly bestBidQty: number | null;
  readonly bestAsk: number | null;
  readonly bestAskQty: number | null;
  /**
   * The symbol's futures prices from its last MarkPriceUpdated (10^-8 USDT per base unit; rates in 10^-8), null
   * before its first index price: then the last trade is the reference (premiumIndex shows indexPrice "0").
   */
  readonly markPrice: number | null;
  readonly indexPrice: number | null;
  readonly estimatedFundingRate: number | null;
  /** The rate of the last settlement (0 before the first), and the next funding time as of the last mark. */
  readonly lastFundingRate: number;
  readonly nextFundingTime: number | null;
  readonly markTime: number | null;
  /** The symbol's insurance fund (GET /fapi/v1/insuranceBalance: tickerInsuranceBalance). */
  readonly insuranceFund: InsuranceFund;
  /**
   * The sum of the symbol's long positions, in lots (GET /fapi/v1/openInterest); null where the ticker was stored
   * before it was kept, until the model is rebuilt from the log (`npx tsx local/rebuildReadModel.ts tickers`).
   */
  readonly openInterest: number | null;
  /** The sequence of the last event applied. */
  readonly updateId: number;
  readonly time: number;
}

export const EMPTY_TICKER: TickerView = {
  markPrice: null,
  indexPrice: null,
  estimatedFundingRate: null,
  lastFundingRate: 0,
  nextFundingTime: null,
  markTime: null,
  insuranceFund: EMPTY_INSURANCE_FUND,
  openInterest: 0,
  lastPrice: null,
  lastQty: null,
  lastTime: null,
  bestBid: null,
  bestBidQty: null,
  bestAsk: null,
  bestAskQty: null,
  updateId: 0,
  time: 0,
};

/** The ticker and the book its touch comes from (the depth fold, folded alongside). */
export interface TickerState {
  readonly ticker: TickerView;
  readonly book: DepthState;
}

/**
 * The tickers as a fold: last trade, mark/index/funding rates of the last index price, the insurance fund after
 * the last liquidation, the open interest, and the touch of the book after the events. Events at or below the ticker's updateId are
 * in it already.
 */
export const tickerFold: ReadModelFold<TickerState, TickerView> = {
  initial: { ticker: EMPTY_TICKER, book: EMPTY_DEPTH },
  evolve: (state, event, instrument) => tickerFold.evolveAll!(state, [event], instrument),
  evolveAll(state, events, instrument) {
    const book = depthFold.evolveAll!(state.book, events, instrument);
    const fresh = events.filter((e) => e.seq > state.ticker.updateId);
    const last = fresh[fresh.length - 1];
    if (last === undefined) return book === state.book ? state : { ticker: state.ticker, book };
    let ticker: TickerView = { ...state.ticker, updateId: last.seq, time: last.time };
    for (const event of fresh) {
      const insuranceFund = evolveInsuranceFund(ticker.insuranceFund, event);
      if (insuranceFund !== ticker.insuranceFund) ticker = { ...ticker, insuranceFund };
      const opened = openInterestChange(event);
      if (opened !== 0 && ticker.openInterest !== null)
        ticker = { ...ticker, openInterest: ticker.openInterest + opened };
      if (event.type === 'Trade')
        ticker = { ...ticker, lastPrice: event.price, lastQty: event.quantity, lastTime: event.time };
      else if (event.type === 'MarkPriceUpdated')
        ticker = {
          ...ticker,
          markPrice: event.markPrice,
          indexPrice: event.indexPrice,
          estimatedFundingRate: event.estimatedFundingRate,
          lastFundingRate: event.lastFundingRate,
          nextFundingTime: event.nextFundingTime,
          markTime: event.time,
        };
      else if (event.type === 'FundingSettled') ticker = { ...ticker, lastFundingRate: event.fundingRate };
    }
    const bid = best(book.bids, true);
    const ask = best(book.asks, false);
    return {
      book,
      ticker: {
        ...ticker,
        bestBid: bid?.[0] ?? null,
        bestBidQty: bid?.[1] ?? null,
        bestAsk: ask?.[0] ?? null,
        bestAskQty: ask?.[1] ?? null,
      },
    };
  },
  changes: (before, after) => (after.ticker === before.ticker ? [] : [after.ticker]),
  retain: (state) => state,
};

/** The fund's margin balance at the ticker's mark (before the symbol has one, its last trade price). */
export function tickerInsuranceBalance(ticker: TickerView, instrument: Instrument): Money {
  const price = ticker.markPrice !== null ? { markUnits: ticker.markPrice } : (ticker.lastPrice ?? undefined);
  return insuranceMarginBalance(ticker.insuranceFund, instrument, price);
}

function best(side: ReadonlyMap<number, number>, buy: boolean): [number, number] | undefined {
  let found: [number, number] | undefined;
  for (const [price, quantity] of side)
    if (found === undefined || (buy ? price > found[0] : price < found[0])) found = [price, quantity];
  return found;
}
