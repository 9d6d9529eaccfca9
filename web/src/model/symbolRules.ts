import type { ExchangeFilter, ExchangeSymbol } from '../api/wire';
import { type Decimal, dec, stepDecimals } from './decimal';

/**
 * A symbol's trading rules, read once from exchangeInfo: the filters the page checks an order against before
 * sending it (the exchange checks them again; the page's check is for a fast, specific answer), and the number of
 * digits prices and sizes are shown with.
 */
export interface SymbolRules {
  readonly symbol: string;
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /** PRICE_FILTER */
  readonly tickSize: Decimal;
  readonly minPrice: Decimal;
  readonly maxPrice: Decimal;
  /** LOT_SIZE (limit orders) */
  readonly lot: LotRule;
  /** MARKET_LOT_SIZE (market orders) */
  readonly marketLot: LotRule;
  /** MIN_NOTIONAL */
  readonly minNotional: Decimal | undefined;
  /** PERCENT_PRICE, around the mark price. */
  readonly percentPrice: { readonly up: Decimal; readonly down: Decimal } | undefined;
  /** Digits prices are shown with: the tick size's ("0.10" → 1), as exchanges show their books. */
  readonly priceDecimals: number;
  /** Digits sizes are shown with: the step size's. */
  readonly quantityDecimals: number;
  readonly orderTypes: readonly string[];
  readonly timeInForce: readonly string[];
}

export interface LotRule {
  readonly minQty: Decimal;
  readonly maxQty: Decimal;
  readonly stepSize: Decimal;
}

function filter(symbol: ExchangeSymbol, type: string): ExchangeFilter | undefined {
  return symbol.filters.find((f) => f.filterType === type);
}

function field(f: ExchangeFilter | undefined, name: string, symbol: string): string {
  const value = f?.[name];
  if (typeof value !== 'string') throw new Error(`${symbol}: exchangeInfo has no ${f?.filterType}.${name}`);
  return value;
}

export function symbolRules(symbol: ExchangeSymbol): SymbolRules {
  const name = symbol.symbol;
  const price = filter(symbol, 'PRICE_FILTER');
  const lotFilter = filter(symbol, 'LOT_SIZE');
  const lot: LotRule = {
    minQty: dec(field(lotFilter, 'minQty', name)),
    maxQty: dec(field(lotFilter, 'maxQty', name)),
    stepSize: dec(field(lotFilter, 'stepSize', name)),
  };
  const marketFilter = filter(symbol, 'MARKET_LOT_SIZE');
  const marketLot: LotRule =
    marketFilter === undefined
      ? lot
      : {
          minQty: dec(field(marketFilter, 'minQty', name)),
          maxQty: dec(field(marketFilter, 'maxQty', name)),
          stepSize: dec(field(marketFilter, 'stepSize', name)),
        };
  const notional = filter(symbol, 'MIN_NOTIONAL');
  const percent = filter(symbol, 'PERCENT_PRICE');
  const tickSize = field(price, 'tickSize', name);
  return {
    symbol: name,
    status: symbol.status,
    baseAsset: symbol.baseAsset,
    quoteAsset: symbol.quoteAsset,
    tickSize: dec(tickSize),
    minPrice: dec(field(price, 'minPrice', name)),
    maxPrice: dec(field(price, 'maxPrice', name)),
    lot,
    marketLot,
    minNotional: notional === undefined ? undefined : dec(field(notional, 'notional', name)),
    percentPrice:
      percent === undefined
        ? undefined
        : {
            up: dec(field(percent, 'multiplierUp', name)),
            down: dec(field(percent, 'multiplierDown', name)),
          },
    priceDecimals: stepDecimals(tickSize),
    quantityDecimals: stepDecimals(field(lotFilter, 'stepSize', name)),
    orderTypes: symbol.orderTypes,
    timeInForce: symbol.timeInForce,
  };
}
