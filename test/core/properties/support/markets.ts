import type { SymbolSpec } from '../../../../core/symbol/symbolSpec';
import { BTCUSDT, TESTUSDT } from '../../support/specs';

/**
 * A symbol the properties trade, with the numbers the tests need written out by hand (not taken from the
 * engine's compiled instrument, so a wrong compilation cannot hide behind its own numbers).
 */
export interface Market {
  readonly name: string;
  readonly spec: SymbolSpec;
  /** Where the random mid starts, in ticks. */
  readonly mid: number;
  /** Money (10⁻⁸ USDT) per tick × lot: the notional of one lot at a price of one tick. */
  readonly moneyPerTickLot: bigint;
  /** Index and mark price units (10⁻⁸ USDT per base unit) per tick; lots per base unit as 10^stepDecimals / step. */
  readonly unitsPerTick: bigint;
  /** One lot in base units, as a fraction num / den (TEST: 1 / 1, BTC: 1 / 1000). */
  readonly lotSize: readonly [bigint, bigint];
  readonly minPriceTicks: number;
  readonly maxPriceTicks: number;
  readonly maxQtyLots: number;
  readonly marketMaxQtyLots: number;
  /** MIN_NOTIONAL in money. */
  readonly minNotional: bigint;
  /** PERCENT_PRICE multipliers as fractions num / den. */
  readonly bandUp: readonly [bigint, bigint];
  readonly bandDown: readonly [bigint, bigint];
  /** marketTakeBound as a fraction num / den. */
  readonly takeBound: readonly [bigint, bigint];
  /** A valid spec change that UpdateSymbol must refuse: a different tick size. */
  readonly retick: Partial<SymbolSpec>;
  /** A fee change UpdateSymbol accepts (none for the zero-fee markets). */
  readonly refee: Partial<SymbolSpec>;
}

const test: Market = {
  name: 'TESTUSDT',
  spec: TESTUSDT,
  mid: 1000,
  moneyPerTickLot: 100_000_000n, // tick 1 × step 1 = 1 USDT
  unitsPerTick: 100_000_000n,
  lotSize: [1n, 1n],
  minPriceTicks: 1,
  maxPriceTicks: 1_000_000,
  maxQtyLots: 1000,
  marketMaxQtyLots: 500,
  minNotional: 1_000_000_000n, // 10 USDT
  bandUp: [15000n, 10000n],
  bandDown: [5000n, 10000n],
  takeBound: [10n, 100n],
  retick: { tickSize: '2', minPrice: '2' },
  refee: { makerFeeRate: '0.00011', takerFeeRate: '0.00031' },
};

/** TESTUSDT with room for deep books (5 open orders per account makes shallow ones) and a maker rebate. */
/**
 * TESTUSDT with room for deep books (5 open orders per account makes shallow ones), a maker rebate, and a
 * MARKET take bound of 1% (10 ticks at the start) that sweeps actually run into.
 */
const testDeep: Market = {
  ...test,
  name: 'TESTUSDT deep, maker rebate, tight take bound',
  spec: {
    ...TESTUSDT,
    maxNumOrders: 40,
    makerFeeRate: '-0.0001',
    takerFeeRate: '0.0004',
    marketTakeBound: '0.01',
  },
  takeBound: [1n, 100n],
};

const btc: Market = {
  name: 'BTCUSDT',
  spec: BTCUSDT,
  mid: 650_000, // 65000.0
  moneyPerTickLot: 10_000n, // tick 0.1 × step 0.001 = 0.0001 USDT
  unitsPerTick: 10_000_000n, // 0.1 USDT
  lotSize: [1n, 1_000n],
  minPriceTicks: 5568, // 556.80
  maxPriceTicks: 45_297_640, // 4529764
  maxQtyLots: 1_000_000, // 1000
  marketMaxQtyLots: 120_000, // 120
  minNotional: 500_000_000n, // 5 USDT
  bandUp: [10500n, 10000n],
  bandDown: [9500n, 10000n],
  takeBound: [5n, 100n],
  retick: { tickSize: '0.20' },
  refee: { makerFeeRate: '-0.00002', takerFeeRate: '0.00033' },
};

function withoutFees(market: Market): Market {
  return {
    ...market,
    name: `${market.name}, no fees`,
    spec: { ...market.spec, makerFeeRate: '0', takerFeeRate: '0' },
    refee: {},
  };
}

/** BTCUSDT with fees whose products are not whole 10⁻⁸ (so rounding shows) and a take bound of 6 ticks. */
const btcOdd: Market = {
  ...btc,
  name: 'BTCUSDT odd fees, tight take bound',
  spec: {
    ...BTCUSDT,
    makerFeeRate: '-0.00003',
    takerFeeRate: '0.00047',
    marketTakeBound: '0.00001',
    maxNumOrders: 20,
  },
  takeBound: [1n, 100_000n],
};

export const FEE_MARKETS: readonly Market[] = [test, testDeep, btc, btcOdd];
export const ZERO_FEE_MARKETS: readonly Market[] = [
  withoutFees(test),
  withoutFees(testDeep),
  withoutFees(btc),
  withoutFees(btcOdd),
];
export const ALL_MARKETS: readonly Market[] = [...FEE_MARKETS, ...ZERO_FEE_MARKETS];

/** The exact notional of a fill, in money. */
export function notional(market: Market, price: number, lots: number): bigint {
  return BigInt(price) * BigInt(lots) * market.moneyPerTickLot;
}

/** A fee rate as written in a spec ("0.0002", "-0.00003") in 10⁻⁸ units. */
export function rateOf(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole!) * 100_000_000n + BigInt(fraction.padEnd(8, '0').slice(0, 8) || '0');
  return negative ? -units : units;
}

/** ⌈notional × rate⌉ to 10⁻⁸: the exchange never under-charges (and rounds rebates toward itself). */
export function expectedFee(notionalMoney: bigint, rate: bigint): bigint {
  const scaled = notionalMoney * rate;
  const quotient = scaled / 100_000_000n;
  return scaled > 0n && scaled % 100_000_000n !== 0n ? quotient + 1n : quotient;
}

/** Highest price a BUY may have (PERCENT_PRICE), rounded down to a tick. */
export function bandCeiling(market: Market, reference: number): number {
  const [num, den] = market.bandUp;
  return Number((BigInt(reference) * num) / den);
}

/** Lowest price a SELL may have (PERCENT_PRICE), rounded up to a tick. */
export function bandFloor(market: Market, reference: number): number {
  const [num, den] = market.bandDown;
  return Number((BigInt(reference) * num + den - 1n) / den);
}

/** The worst price a MARKET order may take at, rounded inward: ref × (1 ± marketTakeBound). */
export function marketTakeLimit(market: Market, side: 'BUY' | 'SELL', reference: number): number {
  const [num, den] = market.takeBound;
  const ref = BigInt(reference);
  return side === 'BUY' ? Number((ref * (den + num)) / den) : Number((ref * (den - num) + den - 1n) / den);
}

/** Highest price a BUY may have at a mark (10⁻⁸ USDT): ⌊mark × up⌋ in whole ticks. */
export function markBandCeiling(market: Market, mark: number): number {
  const [num, den] = market.bandUp;
  return Number((BigInt(mark) * num) / (den * market.unitsPerTick));
}

/** Lowest price a SELL may have at a mark: ⌈mark × down⌉ in whole ticks. */
export function markBandFloor(market: Market, mark: number): number {
  const [num, den] = market.bandDown;
  const scaled = den * market.unitsPerTick;
  return Number((BigInt(mark) * num + scaled - 1n) / scaled);
}
