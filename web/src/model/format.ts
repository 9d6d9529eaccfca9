import { type Decimal, dec, mul, parseDecimal, type Rounding, round, sign, toPlain } from './decimal';

/**
 * Numbers as the page shows them: from the API's decimal strings, rounded to the symbol's precision, grouped in
 * thousands. Nothing here goes through a JS number, so "0.1 + 0.2" problems cannot reach the screen.
 */

export interface FormatOptions {
  /** Thousands separators (default true). */
  readonly group?: boolean;
  /** Default halfUp; balances use 'down' so the page never shows more than there is. */
  readonly rounding?: Rounding;
  /** Prefix positive values with '+' (changes, PnL). */
  readonly signed?: boolean;
}

/** A decimal (or decimal string) with exactly `decimals` fractional digits: "64945.7" → "64,945.70". */
export function formatDecimal(
  value: Decimal | string,
  decimals: number,
  options: FormatOptions = {},
): string {
  const parsed = typeof value === 'string' ? parseDecimal(value) : value;
  if (parsed === undefined) return '—';
  const rounded = round(parsed, decimals, options.rounding ?? 'halfUp');
  let text = toPlain(rounded);
  if (text.startsWith('-') && sign(rounded) === 0) text = text.slice(1);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole = '0', fraction] = body.split('.');
  const grouped = options.group === false ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const signPart = negative ? '-' : options.signed && sign(rounded) > 0 ? '+' : '';
  return `${signPart}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A rate ("0.00010000") as a percentage with `decimals` digits: "0.0100%". */
export function formatRatePercent(
  rate: Decimal | string,
  decimals: number,
  options: FormatOptions = {},
): string {
  const parsed = typeof rate === 'string' ? parseDecimal(rate) : rate;
  if (parsed === undefined) return '—';
  return `${formatDecimal(mul(parsed, dec('100')), decimals, { group: false, ...options })}%`;
}

/** A percentage already in percent ("-0.037") with `decimals` digits and a sign: "-0.04%". */
export function formatPercent(percent: string, decimals: number): string {
  const parsed = parseDecimal(percent);
  if (parsed === undefined) return '—';
  return `${formatDecimal(parsed, decimals, { group: false, signed: true })}%`;
}

/** Milliseconds left as HH:MM:SS (never negative): the funding countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A time of day in the viewer's zone, HH:MM:SS. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A date and time in the viewer's zone, MM-DD HH:MM:SS (as exchange order tables show it). */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const date = [d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${date} ${formatClock(epochMs)}`;
}
