import { parseScaled, significantDecimals } from '../numbers/decimal';
import { MONEY_DECIMALS, type Money, parseMoney, parseRate, RATE_ONE, type Rate } from '../numbers/money';
import { compileFuturesTerms, type FuturesTerms } from './futuresTerms';
import type { SymbolSpec } from './symbolSpec';

/**
 * A symbol spec compiled to the integers the engine works in: prices as ticks, quantities as lots (steps),
 * money as 10^-8 USDT. Compiling once means the matching hot path never touches a decimal string.
 */
export interface Instrument {
  readonly spec: SymbolSpec;
  readonly tickDecimals: number;
  /** tickSize in units of 10^-tickDecimals (0.10 → 1, 0.5 → 5). */
  readonly tickUnits: bigint;
  readonly stepDecimals: number;
  readonly stepUnits: bigint;
  readonly minPriceTicks: number;
  readonly maxPriceTicks: number;
  readonly minQtyLots: number;
  readonly maxQtyLots: number;
  readonly marketMinQtyLots: number;
  readonly marketMaxQtyLots: number;
  readonly minNotional: Money;
  /** The notional of one lot at a price of one tick, in money units: notional = ticks × lots × this. */
  readonly moneyPerTickLot: bigint;
  readonly bandUp: bigint;
  readonly bandDown: bigint;
  readonly bandScale: bigint;
  /** marketTakeBound as a Rate (10^-8 units). */
  readonly marketTakeBound: Rate;
  /** 1 + marketTakeBound and 1 − marketTakeBound, as Rates: a MARKET order's take bound needs no bigint sum. */
  readonly marketTakeUp: Rate;
  readonly marketTakeDown: Rate;
  readonly makerFeeRate: Rate;
  readonly takerFeeRate: Rate;
  /** Risk brackets, funding and mark price terms. */
  readonly futures: FuturesTerms;
  /**
   * One tick in index and mark price units (10^-8 USDT per whole base unit): 0.10 → 10,000,000. A whole number,
   * since tickSize has at most 8 decimals.
   */
  readonly unitsPerTick: number;
  /**
   * Whether index and mark prices up to maxPrice stay safe integers through the mark arithmetic (maxPrice at most
   * 2^51 units, 22.5 million USDT): every realistic symbol; one that is not refuses index prices.
   */
  readonly markable: boolean;
  /** The same figures as safe-integer numbers, for the exact fast paths that avoid bigint on every trade. */
  readonly fast: {
    readonly moneyPerTickLot: number;
    readonly makerFeeRate: number;
    readonly takerFeeRate: number;
    /** The smallest price × quantity (ticks × lots) that meets MIN_NOTIONAL. */
    readonly minNotionalTickLots: number;
    readonly bandUp: number;
    readonly bandDown: number;
    readonly bandScale: number;
    /** 1 ± marketTakeBound in 10^-8 units. */
    readonly takeUp: number;
    readonly takeDown: number;
  };
}

export class InvalidSymbolSpec extends Error {}

