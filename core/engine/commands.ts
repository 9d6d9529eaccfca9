import type { NewAlgoOrder } from '../orders/algoOrder';
import type { NewOrder, Side } from '../orders/order';
import type { SymbolSpec } from '../symbol/symbolSpec';

/**
 * What the engine of one symbol can be asked to do. Ids and time come in on the command (assigned at ingress
 * and by the matcher), so the same commands always produce the same events.
 */
interface CommandHeader {
  /** Unique per command; every event the command causes carries it (audit trail, RESULT waits). */
  readonly commandId: string;
  /** Epoch milliseconds, the time the command is deemed to happen. */
  readonly time: number;
}

export interface ListSymbol extends CommandHeader {
  readonly type: 'ListSymbol';
  readonly spec: SymbolSpec;
}

/** Changes a listed symbol's spec: fees, filters, leverage, status (halt/resume). Tick and step are fixed. */
export interface UpdateSymbol extends CommandHeader {
  readonly type: 'UpdateSymbol';
  readonly spec: SymbolSpec;
}

export interface PlaceOrder extends CommandHeader {
  readonly type: 'PlaceOrder';
  readonly order: NewOrder;
}

/** Identifies an account's order by orderId or, if that is absent, by client order id (as Binance does). */
interface OrderReference {
  readonly accountId: number;
  readonly orderId?: number;
  readonly clientOrderId?: string;
}

export interface CancelOrder extends CommandHeader, OrderReference {
  readonly type: 'CancelOrder';
}

export interface CancelAllOrders extends CommandHeader {
  readonly type: 'CancelAllOrders';
  readonly accountId: number;
}

/** Binance's modify order: side, new price and new total quantity are all required. */
export interface AmendOrder extends CommandHeader, OrderReference {
  readonly type: 'AmendOrder';
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
}

/** A conditional order (STOP, TAKE_PROFIT, their MARKET kinds, TRAILING_STOP_MARKET): Binance's algo order. */
export interface PlaceAlgoOrder extends CommandHeader {
  readonly type: 'PlaceAlgoOrder';
  readonly order: NewAlgoOrder;
}

/** Cancels an untriggered conditional order by algoId or, if that is absent, by client algo id. */
export interface CancelAlgoOrder extends CommandHeader {
  readonly type: 'CancelAlgoOrder';
  readonly accountId: number;
  readonly algoId?: number;
  readonly clientAlgoId?: string;
}

/** Cancels every untriggered conditional order of the account (Binance's DELETE /fapi/v1/algoOpenOrders). */
export interface CancelAllAlgoOrders extends CommandHeader {
  readonly type: 'CancelAllAlgoOrders';
  readonly accountId: number;
}

/**
 * Binance's countdownCancelAll, the dead-man switch: unless set again within `countdownTime` ms, every open order
 * and conditional order of the account in the symbol is canceled. 0 turns it off.
 */
export interface SetCancelCountdown extends CommandHeader {
  readonly type: 'SetCancelCountdown';
  readonly accountId: number;
  readonly countdownTime: number;
}

/** One spot price the index feed used, as the source reported it (kept on the event for audit). */
export interface IndexSource {
  readonly name: string;
  readonly price: string;
}

/**
 * The index price of the symbol's underlying, from the index feed (a weighted average of spot exchanges), about
 * once a second. It enters the symbol's log so that every replay derives the same marks (core/futures).
 */
export interface UpdateIndexPrice extends CommandHeader {
  readonly type: 'UpdateIndexPrice';
  /** USDT per base unit, a decimal string of at most 8 places: finer than the tick, as Binance's index. */
  readonly price: string;
  readonly sources: readonly IndexSource[];
}

/**
 * Settles funding at a funding time (a multiple of the symbol's funding interval since 1970): every position pays
 * or receives size × mark × rate. Sent at or after the funding time by the funding scheduler or an operator.
 */
export interface SettleFunding extends CommandHeader {
  readonly type: 'SettleFunding';
  readonly fundingTime: number;
}

/**
 * Closes (part of) an account's position by a liquidation order, sent by the risk service (core/risk/liquidationPlan.ts)
 * when the account's margin balance fell to its maintenance margin: an IOC at the position's bankruptcy price,
 * client order id `autoclose-<orderId>`, that trades against the book like any taker but pays no trading fee; it
 * pays the liquidation fee to the symbol's insurance fund instead, out of what it filled better than bankruptcy.
 * The unfilled remainder is taken over by the fund at the bankruptcy price when the fund can bear it
 * (INSURANCE_CLEAR), else closed against the opposite positions of `adlQueue` in that order (ADL): the risk
 * service ranks them (Binance's ranking needs each account's margin balance, which only it knows), and the command
 * carries the ranking into the log, so a replay deleverages the same accounts. The queue need not be complete
 * (a risk instance ranks the account shards it holds): past it the engine deleverages the symbol's other opposite
 * positions by PnL %, so the remainder stays open only when no account but the fund holds the other side.
 */
export interface Liquidate extends CommandHeader {
  readonly type: 'Liquidate';
  readonly accountId: number;
  /** The liquidation order's id, assigned by the risk service from the same id space as ingress. */
  readonly orderId: number;
  /** SELL closes a long, BUY a short. */
  readonly side: Side;
  /** The bankruptcy price in ticks: the IOC's limit and the price of a takeover or deleveraging. */
  readonly price: number;
  /** Lots to close; the engine closes at most the position. */
  readonly quantity: number;
  /** Accounts holding the opposite position, highest ADL ranking first (the engine ranks any others after). */
  readonly adlQueue: readonly number[];
}

/**
 * A command that reached the matcher but could not be read (a malformed field, an unknown type, a number the
 * symbol's filters cannot represent). Recording its rejection in the symbol's log tells the sender why, and keeps
 * the log the complete account of everything that was asked of the symbol.
 */
export interface RejectInvalidCommand extends CommandHeader {
  readonly type: 'RejectInvalidCommand';
  /** The command type as sent, if it is one the engine knows. */
  readonly commandType: CommandType | 'Unknown';
  readonly accountId: number | null;
  readonly orderId: number | null;
  readonly clientOrderId: string | null;
  readonly code: number;
  readonly reason: string;
}

export type EngineCommand =
  | ListSymbol
  | UpdateSymbol
  | PlaceOrder
  | CancelOrder
  | CancelAllOrders
  | AmendOrder
  | PlaceAlgoOrder
  | CancelAlgoOrder
  | CancelAllAlgoOrders
  | SetCancelCountdown
  | UpdateIndexPrice
  | SettleFunding
  | Liquidate
  | RejectInvalidCommand;

/** The commands a client or operator can send. */
export type CommandType = Exclude<EngineCommand['type'], 'RejectInvalidCommand'>;
export const COMMAND_TYPES: readonly CommandType[] = [
  'ListSymbol',
  'UpdateSymbol',
  'PlaceOrder',
  'CancelOrder',
  'CancelAllOrders',
  'AmendOrder',
  'PlaceAlgoOrder',
  'CancelAlgoOrder',
  'CancelAllAlgoOrders',
  'SetCancelCountdown',
  'UpdateIndexPrice',
  'SettleFunding',
  'Liquidate',
];
