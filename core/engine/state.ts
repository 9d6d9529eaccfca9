import { AlgoOrderBook } from '../book/algoOrderBook';
import { GoodTillDates } from '../book/goodTillDates';
import { OrderBook } from '../book/orderBook';
import { type FuturesState, initialFuturesState } from '../futures/futuresState';
import type { SelfTradePreventionMode, Side } from '../orders/order';
import { AccountPositions } from '../position/accountPositions';
import type { CompactPosition } from '../position/position';
import type { Instrument } from '../symbol/instrument';

/**
 * The order in hand while a command runs: a new order, or an amended one that left the book to trade as
 * taker. OrderAccepted/OrderAmended put it here, trades advance it, OrderRested/OrderExpired end it. It never
 * outlives a command, so it is not part of a snapshot.
 */
export interface OrderInHand {
  readonly orderId: number;
  readonly accountId: number;
  /** The account's number in the book's AccountNumbers (positions are kept by number). */
  readonly accountNumber: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
  readonly selfTradePreventionMode: SelfTradePreventionMode;
  /** A GTD order's goodTillDate (epoch ms), 0 for the others: it goes with the order if it rests. */
  readonly goodTillDate: number;
  filled: number;
}

/** Everything one symbol's engine knows. Changed only by evolve(). */
export interface EngineState {
  readonly symbol: string;
  instrument: Instrument | undefined;
  /** Sequence number of the last event. */
  seq: number;
  nextTradeId: number;
  /** Price of the last trade in ticks, 0 before the first; the reference price until the symbol has a mark. */
  lastPrice: number;
  /** Time of the last event: no later event is stamped earlier (see decide). */
  lastEventTime: number;
  readonly book: OrderBook;
  /** By account, sharing the book's account numbers. */
  readonly positions: AccountPositions;
  /** How many times each resting order has been amended (Binance caps it). Absent = 0. */
  readonly amendCounts: Map<number, number>;
  inHand: OrderInHand | undefined;
  /** Index, mark and funding (core/futures). */
  readonly futures: FuturesState;
  /**
   * The symbol's insurance fund (Binance keeps one per contract), in money: liquidation fees in; event-sourced by
   * the Liquidated events, each of which carries the balance after it. Its positions, taken over from liquidations
   * (INSURANCE_CLEAR), are held as account INSURANCE_FUND_ACCOUNT's.
   */
  insuranceBalance: bigint;
  /** Conditional orders waiting for their trigger (core/book/algoOrderBook.ts). */
  readonly algoOrders: AlgoOrderBook;
  /** countdownCancelAll deadlines by account (epoch ms). */
  readonly cancelCountdowns: Map<number, number>;
  /** The goodTillDates of resting GTD orders (and of some that left since; see GoodTillDates). */
  readonly goodTillDates: GoodTillDates;
}

/** The account id of the insurance fund's positions; ingress never gives an account this id. */
export const INSURANCE_FUND_ACCOUNT = 0;

export function initialState(symbol: string, expectedOrders = 1024): EngineState {
  const book = new OrderBook(expectedOrders);
  return {
    symbol,
    instrument: undefined,
    seq: 0,
    nextTradeId: 1,
    lastPrice: 0,
    lastEventTime: 0,
    book,
    positions: new AccountPositions(book.accounts),
    amendCounts: new Map(),
    inHand: undefined,
    futures: initialFuturesState(),
    insuranceBalance: 0n,
    algoOrders: new AlgoOrderBook(),
    cancelCountdowns: new Map(),
    goodTillDates: new GoodTillDates(),
  };
}

export function positionOf(state: EngineState, accountId: number): CompactPosition {
  return state.positions.of(accountId);
}
