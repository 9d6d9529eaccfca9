/**
 * Exact decimals for the page. The API sends prices, quantities and money as decimal strings ("64945.70"); the
 * page keeps those strings and, when it must compute (notional, PnL, spread, a filter check), reads them as
 * `units × 10^-scale` with a bigint `units`, so no value is ever a binary fraction. Plain functions over plain
 * data, like the exchange's own core/numbers.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/**
 * How a result with more digits than asked for is cut: toward zero (down), away from zero (up), toward −∞
 * (floor), toward +∞ (ceil), or to the nearest with halves away from zero (halfUp, the usual display rounding).
 */
export type Rounding = 'down' | 'up' | 'floor' | 'ceil' | 'halfUp';

const PLAIN = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** A plain decimal ("12", "-0.5", "65000.10", ".5") or undefined: no exponents, no grouping, no spaces. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = PLAIN.exec(text);
  if (m === null) return undefined;
  const sign = m[1] ?? m[4];
  const whole = m[2] ?? '0';
  const fraction = m[3] ?? m[5] ?? '';
  const units = BigInt(whole + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** parseDecimal for values the API guarantees to be decimals: a malformed one is a bug, not input. */
export function dec(text: string): Decimal {
  const value = parseDecimal(text);
  if (value === undefined) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  return value;
}

export function fromInteger(n: bigint | number): Decimal {
  return { units: BigInt(n), scale: 0 };
}

/** The same value written with `scale` digits, exactly; never fewer digits than it needs (use round for that). */
function widen(a: Decimal, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: widen(a, scale) + widen(b, scale), scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return add(a, neg(b));
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function neg(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function abs(a: Decimal): Decimal {
  return a.units < 0n ? neg(a) : a;
}

export function sign(a: Decimal): -1 | 0 | 1 {
  return a.units < 0n ? -1 : a.units > 0n ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a.units === 0n;
}

/** −1, 0 or 1 as a is less than, equal to or greater than b (exact, whatever the scales). */
export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = widen(a, scale);
  const y = widen(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function min(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) >= 0 ? a : b;
}

/** n / d rounded to `scale` fractional digits. */
function divideUnits(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) return divideUnits(-n, -d, rounding);
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n;
  switch (rounding) {
    case 'down':
      return q;
    case 'up':
      return negative ? q - 1n : q + 1n;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    case 'halfUp': {
      const twice = 2n * (negative ? -r : r);
      if (twice < d) return q;
      return negative ? q - 1n : q + 1n;
    }
  }
}

/** a rounded to `scale` fractional digits (more digits are added exactly). */
export function round(a: Decimal, scale: number, rounding: Rounding = 'halfUp'): Decimal {
  if (scale >= a.scale) return { units: widen(a, scale), scale };
  return { units: divideUnits(a.units, 10n ** BigInt(a.scale - scale), rounding), scale };
}

/** a / b with `scale` fractional digits, rounded as asked. */
export function div(a: Decimal, b: Decimal, scale: number, rounding: Rounding = 'halfUp'): Decimal {
  // a/b = (ua / 10^sa) / (ub / 10^sb); scaled by 10^scale: ua × 10^(scale + sb) / (ub × 10^sa).
  const numerator = a.units * 10n ** BigInt(scale + b.scale);
  const denominator = b.units * 10n ** BigInt(a.scale);
  return { units: divideUnits(numerator, denominator, rounding), scale };
}

/** Whether a is a whole multiple of step (step > 0): the tick and step size filters. */
export function isMultipleOf(a: Decimal, step: Decimal): boolean {
  const scale = Math.max(a.scale, step.scale);
  const s = widen(step, scale);
  if (s <= 0n) throw new RangeError('step must be positive');
  return widen(a, scale) % s === 0n;
}

/** a rounded to a whole multiple of step (step > 0), e.g. a price to the tick size. */
export function roundToStep(a: Decimal, step: Decimal, rounding: Rounding): Decimal {
  const scale = Math.max(a.scale, step.scale);
  const s = widen(step, scale);
  if (s <= 0n) throw new RangeError('step must be positive');
  return { units: divideUnits(widen(a, scale), s, rounding) * s, scale };
}

/** The plain text of a decimal with exactly its scale's digits: {units: 6494570n, scale: 2} → "64945.70". */
export function toPlain(a: Decimal): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const fraction = digits.slice(digits.length - a.scale);
  const body = a.scale > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${body}` : body;
}

/** The fewest digits that write the value exactly: "0.10" → 0.1, "5.000" → 5. */
export function normalize(a: Decimal): Decimal {
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

/** Fractional digits a step or tick size really has: "0.10" → 1, "0.001" → 3, "1" → 0. */
export function stepDecimals(step: string): number {
  return normalize(dec(step)).scale;
}

/**
 * How many parts in `of` a fraction is, as a whole number clamped to [0, of]: a depth bar's width as a
 * per-mille of the largest total, computed without a binary fraction.
 */
export function partsOf(part: Decimal, whole: Decimal, of: number): number {
  if (sign(whole) <= 0) return 0;
  const parts = div(mul(part, fromInteger(of)), whole, 0, 'halfUp').units;
  return Number(parts < 0n ? 0n : parts > BigInt(of) ? BigInt(of) : parts);
}
