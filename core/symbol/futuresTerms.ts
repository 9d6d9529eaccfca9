import { formatMoney, type Money, parseMoney, parseRate, RATE_ONE, type Rate } from '../numbers/money';
import type { LeverageBracketSpec, SymbolSpec } from './symbolSpec';

/**
 * The perpetual-futures terms of a symbol, compiled from its spec: risk brackets, and what mark price and funding
 * need. Every field has a default, so a spec written before these terms existed compiles to what shardex did
 * then (one bracket, the flat maxNotionalValue rule) plus funding terms that nothing uses until the symbol gets
 * an index price.
 */
export interface FuturesTerms {
  /** First tier first; contiguous from a floor of 0; the last tier also holds notionals above its cap. */
  readonly brackets: readonly Bracket[];
  /**
   * True when the spec named no brackets: one tier (half the initial margin rate at max leverage as maintenance)
   * and maxNotionalValue by the flat rule 50,000,000 USDT ÷ leverage, as before tiered brackets existed.
   */
  readonly legacyBrackets: boolean;
  readonly interestRate: Rate;
  readonly fundingIntervalMs: number;
  readonly fundingRateCap: Rate;
  readonly fundingRateFloor: Rate;
  readonly impactMarginNotional: Money;
  readonly basisWindowSeconds: number;
  readonly triggerProtect: Rate;
  /** The liquidation fee rate (exchangeInfo's liquidationFee), paid to the symbol's insurance fund. */
  readonly liquidationFeeRate: Rate;
}

/** A compiled risk bracket: money in 10^-8 USDT, the ratio as a Rate (10^-8). */
export interface Bracket {
  readonly bracket: number;
  readonly initialLeverage: number;
  readonly notionalFloor: Money;
  readonly notionalCap: Money;
  readonly maintMarginRatio: Rate;
  readonly cum: Money;
}

const HOUR_MS = 3_600_000;
const USDT = 100_000_000n;

/** Binance's default funding rate per 8 h interval: 0.01 % interest. */
export const DEFAULT_INTEREST_RATE: Rate = 10_000n;
export const DEFAULT_FUNDING_INTERVAL_HOURS = 8;
/** The moving-average window for Price 2. (Binance moved its own to 30 s in September 2025.) */
export const DEFAULT_BASIS_WINDOW_SECONDS = 300;
/** The ring of basis samples is this long; a window may be at most an hour. */
export const MAX_BASIS_WINDOW_SECONDS = 3_600;
/** Binance's impact margin: the notional 200 USDT of margin opens at the maximum leverage. */
const IMPACT_MARGIN: Money = 200n * USDT;
/** Binance's default cap multiplier: the funding rate is held within ±0.75 × the maintenance margin ratio. */
const CAP_MULTIPLIER_NUMERATOR = 3n;
const CAP_MULTIPLIER_DENOMINATOR = 4n;
/** Binance exchangeInfo's triggerProtect for BTCUSDT and most symbols. */
const DEFAULT_TRIGGER_PROTECT: Rate = 5_000_000n;
/** The legacy flat rule: maxNotionalValue = 50,000,000 USDT ÷ leverage. */
export const LEGACY_NOTIONAL_LIMIT = 50_000_000;
const BASIS_POINT: Rate = 10_000n;
/** Binance exchangeInfo's liquidationFee for BTCUSDT and most symbols: 1.25 %. */
const DEFAULT_LIQUIDATION_FEE: Rate = 1_250_000n;

/** Half the initial margin rate at max leverage, in basis points rounded down: 125x → 40, 20x → 250. */
export function legacyMaintenanceBasisPoints(maxLeverage: number): number {
  return Math.floor(10_000 / (2 * maxLeverage));
}

export function compileFuturesTerms(spec: SymbolSpec, fail: (why: string) => never): FuturesTerms {
  const legacyBrackets = spec.leverageBrackets === undefined;
  const brackets = legacyBrackets ? [legacyBracket(spec.maxLeverage)] : compileBrackets(spec, fail);
  const first = brackets[0]!;

  const rate = (field: string, text: string | undefined, fallback: Rate): Rate =>
    text === undefined
      ? fallback
      : (parseRate(text) ?? fail(`${field} must be a decimal with at most 8 places`));
  const defaultCap = (first.maintMarginRatio * CAP_MULTIPLIER_NUMERATOR) / CAP_MULTIPLIER_DENOMINATOR;
  const fundingRateCap = rate('fundingRateCap', spec.fundingRateCap, defaultCap);
  const fundingRateFloor = rate('fundingRateFloor', spec.fundingRateFloor, -defaultCap);
  if (fundingRateCap <= 0n || fundingRateCap >= RATE_ONE) fail('fundingRateCap must be in (0, 1)');
  if (fundingRateFloor >= 0n || fundingRateFloor <= -RATE_ONE) fail('fundingRateFloor must be in (-1, 0)');
  const interestRate = rate('interestRate', spec.interestRate, DEFAULT_INTEREST_RATE);
  if (interestRate < fundingRateFloor || interestRate > fundingRateCap) {
    fail('interestRate must lie between fundingRateFloor and fundingRateCap');
  }

  const hours = spec.fundingIntervalHours ?? DEFAULT_FUNDING_INTERVAL_HOURS;
  if (!Number.isInteger(hours) || hours < 1 || 24 % hours !== 0) {
    fail('fundingIntervalHours must be a whole number of hours that divides 24');
  }

  const impactMarginNotional =
    spec.impactMarginNotional === undefined
      ? IMPACT_MARGIN * BigInt(first.initialLeverage)
      : (parseMoney(spec.impactMarginNotional) ?? fail('impactMarginNotional'));
  if (impactMarginNotional <= 0n) fail('impactMarginNotional must be positive');

  const basisWindowSeconds = spec.markPriceBasisWindow ?? DEFAULT_BASIS_WINDOW_SECONDS;
  if (
    !Number.isInteger(basisWindowSeconds) ||
    basisWindowSeconds < 1 ||
    basisWindowSeconds > MAX_BASIS_WINDOW_SECONDS
  ) {
    fail(`markPriceBasisWindow must be a whole number of seconds in 1..${MAX_BASIS_WINDOW_SECONDS}`);
  }

  const triggerProtect = rate('triggerProtect', spec.triggerProtect, DEFAULT_TRIGGER_PROTECT);
  if (triggerProtect <= 0n || triggerProtect >= RATE_ONE) fail('triggerProtect must be in (0, 1)');
  const liquidationFeeRate = rate('liquidationFee', spec.liquidationFee, DEFAULT_LIQUIDATION_FEE);
  if (liquidationFeeRate < 0n || liquidationFeeRate >= RATE_ONE) fail('liquidationFee must be in [0, 1)');

  return {
    brackets,
    legacyBrackets,
    interestRate,
    fundingIntervalMs: hours * HOUR_MS,
    fundingRateCap,
    fundingRateFloor,
    impactMarginNotional,
    basisWindowSeconds,
    triggerProtect,
    liquidationFeeRate,
  };
}

