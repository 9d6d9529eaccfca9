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
];
