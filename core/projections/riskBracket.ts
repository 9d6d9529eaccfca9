import { type Rejection, Rejections } from '../errors';
import { ceilDiv, formatScaled } from '../numbers/decimal';
import { MONEY_DECIMALS, type Money, RATE_DECIMALS, RATE_ONE } from '../numbers/money';
import type { Side } from '../orders/order';
import type { Bracket } from '../symbol/futuresTerms';
import { LEGACY_NOTIONAL_LIMIT } from '../symbol/futuresTerms';
import type { Instrument } from '../symbol/instrument';
import { notionalAt, type ValuationPrice } from '../symbol/valuation';

/**
 * Tiered risk brackets (Binance's "leverage and margin tiers"): the larger a position's notional, the higher its
 * maintenance margin ratio and the lower the leverage it may use. The table is the symbol's (SymbolSpec
 * leverageBrackets, compiled in core/symbol/futuresTerms.ts); a spec without one has a single tier.
 */

const USDT = 10n ** BigInt(MONEY_DECIMALS);

/** A bracket as GET /fapi/v1/leverageBracket shows it: Binance sends these as JSON numbers. */
export interface LeverageBracket {
  readonly bracket: number;
  readonly initialLeverage: number;
  readonly notionalCap: number;
  readonly notionalFloor: number;
  readonly maintMarginRatio: number;
  readonly cum: number;
}

/**
 * The symbol's tiers as GET /fapi/v1/leverageBracket shows them. A spec without a table is enforced by the flat
 * rule (maxNotional: 50,000,000 USDT ÷ leverage) with one maintenance ratio, so it is published as the ladder that
 * rule is: one tier per leverage from the maximum down to 1, each capped at the rule's notional for it, the ratio
 * the same throughout (cum 0). A client that reads the tiers (ccxt's fetchLeverageTiers) then finds the limit the
 * exchange applies, where the single tier it had said 50,000,000 ÷ max leverage at any leverage.
 */
export function leverageBrackets(instrument: Instrument): LeverageBracket[] {
  const brackets = instrument.futures.legacyBrackets
    ? legacyLadder(instrument.futures.brackets[0]!)
    : instrument.futures.brackets;
  return brackets.map((b) => ({
    bracket: b.bracket,
    initialLeverage: b.initialLeverage,
    notionalCap: Number(formatScaled(b.notionalCap, MONEY_DECIMALS)),
    notionalFloor: Number(formatScaled(b.notionalFloor, MONEY_DECIMALS)),
    maintMarginRatio: Number(formatScaled(b.maintMarginRatio, RATE_DECIMALS)),
    cum: Number(formatScaled(b.cum, MONEY_DECIMALS)),
  }));
}

/** The flat rule's tiers: leverage L allows 50,000,000 ÷ L USDT, from the single tier's leverage down to 1. */
function legacyLadder(single: Bracket): Bracket[] {
  const ladder: Bracket[] = [];
  let floor = 0n;
  for (let leverage = single.initialLeverage; leverage >= 1; leverage--) {
    const cap = BigInt(Math.floor(LEGACY_NOTIONAL_LIMIT / leverage)) * USDT;
    if (cap <= floor) continue;
    ladder.push({
      ...single,
      bracket: ladder.length + 1,
      initialLeverage: leverage,
      notionalFloor: floor,
      notionalCap: cap,
    });
    floor = cap;
  }
  return ladder;
}

/**
 * The tier a position notional falls in: floor < notional ≤ cap (Binance: "0 < Position ≤ 50,000"); a flat
 * position is in the first, a notional beyond the last cap in the last.
 */
export function bracketOf(instrument: Instrument, notional: Money): Bracket {
  const brackets = instrument.futures.brackets;
  for (const bracket of brackets) if (notional <= bracket.notionalCap) return bracket;
  return brackets[brackets.length - 1]!;
}

/**
 * Maintenance margin of a position notional, by its tier: notional × ratio − cum (Binance's maintenance amount),
 * the product rounded up to 10^-8 USDT (never under-stated). cum makes it continuous across tiers.
 */
export function maintenanceMargin(instrument: Instrument, notional: Money): Money {
  if (notional <= 0n) return 0n;
  const bracket = bracketOf(instrument, notional);
  return ceilDiv(notional * bracket.maintMarginRatio, RATE_ONE) - bracket.cum;
}

/**
 * The largest position notional a leverage allows, in money: the cap of the last tier whose initialLeverage is
 * at least the leverage (Binance's maxNotionalValue, what POST /fapi/v1/leverage answers). A spec without
 * brackets keeps the flat rule it had, 50,000,000 USDT ÷ leverage. Undefined above the symbol's max leverage.
 */
export function maxNotional(instrument: Instrument, leverage: number): Money | undefined {
  const futures = instrument.futures;
  if (!Number.isInteger(leverage) || leverage < 1 || leverage > instrument.spec.maxLeverage) return undefined;
  if (futures.legacyBrackets) return BigInt(Math.floor(LEGACY_NOTIONAL_LIMIT / leverage)) * USDT;
  let cap: Money | undefined;
  for (const bracket of futures.brackets) if (bracket.initialLeverage >= leverage) cap = bracket.notionalCap;
  return cap;
}

/** maxNotional as Binance prints maxNotionalValue: USDT, no trailing zeros ("2500000"); "0" above max leverage. */
export function maxNotionalValue(instrument: Instrument, leverage: number): string {
  const cap = maxNotional(instrument, leverage);
  return cap === undefined ? '0' : formatScaled(cap, MONEY_DECIMALS).replace(/\.?0+$/, '');
}

/** What an account holds and has open in one symbol, in lots. */
export interface Exposure {
  /** Signed position size. */
  readonly positionSize: number;
  /** Open (unfilled) lots of the account's resting orders on each side. */
  readonly openBuyLots: number;
  readonly openSellLots: number;
}

/**
 * The notional the account would hold if a new order and all its open orders on the same side filled:
 * |position + buys| for a buy, |position − sells| for a sell, at `price` (the order's limit price in ticks, or the
 * mark for a MARKET order). Orders on the other side are not counted: they can only reduce this one.
 */
export function notionalIfFilled(
  instrument: Instrument,
  exposure: Exposure,
  side: Side,
  lots: number,
  price: ValuationPrice,
): Money {
  const size =
    side === 'BUY'
      ? exposure.positionSize + exposure.openBuyLots + lots
      : exposure.positionSize - exposure.openSellLots - lots;
  return notionalAt(instrument, price, Math.abs(size), 'up');
}

/**
 * -2027: a position or order that would take the account's notional in the symbol past what its chosen leverage
 * allows (the cap of the leverage's tier). Pure, for ingress to call with notionalIfFilled.
 */
export function checkNotionalCap(
  instrument: Instrument,
  leverage: number,
  notional: Money,
): Rejection | undefined {
  const cap = maxNotional(instrument, leverage);
  return cap === undefined || notional > cap ? Rejections.maxNotionalExceeded : undefined;
}

/** Maintenance ratio of the legacy single tier, in basis points (exchangeInfo's maintMarginPercent). */
export { legacyMaintenanceBasisPoints as maintenanceBasisPoints } from '../symbol/futuresTerms';
