/**
 * Exact decimal strings ⇄ scaled integers. Prices, quantities and money cross the API as decimal strings
 * ("65000.10"); inside shardex they are integers of a known scale, so no binary fraction ever rounds a value.
 */

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Number of fractional digits a decimal string is written with, ignoring trailing zeros ("0.10" → 1). */
export function significantDecimals(text: string): number {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) throw new Error(`not a plain decimal: ${text}`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction.length;
}

/**
 * Parses a non-negative plain decimal ("12", "0.001", "65000.10") into an integer count of 10^-scale units.
 * Returns undefined if the text is not a plain decimal, or if it has non-zero digits beyond `scale`.
 */
export function parseScaled(text: string, scale: number): bigint | undefined {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) return undefined;
  const whole = match[1] as string;
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, scale);
  if (/[1-9]/.test(fraction.slice(scale))) return undefined;
  return BigInt(whole + kept.padEnd(scale, '0'));
}

/** Like parseScaled for signed values ("-12.5"). */
export function parseSignedScaled(text: string, scale: number): bigint | undefined {
  if (text.startsWith('-')) {
    const magnitude = parseScaled(text.slice(1), scale);
    return magnitude === undefined ? undefined : -magnitude;
  }
  return parseScaled(text, scale);
}

/**
 * Formats an integer count of 10^-scale units as a decimal string with exactly `fractionDigits` fractional
 * digits (default: the scale). Digits beyond fractionDigits must be zero; formatting never rounds.
 */
export function formatScaled(units: bigint, scale: number, fractionDigits = scale): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (fractionDigits < scale) {
    const dropped = 10n ** BigInt(scale - fractionDigits);
    if ((negative ? -units : units) % dropped !== 0n) {
      throw new Error(`formatting ${units}e-${scale} with ${fractionDigits} digits would round`);
    }
    digits = ((negative ? -units : units) / dropped).toString();
    scale = fractionDigits;
  }
  digits = digits.padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  if (fractionDigits > scale) fraction = fraction.padEnd(fractionDigits, '0');
  const body = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative && units !== 0n ? `-${body}` : body;
}

/** ⌈a / b⌉ for b > 0: BigInt division truncates toward zero, which is the ceiling only for negative a. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return a > 0n ? (a + b - 1n) / b : a / b;
}

/** ⌊a / b⌋ for b > 0. */
export function floorDiv(a: bigint, b: bigint): bigint {
  return a >= 0n ? a / b : -((-a + b - 1n) / b);
}

/**
 * ⌊a / b⌋ for safe non-negative integers, exactly: the floating-point quotient is corrected by its remainder, so
 * a quotient that rounds across an integer never gives the wrong answer.
 */
export function floorDivNumber(a: number, b: number): number {
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r < 0) q--;
  else if (r >= b) q++;
  return q;
}

/** ⌈a / b⌉ for safe non-negative integers, exactly. */
export function ceilDivNumber(a: number, b: number): number {
  const q = floorDivNumber(a, b);
  return q * b === a ? q : q + 1;
}

/**
 * a / b rounded to the nearest integer, halves away from zero (b ≠ 0). The one rounding of the futures
 * arithmetic (mark, premium, rates): symmetric, so a long and a short valued at the same price round alike.
 */
export function roundDiv(a: bigint, b: bigint): bigint {
  if (b < 0n) return roundDiv(-a, -b);
  const negative = a < 0n;
  const magnitude = negative ? -a : a;
  const q = (2n * magnitude + b) / (2n * b);
  return negative ? -q : q;
}
