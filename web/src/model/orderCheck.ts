import type { Side } from '../api/wire';
import {
  cmp,
  type Decimal,
  isMultipleOf,
  mul,
  parseDecimal,
  round,
  roundToStep,
  sign,
  stepDecimals,
  toPlain,
} from './decimal';
import { formatDecimal } from './format';
import type { OrderField, OrderKind } from './orderKinds';
import type { SymbolRules } from './symbolRules';

/** What the trader typed, as typed. */
export interface OrderDraft {
  readonly side: Side;
  readonly kind: OrderKind;
  readonly price: string;
  readonly stopPrice: string;
  readonly quantity: string;
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
}

/** Prices the checks measure against, when the page knows them. */
export interface MarketReference {
  /** The mark price (PERCENT_PRICE's reference); absent or zero: not known. */
  readonly mark?: Decimal;
  readonly bestBid?: Decimal;
  readonly bestAsk?: Decimal;
}

export interface Problem {
  readonly field: OrderField | 'order';
  readonly message: string;
}

export type CheckedOrder =
  | { readonly ok: true; readonly params: Record<string, string> }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * The symbol's filters, in the order Binance applies them, checked before the order is sent: PRICE_FILTER (range
 * and tick), LOT_SIZE or MARKET_LOT_SIZE (range and step), PERCENT_PRICE against the mark price, MIN_NOTIONAL
 * (reduce-only orders are exempt; a market order is valued at the mark, or the best opposite price). Checks the
 * page cannot make (no mark price yet) are left to the exchange, whose answer the form shows. When every check
 * passes, the request parameters, each number written at the symbol's precision.
 */
export function checkOrder(rules: SymbolRules, draft: OrderDraft, reference: MarketReference): CheckedOrder {
  const problems: Problem[] = [];
  const values: Partial<Record<OrderField, Decimal>> = {};
  for (const field of draft.kind.fields) {
    const text = draft[field].trim();
    const value = parseDecimal(text);
    if (text === '') problems.push({ field, message: `Enter a ${field === 'quantity' ? 'size' : 'price'}` });
    else if (value === undefined) problems.push({ field, message: 'Enter a number, like 1234.5' });
    else if (sign(value) <= 0) problems.push({ field, message: 'Must be greater than 0' });
    else values[field] = value;
  }
  const { price, stopPrice, quantity } = values;
  const p = (value: Decimal) => formatDecimal(value, rules.priceDecimals, { group: false });
  const q = (value: Decimal) => formatDecimal(value, rules.quantityDecimals, { group: false });

  for (const field of ['stopPrice', 'price'] as const) {
    const value = values[field];
    if (value === undefined) continue;
    if (cmp(value, rules.minPrice) < 0)
      problems.push({ field, message: `Minimum price is ${p(rules.minPrice)}` });
    else if (cmp(value, rules.maxPrice) > 0)
      problems.push({ field, message: `Maximum price is ${p(rules.maxPrice)}` });
    else if (!isMultipleOf(value, rules.tickSize))
      problems.push({
        field,
        message: `Price must be a multiple of the tick size ${toPlain(rules.tickSize)}`,
      });
  }

  const lot = draft.kind.limit ? rules.lot : rules.marketLot;
  if (quantity !== undefined) {
    if (cmp(quantity, lot.minQty) < 0)
      problems.push({ field: 'quantity', message: `Minimum size is ${q(lot.minQty)} ${rules.baseAsset}` });
    else if (cmp(quantity, lot.maxQty) > 0)
      problems.push({ field: 'quantity', message: `Maximum size is ${q(lot.maxQty)} ${rules.baseAsset}` });
    else if (!isMultipleOf(quantity, lot.stepSize))
      problems.push({
        field: 'quantity',
        message: `Size must be a multiple of the step size ${toPlain(lot.stepSize)}`,
      });
  }

  const mark = reference.mark !== undefined && sign(reference.mark) > 0 ? reference.mark : undefined;
  if (price !== undefined && draft.kind.limit && mark !== undefined && rules.percentPrice !== undefined) {
    // Binance: a buy may not be priced above mark × multiplierUp, a sell not below mark × multiplierDown, in
    // whole ticks (the cap rounds down, the floor up).
    if (draft.side === 'BUY') {
      const cap = roundToStep(mul(mark, rules.percentPrice.up), rules.tickSize, 'floor');
      if (cmp(price, cap) > 0)
        problems.push({
          field: 'price',
          message: `A buy may not be priced above ${p(cap)} (mark price band)`,
        });
    } else {
      const floor = roundToStep(mul(mark, rules.percentPrice.down), rules.tickSize, 'ceil');
      if (cmp(price, floor) < 0)
        problems.push({
          field: 'price',
          message: `A sell may not be priced below ${p(floor)} (mark price band)`,
        });
    }
  }

  if (stopPrice !== undefined && mark !== undefined && draft.kind.buyTriggerAbove !== undefined) {
    const above = draft.kind.buyTriggerAbove === (draft.side === 'BUY');
    if (above ? cmp(stopPrice, mark) <= 0 : cmp(stopPrice, mark) >= 0)
      problems.push({
        field: 'stopPrice',
        message: `Would trigger at once: the stop price must be ${above ? 'above' : 'below'} the mark price ${p(mark)}`,
      });
  }

  if (quantity !== undefined && rules.minNotional !== undefined && !draft.reduceOnly) {
    const opposite = draft.side === 'BUY' ? reference.bestAsk : reference.bestBid;
    const valuedAt = draft.kind.limit ? price : (mark ?? stopPrice ?? opposite);
    if (valuedAt !== undefined && cmp(mul(valuedAt, quantity), rules.minNotional) < 0)
      problems.push({
        field: 'order',
        message: `Order value must be at least ${formatDecimal(rules.minNotional, stepDecimals(toPlain(rules.minNotional)))} ${rules.quoteAsset} (unless reduce-only)`,
      });
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, params: orderParams(rules, draft, values) };
}

function orderParams(
  rules: SymbolRules,
  draft: OrderDraft,
  values: Partial<Record<OrderField, Decimal>>,
): Record<string, string> {
  const params: Record<string, string> = {
    symbol: rules.symbol,
    side: draft.side,
    type: draft.kind.type,
    quantity: toPlain(round(values.quantity!, rules.quantityDecimals)),
  };
  if (values.price !== undefined) params.price = toPlain(round(values.price, rules.priceDecimals));
  if (values.stopPrice !== undefined)
    params.stopPrice = toPlain(round(values.stopPrice, rules.priceDecimals));
  if (draft.kind.limit) params.timeInForce = draft.postOnly ? 'GTX' : draft.timeInForce;
  if (draft.reduceOnly) params.reduceOnly = 'true';
  // RESULT: the answer is the order after matching, so a post-only that would take, an IOC that expired or a
  // fill shows at once; the user data stream reports the same.
  params.newOrderRespType = 'RESULT';
  return params;
}
