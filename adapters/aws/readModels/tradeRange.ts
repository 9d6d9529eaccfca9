import type { TradeRange } from '../../../application/ports/tradeRange';

/** A time filter for the `time`-like attribute `name`, or nothing when the range has no time bound. */
export function timeFilter(
  range: TradeRange,
  name: string,
): { expression?: string; names: Record<string, string>; values: Record<string, number> } {
  const parts: string[] = [];
  const values: Record<string, number> = {};
  if (range.startTime !== undefined) {
    parts.push('#time >= :start');
    values[':start'] = range.startTime;
  }
  if (range.endTime !== undefined) {
    parts.push('#time <= :end');
    values[':end'] = range.endTime;
  }
  if (parts.length === 0) return { names: {}, values };
  return { expression: parts.join(' AND '), names: { '#time': name }, values };
}

/** A 16-digit id, so ids sort as strings the way they sort as numbers. */
export const paddedId = (id: number) => String(id).padStart(16, '0');
