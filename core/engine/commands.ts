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

export type EngineCommand =
  | ListSymbol
  | UpdateSymbol
  | PlaceOrder
  | CancelOrder
  | CancelAllOrders
  | AmendOrder;
export type CommandType = EngineCommand['type'];
