import type { LeverageBracketSpec, SymbolSpec } from '../core/symbol/symbolSpec';

/**
 * Perpetuals with Binance USDⓈ-M's real filters (tick and step sizes, lot limits, PERCENT_PRICE band, market take
 * bound, fees of the base tier), risk brackets and funding terms, for `npm start` and `admin add-symbol --preset`.
 * docs/futures.md says where each table comes from.
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

/** [initialLeverage, notionalFloor, notionalCap, maintMarginRatio] per tier; cum is derived (and checked) on listing. */
type Tier = readonly [number, string, string, string];

function brackets(tiers: readonly Tier[]): LeverageBracketSpec[] {
  return tiers.map(([initialLeverage, notionalFloor, notionalCap, maintMarginRatio], i) => ({
    bracket: i + 1,
    initialLeverage,
    notionalFloor,
    notionalCap,
    maintMarginRatio,
  }));
}

/**
 * BTCUSDT's 125x table as Binance's GET /fapi/v1/leverageBracket returned it (its cum column, 0 / 50 / 950 / 11,450
 * / … / 421,481,450, is what these floors and ratios derive). Binance has since opened a 150x first tier (cap 300,000);
 * shardex keeps the 125x table, the one its 125x maximum leverage and the contract's 1..125 leverage range match.
 */
const BTCUSDT_BRACKETS = brackets([
  [125, '0', '50000', '0.004'],
  [100, '50000', '600000', '0.005'],
  [75, '600000', '3000000', '0.0065'],
  [50, '3000000', '12000000', '0.01'],
  [25, '12000000', '70000000', '0.02'],
  [20, '70000000', '100000000', '0.025'],
  [10, '100000000', '230000000', '0.05'],
  [5, '230000000', '480000000', '0.1'],
  [4, '480000000', '600000000', '0.125'],
  [3, '600000000', '800000000', '0.15'],
  [2, '800000000', '1200000000', '0.25'],
  [1, '1200000000', '1800000000', '0.5'],
]);

/**
 * ETHUSDT's 100x tiers (floors, caps, leverage, ratios) as reproduced from Binance's API in public client code; the
 * cum column published with them repeated BTCUSDT's and does not follow from these ratios, so cum is derived
 * (0, 75, 2,175, 32,175, …).
 */
const ETHUSDT_BRACKETS = brackets([
  [100, '0', '50000', '0.005'],
  [75, '50000', '600000', '0.0065'],
  [50, '600000', '3000000', '0.01'],
  [25, '3000000', '12000000', '0.02'],
  [20, '12000000', '30000000', '0.025'],
  [10, '30000000', '100000000', '0.05'],
  [5, '100000000', '200000000', '0.1'],
]);

/**
 * No SOLUSDT table was found in the sources available; these are Binance's 75x major-altcoin tiers as announced
 * for XRPUSDT on 2024-08-27 (the first seven), the closest published table to SOLUSDT's 75x.
 */
const SOLUSDT_BRACKETS = brackets([
  [75, '0', '10000', '0.005'],
  [50, '10000', '20000', '0.0065'],
  [40, '20000', '160000', '0.01'],
  [25, '160000', '800000', '0.02'],
  [20, '800000', '1600000', '0.025'],
  [10, '1600000', '8000000', '0.05'],
  [5, '8000000', '16000000', '0.1'],
]);

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
    leverageBrackets: BTCUSDT_BRACKETS,
    // Binance: "the funding rate cap/floor of USDⓈ-M BTCUSDT perpetual contract is +0.3% / -0.3%" (2025-05).
    fundingRateCap: '0.003',
    fundingRateFloor: '-0.003',
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
    leverageBrackets: ETHUSDT_BRACKETS,
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
    leverageBrackets: SOLUSDT_BRACKETS,
  },
};