function legacyBracket(maxLeverage: number): Bracket {
  return {
    bracket: 1,
    initialLeverage: maxLeverage,
    notionalFloor: 0n,
    notionalCap: BigInt(Math.floor(LEGACY_NOTIONAL_LIMIT / maxLeverage)) * USDT,
    maintMarginRatio: BigInt(legacyMaintenanceBasisPoints(maxLeverage)) * BASIS_POINT,
    cum: 0n,
  };
}

const MAX_BRACKETS = 50;

/**
 * Binance's rules for a bracket table, checked: tiers numbered 1..n, contiguous notionals from 0, leverage
 * falling and maintenance ratio never falling from tier to tier, maintenance below initial margin in every tier
 * (ratio × leverage < 1), and each cum the one the floors and ratios imply.
 */
function compileBrackets(spec: SymbolSpec, fail: (why: string) => never): Bracket[] {
  const table = spec.leverageBrackets as readonly LeverageBracketSpec[];
  if (!Array.isArray(table) || table.length === 0 || table.length > MAX_BRACKETS) {
    fail(`leverageBrackets must list 1..${MAX_BRACKETS} tiers`);
  }
  const brackets: Bracket[] = [];
  table.forEach((tier, i) => {
    const at = `leverageBrackets[${i}]`;
    if (tier.bracket !== i + 1) fail(`${at}.bracket must be ${i + 1}`);
    const leverage = tier.initialLeverage;
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) {
      fail(`${at}.initialLeverage must be an integer in 1..125`);
    }
    const notionalFloor = parseMoney(tier.notionalFloor) ?? fail(`${at}.notionalFloor`);
    const notionalCap = parseMoney(tier.notionalCap) ?? fail(`${at}.notionalCap`);
    const maintMarginRatio = parseRate(tier.maintMarginRatio) ?? fail(`${at}.maintMarginRatio`);
    const previous = brackets[i - 1];
    if (previous === undefined) {
      if (leverage !== spec.maxLeverage) fail(`${at}.initialLeverage must equal maxLeverage`);
      if (notionalFloor !== 0n) fail(`${at}.notionalFloor must be 0`);
    } else {
      if (leverage >= previous.initialLeverage) fail(`${at}.initialLeverage must be below the tier before`);
      if (notionalFloor !== previous.notionalCap)
        fail(`${at}.notionalFloor must be the cap of the tier before`);
      if (maintMarginRatio < previous.maintMarginRatio) {
        fail(`${at}.maintMarginRatio must not be below the tier before`);
      }
    }
    if (notionalCap <= notionalFloor) fail(`${at}.notionalCap must be above its floor`);
    if (maintMarginRatio <= 0n || maintMarginRatio * BigInt(leverage) >= RATE_ONE) {
      fail(`${at}.maintMarginRatio must be positive and below the initial margin rate 1/${leverage}`);
    }
    const cum =
      previous === undefined
        ? 0n
        : previous.cum +
          derivedCumStep(notionalFloor, maintMarginRatio - previous.maintMarginRatio, fail, at);
    if (tier.cum !== undefined && parseMoney(tier.cum) !== cum) {
      fail(
        `${at}.cum must be ${formatMoney(cum).replace(/\.?0+$/, '')} (cum of the tier before + floor × the ratio's increase)`,
      );
    }
    brackets.push({
      bracket: i + 1,
      initialLeverage: leverage,
      notionalFloor,
      notionalCap,
      maintMarginRatio,
      cum,
    });
  });
  return brackets;
}

/** floor × Δratio in money; exact, or the table is refused (a cum must not be rounded). */
function derivedCumStep(floor: Money, ratioIncrease: Rate, fail: (why: string) => never, at: string): Money {
  const product = floor * ratioIncrease;
  if (product % RATE_ONE !== 0n) fail(`${at}: floor × the ratio's increase must be a whole 10^-8 USDT`);
  return product / RATE_ONE;
}
