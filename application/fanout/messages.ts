import type { ExpiryReason, Fill, Liquidated, Trade } from '../../core/engine/events';
import type { Money } from '../../core/numbers/money';
import type { AggTrade } from '../../core/projections/aggTrades';
import type { AlgoOrderView } from '../../core/projections/algoOrderView';
import type { Candle } from '../../core/projections/candles';
import type { KlineInterval } from '../../core/projections/intervals';
import type { OrderView } from '../../core/projections/orderView';
import type { RollingStats } from '../../core/projections/rollingTicker';
import type { RiskedPosition } from '../../core/risk/accountRisk';
import type { Instrument } from '../../core/symbol/instrument';
import type { ValuationPrice } from '../../core/symbol/valuation';
import type { AccountFills } from './accountUpdates';
import type { DepthSegment } from './depthSegments';
import type { AccountUpdateReason } from './liquidationUpdates';
import type { TopOfBook } from './topOfBook';

/**
 * What the fan-out tells clients, in the exchange's own terms: the messages of a run, before they are written in
 * the API's words (binance/streams). The fan-out decides which messages a run makes and who gets them; a
 * StreamFormat names the streams and writes the payloads.
 */

export const PARTIAL_DEPTH_LEVELS = [5, 10, 20] as const;
export type PartialDepthLevels = (typeof PARTIAL_DEPTH_LEVELS)[number];

/** A market stream a client may subscribe to: which kind of message, for which symbol, with which parameters. */
export type MarketStream =
  | { readonly kind: 'diffDepth'; readonly symbol: string }
  | { readonly kind: 'partialDepth'; readonly symbol: string; readonly levels: PartialDepthLevels }
  | { readonly kind: 'trade'; readonly symbol: string }
  | { readonly kind: 'aggTrade'; readonly symbol: string }
  | { readonly kind: 'kline'; readonly symbol: string; readonly interval: KlineInterval }
  | { readonly kind: 'bookTicker'; readonly symbol: string }
  | { readonly kind: 'ticker'; readonly symbol: string }
  | { readonly kind: 'miniTicker'; readonly symbol: string }
  /** `everyMs`: Binance's update speed, 3 s, or 1 s with `@1s`. */
  | { readonly kind: 'markPrice'; readonly symbol: string; readonly everyMs: MarkPriceSpeed }
  /** Every symbol's mark price in one stream (`!markPrice@arr`); a run brings its own symbol's. */
  | { readonly kind: 'allMarkPrice'; readonly everyMs: MarkPriceSpeed }
  /** Liquidation orders: one symbol's (`<symbol>@forceOrder`), or every symbol's (`!forceOrder@arr`). */
  | { readonly kind: 'forceOrder'; readonly symbol: string }
  | { readonly kind: 'allForceOrders' }
  /** Every symbol's 24 h tickers whose figures changed (`!ticker@arr`, `!miniTicker@arr`): a run brings its own. */
  | { readonly kind: 'allTicker' }
  | { readonly kind: 'allMiniTicker' }
  /** Every symbol's best bid and ask (`!bookTicker`), one bookTicker event each, as the symbol's own stream. */
  | { readonly kind: 'allBookTicker' };

export type MarkPriceSpeed = 1_000 | 3_000;

/**
 * A symbol's mark price as its streams show it. Prices are 10^-8 USDT per base unit, the rate 10^-8. Before the
 * symbol's first index price `markPrice` and `indexPrice` are null and the last trade price (ticks) stands in.
 */
export interface MarkQuote {
  readonly markPrice: number | null;
  readonly indexPrice: number | null;
  readonly lastPrice: number;
  /** The rate the current funding interval would settle at (Binance's `r`). */
  readonly fundingRate: number;
  readonly nextFundingTime: number;
  /** When the mark was computed (the MarkPriceUpdated's time), or the trade's. */
  readonly time: number;
}

export type StreamKind = MarketStream['kind'];

