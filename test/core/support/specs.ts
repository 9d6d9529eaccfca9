import type { SymbolSpec } from '../../../core/symbol/symbolSpec';

/** A BTCUSDT-like perpetual with Binance's real filters (tick 0.10, step 0.001). */
export const BTCUSDT: SymbolSpec = {
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  status: 'TRADING',
  tickSize: '0.10',
  minPrice: '556.80',
  maxPrice: '4529764',
  pricePrecision: 2,
  stepSize: '0.001',
  minQty: '0.001',
  maxQty: '1000',
  quantityPrecision: 3,
  marketMinQty: '0.001',
  marketMaxQty: '120',
  minNotional: '5',
  maxNumOrders: 200,
  percentPrice: { multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: 4 },
  marketTakeBound: '0.05',
  makerFeeRate: '0.0002',
  takerFeeRate: '0.0005',
  maxLeverage: 125,
  onboardDate: 1569398400000,
};

/**
 * A contract with whole-number tick and step, so scenarios read in plain numbers: price 100 is 100 ticks,
 * quantity 5 is 5 lots. Fees are round for hand-checkable arithmetic.
 */
export const TESTUSDT: SymbolSpec = {
  symbol: 'TESTUSDT',
  baseAsset: 'TEST',
  quoteAsset: 'USDT',
  status: 'TRADING',
  tickSize: '1',
  minPrice: '1',
  maxPrice: '1000000',
  pricePrecision: 0,
  stepSize: '1',
  minQty: '1',
  maxQty: '1000',
  quantityPrecision: 0,
  marketMinQty: '1',
  marketMaxQty: '500',
  minNotional: '10',
  maxNumOrders: 5,
  percentPrice: { multiplierUp: '1.5000', multiplierDown: '0.5000', multiplierDecimal: 4 },
  marketTakeBound: '0.10',
  makerFeeRate: '0.0002',
  takerFeeRate: '0.0005',
  maxLeverage: 20,
  onboardDate: 1700000000000,
};