/** Compiles and validates a spec; throws InvalidSymbolSpec naming the first field that is wrong. */
export function compileInstrument(spec: SymbolSpec): Instrument {
  const fail = (why: string): never => {
    throw new InvalidSymbolSpec(`${spec.symbol}: ${why}`);
  };
  if (!/^[A-Z0-9]{2,20}USDT$/.test(spec.symbol)) fail('symbol must be <BASE>USDT in capitals');
  if (spec.status !== 'TRADING' && spec.status !== 'HALT') fail('status must be TRADING or HALT');

  const tickDecimals = decimalsOf(spec.tickSize, 'tickSize', fail);
  const stepDecimals = decimalsOf(spec.stepSize, 'stepSize', fail);
  if (tickDecimals + stepDecimals > MONEY_DECIMALS) {
    fail(`tickSize × stepSize must be a multiple of 10^-${MONEY_DECIMALS} so notionals are exact`);
  }
  const tickUnits = parseScaled(spec.tickSize, tickDecimals) ?? fail('tickSize');
  const stepUnits = parseScaled(spec.stepSize, stepDecimals) ?? fail('stepSize');
  if (tickUnits <= 0n) fail('tickSize must be positive');
  if (stepUnits <= 0n) fail('stepSize must be positive');

  const ticks = (field: string, text: string): number => {
    const units = parseScaled(text, tickDecimals);
    if (units === undefined || units % tickUnits !== 0n)
      return fail(`${field} must be a multiple of tickSize`);
    return safe(units / tickUnits, field, fail);
  };
  const lots = (field: string, text: string): number => {
    const units = parseScaled(text, stepDecimals);
    if (units === undefined || units % stepUnits !== 0n)
      return fail(`${field} must be a multiple of stepSize`);
    return safe(units / stepUnits, field, fail);
  };

  const minPriceTicks = ticks('minPrice', spec.minPrice);
  const maxPriceTicks = ticks('maxPrice', spec.maxPrice);
  const minQtyLots = lots('minQty', spec.minQty);
  const maxQtyLots = lots('maxQty', spec.maxQty);
  const marketMinQtyLots = lots('marketMinQty', spec.marketMinQty);
  const marketMaxQtyLots = lots('marketMaxQty', spec.marketMaxQty);
  if (minPriceTicks < 1 || maxPriceTicks < minPriceTicks) fail('need 0 < minPrice ≤ maxPrice');
  if (minQtyLots < 1 || maxQtyLots < minQtyLots) fail('need 0 < minQty ≤ maxQty');
  if (marketMinQtyLots < 1 || marketMaxQtyLots < marketMinQtyLots)
    fail('need 0 < marketMinQty ≤ marketMaxQty');
  if (spec.pricePrecision < tickDecimals) fail('pricePrecision must allow the tick size');
  if (spec.quantityPrecision < stepDecimals) fail('quantityPrecision must allow the step size');

  const minNotional = parseMoney(spec.minNotional) ?? fail('minNotional');
  if (minNotional < 0n) fail('minNotional must not be negative');
  if (!Number.isInteger(spec.maxNumOrders) || spec.maxNumOrders < 1)
    fail('maxNumOrders must be a positive integer');
  if (!Number.isInteger(spec.maxLeverage) || spec.maxLeverage < 1 || spec.maxLeverage > 125) {
    fail('maxLeverage must be an integer in 1..125');
  }

  const band = spec.percentPrice;
  const bandScale = 10n ** BigInt(band.multiplierDecimal);
  const bandUp = parseScaled(band.multiplierUp, band.multiplierDecimal) ?? fail('percentPrice.multiplierUp');
  const bandDown =
    parseScaled(band.multiplierDown, band.multiplierDecimal) ?? fail('percentPrice.multiplierDown');
  if (!(bandDown > 0n && bandDown <= bandScale && bandUp >= bandScale)) {
    fail('percentPrice needs 0 < multiplierDown ≤ 1 ≤ multiplierUp');
  }

  const marketTakeBound = parseRate(spec.marketTakeBound) ?? fail('marketTakeBound');
  if (marketTakeBound <= 0n || marketTakeBound >= RATE_ONE) fail('marketTakeBound must be in (0, 1)');
  const marketTakeUp = RATE_ONE + marketTakeBound;
  const marketTakeDown = RATE_ONE - marketTakeBound;

  const makerFeeRate = parseRate(spec.makerFeeRate) ?? fail('makerFeeRate');
  const takerFeeRate = parseRate(spec.takerFeeRate) ?? fail('takerFeeRate');
  if (takerFeeRate < 0n) fail('takerFeeRate must not be negative');
  if (makerFeeRate + takerFeeRate < 0n) fail('a maker rebate must not exceed the taker fee');

  const futures = compileFuturesTerms(spec, fail);
  const unitsPerTick = tickUnits * 10n ** BigInt(MONEY_DECIMALS - tickDecimals);
  const markable = BigInt(maxPriceTicks) * unitsPerTick <= MAX_MARKABLE_UNITS;

  const moneyPerTickLot = tickUnits * stepUnits * 10n ** BigInt(MONEY_DECIMALS - tickDecimals - stepDecimals);
  const minNotionalTickLots = (minNotional + moneyPerTickLot - 1n) / moneyPerTickLot;
  return {
    spec,
    tickDecimals,
    tickUnits,
    stepDecimals,
    stepUnits,
    minPriceTicks,
    maxPriceTicks,
    minQtyLots,
    maxQtyLots,
    marketMinQtyLots,
    marketMaxQtyLots,
    minNotional,
    moneyPerTickLot,
    bandUp,
    bandDown,
    bandScale,
    marketTakeBound,
    marketTakeUp,
    marketTakeDown,
    makerFeeRate,
    takerFeeRate,
    futures,
    unitsPerTick: safe(unitsPerTick, 'tickSize', fail),
    markable,
    fast: {
      moneyPerTickLot: safe(moneyPerTickLot, 'tickSize × stepSize', fail),
      makerFeeRate: Number(makerFeeRate),
      takerFeeRate: Number(takerFeeRate),
      minNotionalTickLots: safe(minNotionalTickLots, 'minNotional', fail),
      bandUp: Number(bandUp),
      bandDown: Number(bandDown),
      bandScale: Number(bandScale),
      takeUp: Number(marketTakeUp),
      takeDown: Number(marketTakeDown),
    },
  };
}

/** 2^51: twice it, a sum of two such prices, is still a safe integer. */
const MAX_MARKABLE_UNITS = 2n ** 51n;

function decimalsOf(text: string, field: string, fail: (why: string) => never): number {
  if (!/^\d+(\.\d+)?$/.test(text)) fail(`${field} must be a plain decimal`);
  return significantDecimals(text);
}

function safe(value: bigint, field: string, fail: (why: string) => never): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${field} is too large`);
  return Number(value);
}

/** The notional of `lots` at `ticks`, exactly, in money units. */
export function notionalOf(instrument: Instrument, ticks: number, lots: number): Money {
  const units = safeNotionalOf(instrument, ticks, lots);
  return units !== undefined ? BigInt(units) : BigInt(ticks) * BigInt(lots) * instrument.moneyPerTickLot;
}

/**
 * notionalOf as a plain number when it is a safe integer (exact in a double: the common case, which spares the
 * hot path bigint arithmetic), else undefined. The factors are integers ≥ 1, so a safe product had exact factors.
 */
export function safeNotionalOf(instrument: Instrument, ticks: number, lots: number): number | undefined {
  const units = ticks * lots * instrument.fast.moneyPerTickLot;
  return Number.isSafeInteger(units) ? units : undefined;
}
