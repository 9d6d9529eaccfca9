import type { CompactMoney } from '../numbers/money';
import type { AlgoOrderType, NewAlgoOrder, WorkingType } from '../orders/algoOrder';
import type { NewOrder, Side } from '../orders/order';
import type { CompactPosition } from '../position/position';
import type { SymbolSpec } from '../symbol/symbolSpec';
import type { CommandType, IndexSource } from './commands';

/**
 * Everything that happens in a symbol, as facts. Each event carries the symbol's sequence number (gap-free,
 * +1 per event), the time and id of the command that caused it, and enough data that readers never need the
 * book: orders in full on acceptance, both sides of every trade with fees, PnL and positions, and after every
 * change to a price level its new aggregated quantity (`levelQuantity`), which is the depth update itself.
 */
interface EventHeader {
  readonly seq: number;
  readonly time: number;
  readonly commandId: string;
}

export interface SymbolListed extends EventHeader {
  readonly type: 'SymbolListed';
  readonly spec: SymbolSpec;
}

export interface SymbolUpdated extends EventHeader {
  readonly type: 'SymbolUpdated';
  readonly spec: SymbolSpec;
}

/** A valid new order, before any matching. `order.quantity` is what the engine works; see requestedQuantity. */
export interface OrderAccepted extends EventHeader {
  readonly type: 'OrderAccepted';
  readonly order: NewOrder;
  /** Set when a reduce-only order was cut down to the position it can reduce. */
  readonly requestedQuantity: number | null;
}

/** A new order refused as a whole; Binance records no order for it. */
export interface OrderRejected extends EventHeader {
  readonly type: 'OrderRejected';
  readonly order: NewOrder;
  readonly code: number;
  readonly reason: string;
}

/** The unfilled rest of the order in hand joins the book at the back of its price level. */
export interface OrderRested extends EventHeader {
  readonly type: 'OrderRested';
  readonly orderId: number;
  readonly accountId: number;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  readonly levelQuantity: number;
}

/** One side of a trade, after the trade. */
export interface Fill {
  readonly orderId: number;
  readonly accountId: number;
  /** The order's open quantity left after this fill. */
  readonly remaining: number;
  /** Commission charged (negative: rebate), in money (compact: a number while it is a safe integer). */
  readonly fee: CompactMoney;
  /** PnL realized by this fill, fees excluded. */
  readonly realizedPnl: CompactMoney;
  /** The account's position in this symbol after this fill (maker applied first when both are one account). */
  readonly position: CompactPosition;
}

/** Always at the maker's price; the maker's level is the opposite of takerSide. */
export interface Trade extends EventHeader {
  readonly type: 'Trade';
  readonly tradeId: number;
  readonly price: number;
  readonly quantity: number;
  readonly takerSide: Side;
  readonly maker: Fill;
  readonly taker: Fill;
  readonly makerLevelQuantity: number;
}

export type CancelReason = 'USER' | 'CANCEL_ALL' | 'AMEND';

export interface OrderCanceled extends EventHeader {
  readonly type: 'OrderCanceled';
  readonly orderId: number;
  readonly accountId: number;
  readonly side: Side;
  readonly price: number;
  /** The open quantity that was canceled. */
  readonly quantity: number;
  /** The level's quantity after removal. */
  readonly levelQuantity: number;
  readonly reason: CancelReason;
}

/**
 * The engine ended (the rest of) an order: IOC and MARKET remainders, self-trade prevention, reduce-only
 * orders that could no longer only reduce, and GTD orders whose goodTillDate came.
 */
export type ExpiryReason = 'IOC' | 'MARKET' | 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY' | 'GTD';

export interface OrderExpired extends EventHeader {
  readonly type: 'OrderExpired';
  readonly orderId: number;
  readonly accountId: number;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  /** The level's quantity after removal, or null if the order was not resting (a taker's remainder). */
  readonly levelQuantity: number | null;
  readonly reason: ExpiryReason;
}