export type MarketMessage =
  /** Level changes after `segment.after` up to `segment.upTo` (the diff depth stream). */
  | { readonly kind: 'depthUpdate'; readonly segment: DepthSegment }
  /** The top `levels` of the book after the run, framed like a diff after `after`. */
  | {
      readonly kind: 'partialDepth';
      readonly book: TopOfBook;
      readonly levels: number;
      readonly after: number;
    }
  | { readonly kind: 'bookTicker'; readonly book: TopOfBook }
  | { readonly kind: 'trade'; readonly trade: Trade }
  | { readonly kind: 'aggTrade'; readonly aggregate: AggTrade }
  /** The candle so far (a trade always lands in the open candle). */
  | { readonly kind: 'kline'; readonly interval: KlineInterval; readonly candle: Candle }
  | { readonly kind: 'ticker'; readonly stats: RollingStats; readonly lastQty: number }
  | { readonly kind: 'miniTicker'; readonly stats: RollingStats }
  /** `!ticker@arr`, `!miniTicker@arr`: the run's symbol's ticker, in the all-symbols stream's array. */
  | { readonly kind: 'allTicker'; readonly stats: RollingStats; readonly lastQty: number }
  | { readonly kind: 'allMiniTicker'; readonly stats: RollingStats }
  | { readonly kind: 'markPrice'; readonly quote: MarkQuote }
  /** `!markPrice@arr`: the run's symbol's quote, in the all-symbols stream's array. */
  | { readonly kind: 'allMarkPrice'; readonly quotes: readonly MarkQuote[] }
  /**
   * A liquidation order (the engine's Liquidated event) and the quantity of its last fill in the run (0: none),
   * for both forceOrder streams.
   */
  | { readonly kind: 'forceOrder'; readonly liquidation: Liquidated; readonly lastFilled: number };

/** Binance's execution types: what happened to an order in one update. */
export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'AMENDMENT' | 'CALCULATED';

export interface OrderUpdateDetail {
  readonly x: ExecutionType;
  readonly time: number;
  readonly trade?: { readonly id: number; readonly price: number; readonly qty: number };
  readonly fill?: Fill;
  readonly maker?: boolean;
  readonly expiry?: ExpiryReason;
}

export type UserMessage =
  /** One change of one order, with the order's view after it. */
  | { readonly kind: 'orderUpdate'; readonly view: OrderView; readonly detail: OrderUpdateDetail }
  /** One change of one conditional order (ALGO_UPDATE), with its view after it; `reason` when it could not work. */
  | { readonly kind: 'algoUpdate'; readonly view: AlgoOrderView; readonly time: number }
  /** The account's balance and the position a run's fills changed, valued at `markPrice`. */
  | {
      readonly kind: 'accountUpdate';
      readonly fills: AccountFills;
      readonly walletBalance: Money;
      readonly leverage: number;
      /** The symbol's mark (its last trade price while it has no index); undefined: the last fill's price. */
      readonly markPrice: ValuationPrice | undefined;
      /** Binance's `m`: ORDER, or INSURANCE_CLEAR (liquidated) / ADL (deleveraged) in a liquidation's run. */
      readonly reason: AccountUpdateReason;
      /** Binance's `bc`: the balance change other than PnL and commission (− the liquidation fee). */
      readonly balanceChange: Money;
    }
  /** Funding payments of the run moved the balance by `balanceChange` (negative: paid), to `walletBalance`. */
  | {
      readonly kind: 'fundingFee';
      readonly walletBalance: Money;
      readonly balanceChange: Money;
      /** Time of the last FundingPaid event. */
      readonly time: number;
    }
  /** A liquidation fee told on its own (its fills were in an earlier run): `balanceChange` = − the fee. */
  | {
      readonly kind: 'liquidationFee';
      readonly walletBalance: Money;
      readonly balanceChange: Money;
      readonly time: number;
    }
  /** The connection's listen key expired: no more user data on it. */
  | { readonly kind: 'listenKeyExpired'; readonly listenKey: string | undefined }
  /** The risk service's MARGIN_CALL: the margin ratio reached 80 %; the wallet and every position at its mark. */
  | {
      readonly kind: 'marginCall';
      readonly walletBalance: Money;
      readonly positions: readonly RiskedPosition[];
    };

/** The API's words for streams and messages (binance/streams/streamFormat.ts implements it). */
export interface StreamFormat {
  /** Every name a subscriber may have used for a symbol's messages of this kind. */
  namesOf(symbol: string, kind: StreamKind): readonly string[];
  /** The stream a name stands for, or undefined if it is no stream served. */
  parse(name: string): MarketStream | undefined;
  market(message: MarketMessage, instrument: Instrument, now: number): unknown;
  user(message: UserMessage, instrument: Instrument, now: number): unknown;
}
