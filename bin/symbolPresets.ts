import type { SymbolSpec } from '../core/symbol/symbolSpec';

/**
 * Perpetuals with Binance USDⓈ-M's real filters (tick and step sizes, lot limits, PERCENT_PRICE band, market take
 * bound, fees of the base tier), for `npm start` and `admin add-symbol --preset`.
 */
const common = {
  quoteAsset: 'USDT' as const,
  status: 'TRADING' as const,
  maxNumOrders: 200,
  percentPrice: { multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: 4 },
  marketTakeBound: '0.05',
  makerFeeRate: '0.0002',
  takerFeeRate: '0.0005',
};

export const SYMBOL_PRESETS: Readonly<Record<string, SymbolSpec>> = {
  BTCUSDT: {
    ...common,
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
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
    minNotional: '100',
    maxLeverage: 125,
    onboardDate: 1569398400000,
  },
  ETHUSDT: {
    ...common,
    symbol: 'ETHUSDT',
    baseAsset: 'ETH',
    tickSize: '0.01',
    minPrice: '39.86',
    maxPrice: '306177',
    pricePrecision: 2,
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '10000',
    quantityPrecision: 3,
    marketMinQty: '0.001',
    marketMaxQty: '2000',
    minNotional: '20',
    maxLeverage: 100,
    onboardDate: 1569398400000,
  },
  SOLUSDT: {
    ...common,
    symbol: 'SOLUSDT',
    baseAsset: 'SOL',
    tickSize: '0.010',
    minPrice: '0.420',
    maxPrice: '6857',
    pricePrecision: 3,
    stepSize: '1',
    minQty: '1',
    maxQty: '1000000',
    quantityPrecision: 0,
    marketMinQty: '1',
    marketMaxQty: '5000',
    minNotional: '5',
    maxLeverage: 75,
    onboardDate: 1600000000000,
  },
};