/**
 * A resting order's price and/or total quantity changed. With priority KEPT it stayed in place; with LOST it
 * went to the back of its new level (levelQuantity), or, when the new price crosses the book, it left the book
 * (levelQuantity null) and trades as a taker in the events that follow.
 */
export interface OrderAmended extends EventHeader {
  readonly type: 'OrderAmended';
  readonly orderId: number;
  readonly accountId: number;
  readonly side: Side;
  readonly oldPrice: number;
  readonly oldQuantity: number;
  readonly price: number;
  readonly quantity: number;
  readonly remaining: number;
  readonly priority: 'KEPT' | 'LOST';
  readonly oldLevelQuantity: number;
  readonly levelQuantity: number | null;
}

export interface AllOrdersCanceled extends EventHeader {
  readonly type: 'AllOrdersCanceled';
  readonly accountId: number;
  readonly count: number;
}

/** A command that changed nothing: a failed cancel, amend or admin command, or one that could not be read. */
export interface CommandRejected extends EventHeader {
  readonly type: 'CommandRejected';
  readonly command: CommandType | 'Unknown';
  readonly accountId: number | null;
  readonly orderId: number | null;
  readonly clientOrderId: string | null;
  readonly code: number;
  readonly reason: string;
}

/**
 * An index price arrived and the engine derived the mark from it (core/futures/markPrice.ts). Prices are in
 * 10^-8 USDT per base unit, rates in 10^-8. Everything a reader needs for premiumIndex, markPrice streams and
 * mark/index/premium klines is here; the samples let a replay rebuild the moving averages.
 */
export interface MarkPriceUpdated extends EventHeader {
  readonly type: 'MarkPriceUpdated';
  readonly indexPrice: number;
  readonly markPrice: number;
  /** The premium index now: [max(0, impact bid − index) − max(0, index − impact ask)] / index. */
  readonly premium: number;
  /** (best bid + best ask) / 2 − index now, rounded to the unit; null with a one-sided or empty book. */
  readonly basis: number | null;
  /** The first update of its second: premium (and basis, if any) joined the averages as that second's sample. */
  readonly sampled: boolean;
  /** The funding rate the premiums so far would settle at. */
  readonly estimatedFundingRate: number;
  /** The rate of the last settlement (Price 1 carries the index by it). */
  readonly lastFundingRate: number;
  readonly nextFundingTime: number;
  readonly sources: readonly IndexSource[];
}

/**
 * Funding was settled at `fundingTime`: the rate, the mark it was valued at, and the totals; the payments follow
 * in `paymentEvents` FundingPaid events (none when no position pays or receives anything).
 */
export interface FundingSettled extends EventHeader {
  readonly type: 'FundingSettled';
  readonly fundingTime: number;
  readonly fundingRate: number;
  readonly markPrice: number;
  readonly indexPrice: number;
  /** Accounts holding a position on the paying side and on the receiving side. */
  readonly payers: number;
  readonly receivers: number;
  /** What the payers paid in total, which is exactly what the receivers received (money). */
  readonly total: CompactMoney;
  readonly paymentEvents: number;
}

/** [accountId, wallet change in money]: negative pays, positive receives. */
export type FundingPayment = readonly [accountId: number, amount: CompactMoney];

/**
 * Up to FUNDING_PAYMENTS_PER_EVENT payments of one settlement, ascending by account id across the events (so
 * an account finds its payment by range and binary search). Positions do not change: funding is wallet money.
 */
export interface FundingPaid extends EventHeader {
  readonly type: 'FundingPaid';
  readonly fundingTime: number;
  readonly payments: readonly FundingPayment[];
}

/**
 * A liquidation order (see the Liquidate command) ended: how much the book filled, at what total notional, what the
 * fund took over and what was deleveraged (PositionTransferred events before this one), and the liquidation fee
 * the account paid the symbol's insurance fund: min(filled notional × liquidationFee, what the fills beat the
 * bankruptcy price by). `insuranceBalance` is the fund's balance after it. This is the forceOrder record.
 */
