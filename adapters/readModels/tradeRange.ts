/**
 * Which stored trades (or aggregates, or fills) a history query wants: a trade id range and a time range, read
 * oldest first from the lower end or newest first from the upper end, at most `limit`. Routes turn Binance's
 * fromId/startTime/endTime rules into this; the tables answer it with one key range and a time filter.
 */
export interface TradeRange {
  readonly fromId?: number;
  readonly toId?: number;
  readonly startTime?: number;
  readonly endTime?: number;
  /** Take the newest `limit` in range (answered oldest first all the same). */
  readonly newest: boolean;
  readonly limit: number;
}

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
