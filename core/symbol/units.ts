import { type Rejection, Rejections } from '../errors';
import { formatScaled, parseScaled } from '../numbers/decimal';
import type { Instrument } from './instrument';

/**
 * Decimal strings at the edge ⇄ ticks and lots inside. Parsing rejects with the contract's codes: too many
 * fractional digits is -1111, a value between ticks is -4014, between steps -4023.
 */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rejection: Rejection };

const PLAIN = /^\d+(\.\d+)?$/;

export function parsePriceTicks(instrument: Instrument, text: string): Parsed<number> {
  if (text.startsWith('-')) return fail(Rejections.priceLessThanZero);
  if (!PLAIN.test(text)) return fail({ code: -1100, msg: "Illegal characters found in parameter 'price'." });
  const units = parseScaled(text, instrument.spec.pricePrecision);
  if (units === undefined) return fail(Rejections.badPrecision);
  const tickUnits =
    instrument.tickUnits * 10n ** BigInt(instrument.spec.pricePrecision - instrument.tickDecimals);
  if (units % tickUnits !== 0n) return fail(Rejections.priceNotOnTick);
  return toSafe(units / tickUnits, Rejections.priceAboveMax);
}

export function parseQuantityLots(instrument: Instrument, text: string): Parsed<number> {
  if (text.startsWith('-')) return fail(Rejections.quantityNotPositive);
  if (!PLAIN.test(text))
    return fail({ code: -1100, msg: "Illegal characters found in parameter 'quantity'." });
  const units = parseScaled(text, instrument.spec.quantityPrecision);
  if (units === undefined) return fail(Rejections.badPrecision);
  const stepUnits =
    instrument.stepUnits * 10n ** BigInt(instrument.spec.quantityPrecision - instrument.stepDecimals);
  if (units % stepUnits !== 0n) return fail(Rejections.quantityNotOnStep);
  return toSafe(units / stepUnits, Rejections.quantityAboveMax);
}

/** A price in ticks as Binance prints it: pricePrecision fractional digits ("65000.10"). */
export function formatPrice(instrument: Instrument, ticks: number): string {
  return formatScaled(
    BigInt(ticks) * instrument.tickUnits,
    instrument.tickDecimals,
    instrument.spec.pricePrecision,
  );
}

/** A quantity in lots as Binance prints it: quantityPrecision fractional digits ("0.010"). */
export function formatQuantity(instrument: Instrument, lots: number): string {
  return formatScaled(
    BigInt(lots) * instrument.stepUnits,
    instrument.stepDecimals,
    instrument.spec.quantityPrecision,
  );
}

function toSafe(value: bigint, tooLarge: Rejection): Parsed<number> {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? fail(tooLarge) : { ok: true, value: Number(value) };
}

function fail<T>(rejection: Rejection): Parsed<T> {
  return { ok: false, rejection };
}