export interface Liquidated extends EventHeader {
  readonly type: 'Liquidated';
  readonly accountId: number;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  /** The bankruptcy price, in ticks. */
  readonly price: number;
  readonly quantity: number;
  /** Filled by the book. */
  readonly filledQuantity: number;
  readonly filledNotional: CompactMoney;
  /** Taken over by the insurance fund (INSURANCE_CLEAR) and by ADL counterparties, at the bankruptcy price. */
  readonly insuranceQuantity: number;
  readonly adlQuantity: number;
  /** Left open: the fund could not bear it and the ADL queue had no more opposite positions. */
  readonly unfilledQuantity: number;
  readonly liquidationFee: CompactMoney;
  readonly insuranceBalance: CompactMoney;
}

/** One account's side of a PositionTransferred. */
export interface TransferSide {
  readonly accountId: number;
  readonly realizedPnl: CompactMoney;
  readonly position: CompactPosition;
}

/**
 * Part of a liquidated position moved at the bankruptcy price, off the book and without fees: to the insurance fund
 * (INSURANCE_CLEAR; the fund is account INSURANCE_FUND_ACCOUNT) or to an opposite position it closes (ADL).
 * `side` is the liquidated account's (SELL closes its long).
 */
export interface PositionTransferred extends EventHeader {
  readonly type: 'PositionTransferred';
  readonly reason: 'INSURANCE_CLEAR' | 'ADL';
  readonly orderId: number;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  readonly liquidated: TransferSide;
  readonly counterparty: TransferSide;
}

/** A conditional order was accepted and waits for its trigger. */
export interface AlgoOrderPlaced extends EventHeader {
  readonly type: 'AlgoOrderPlaced';
  readonly algoOrder: NewAlgoOrder;
}

/**
 * A conditional order's trigger was reached: it leaves the untriggered orders, and the events that follow are
 * those of the order it became (orderId), from its OrderAccepted or OrderRejected on.
 */
export interface AlgoOrderTriggered extends EventHeader {
  readonly type: 'AlgoOrderTriggered';
  readonly algoId: number;
  readonly accountId: number;
  readonly orderId: number;
  readonly side: Side;
  readonly algoType: AlgoOrderType;
  readonly workingType: WorkingType;
  /** The working price that reached the trigger, in 10^-8 USDT per base unit (a trade price converted). */
  readonly workingPrice: number;
  /** The triggered order's quantity (lots): the conditional order's, or the position's with closePosition. */
  readonly quantity: number;
}

export type AlgoCancelReason = 'USER' | 'CANCEL_ALL';

export interface AlgoOrderCanceled extends EventHeader {
  readonly type: 'AlgoOrderCanceled';
  readonly algoId: number;
  readonly accountId: number;
  readonly reason: AlgoCancelReason;
}

/** GTD: its goodTillDate came before its trigger. */
export type AlgoExpiryReason = 'GTD';

export interface AlgoOrderExpired extends EventHeader {
  readonly type: 'AlgoOrderExpired';
  readonly algoId: number;
  readonly accountId: number;
  readonly reason: AlgoExpiryReason;
}

/**
 * The account's cancel countdown (countdownCancelAll) now ends at `deadline` (epoch ms; 0: none). `fired`: it ran
 * out, and the account's cancels in the symbol follow (OrderCanceled, AlgoOrderCanceled, both reason
 * CANCEL_ALL), then AllOrdersCanceled.
 */
export interface CancelCountdownSet extends EventHeader {
  readonly type: 'CancelCountdownSet';
  readonly accountId: number;
  readonly deadline: number;
  readonly fired: boolean;
}

export type EngineEvent =
  | SymbolListed
  | SymbolUpdated
  | OrderAccepted
  | OrderRejected
  | OrderRested
  | Trade
  | OrderCanceled
  | OrderExpired
  | OrderAmended
  | AllOrdersCanceled
  | CommandRejected
  | MarkPriceUpdated
  | FundingSettled
  | FundingPaid
  | Liquidated
  | PositionTransferred
  | AlgoOrderPlaced
  | AlgoOrderTriggered
  | AlgoOrderCanceled
  | AlgoOrderExpired
  | CancelCountdownSet;

export type EventType = EngineEvent['type'];
