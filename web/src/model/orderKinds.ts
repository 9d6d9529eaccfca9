/**
 * The order types the entry form offers, as data. The form renders a kind's fields and the checks run per field,
 * so a new type is one entry here: the conditional types (issue 16) are already described, and the form offers
 * each as soon as exchangeInfo lists it in the symbol's `orderTypes` (today: LIMIT and MARKET only).
 */
export type OrderField = 'price' | 'stopPrice' | 'quantity';

export interface OrderKind {
  /** The API's `type`. */
  readonly type: string;
  readonly label: string;
  /** Inputs, in the form's order. */
  readonly fields: readonly OrderField[];
  /** A limit price: time in force and post-only apply, and PERCENT_PRICE checks the price. */
  readonly limit: boolean;
  /**
   * Conditional orders: on which side of the mark price the stop price must be for a BUY so that the order does
   * not trigger at once (a SELL mirrors it). Stops buy above the market, take-profits below.
   */
  readonly buyTriggerAbove?: boolean;
}

export const ORDER_KINDS: readonly OrderKind[] = [
  { type: 'LIMIT', label: 'Limit', fields: ['price', 'quantity'], limit: true },
  { type: 'MARKET', label: 'Market', fields: ['quantity'], limit: false },
  {
    type: 'STOP',
    label: 'Stop limit',
    fields: ['stopPrice', 'price', 'quantity'],
    limit: true,
    buyTriggerAbove: true,
  },
  {
    type: 'STOP_MARKET',
    label: 'Stop market',
    fields: ['stopPrice', 'quantity'],
    limit: false,
    buyTriggerAbove: true,
  },
  {
    type: 'TAKE_PROFIT',
    label: 'Take profit limit',
    fields: ['stopPrice', 'price', 'quantity'],
    limit: true,
    buyTriggerAbove: false,
  },
  {
    type: 'TAKE_PROFIT_MARKET',
    label: 'Take profit market',
    fields: ['stopPrice', 'quantity'],
    limit: false,
    buyTriggerAbove: false,
  },
];

/** The kinds a symbol accepts, in the form's order. */
export function offeredKinds(orderTypes: readonly string[]): OrderKind[] {
  return ORDER_KINDS.filter((kind) => orderTypes.includes(kind.type));
}

export const FIELD_LABELS: Record<OrderField, string> = {
  price: 'Price',
  stopPrice: 'Stop price',
  quantity: 'Size',
};
