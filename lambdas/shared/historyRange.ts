import type { TradeRange } from '../../adapters/readModels/tradeRange';
import type { Rejection } from '../../core/errors';
import { ApiError } from './apiError';
import type { Deps } from './deps';
import { readSideOf } from './readSide';

/** The codes Binance answers history queries with when their optional parameters do not fit together. */
export const Rejected = {
  startAfterEnd: { code: -1023, msg: 'Start time is greater than end time.' },
  optionalParamsCombination: { code: -1128, msg: 'Combination of optional parameters invalid.' },
  lookupTooLong: (hours: number): Rejection => ({
    code: -1127,
    msg: `More than ${hours} hours between startTime and endTime.`,
  }),
} as const;

export interface HistoryParams {
  readonly fromId?: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit?: number;
}

export interface HistoryRules {
  readonly defaultLimit: number;
  /** Longest allowed startTime..endTime span. */
  readonly maxSpanMs?: number;
  /** When neither time is sent, only this far back from now (userTrades: the last 7 days). */
  readonly defaultLookbackMs?: number;
  /** Is fromId allowed together with a time? (Binance: not for userTrades and aggTrades.) */
  readonly fromIdWithTime: boolean;
}

/**
 * Binance's rules for history queries (fromId / startTime / endTime / limit), turned into the range the tables
 * answer. With fromId or startTime the answer starts there and runs forward; otherwise it is the newest `limit`
 * (before endTime, if given). Answers are always oldest first.
 */
export function historyRange(params: HistoryParams, rules: HistoryRules, now: number): TradeRange {
  const { fromId, startTime, endTime } = params;
  const limit = params.limit ?? rules.defaultLimit;
  const timed = startTime !== undefined || endTime !== undefined;
  if (fromId !== undefined && timed && !rules.fromIdWithTime)
    throw ApiError.of(Rejected.optionalParamsCombination);
  if (startTime !== undefined && endTime !== undefined) {
    if (startTime > endTime) throw ApiError.of(Rejected.startAfterEnd);
    if (rules.maxSpanMs !== undefined && endTime - startTime > rules.maxSpanMs)
      throw ApiError.of(Rejected.lookupTooLong(rules.maxSpanMs / 3_600_000));
  }
  if (fromId !== undefined) return { fromId, startTime, endTime, newest: false, limit };
  if (startTime !== undefined) {
    const span = rules.maxSpanMs;
    return {
      startTime,
      endTime: endTime ?? (span === undefined ? undefined : startTime + span),
      newest: false,
      limit,
    };
  }
  if (endTime !== undefined) {
    const span = rules.maxSpanMs;
    return { startTime: span === undefined ? undefined : endTime - span, endTime, newest: true, limit };
  }
  const lookback = rules.defaultLookbackMs;
  return { startTime: lookback === undefined ? undefined : now - lookback, newest: true, limit };
}

/**
 * A time-bounded trade range narrowed to the trade ids that can fall in it (from the 1m candles), so the table
 * reads a key range instead of scanning the symbol's whole history; 'none' when no trade can be in it.
 */
export async function withTradeIds(
  deps: Deps,
  symbol: string,
  range: TradeRange,
): Promise<TradeRange | 'none'> {
  if (range.startTime === undefined && range.endTime === undefined) return range;
  const bounds = await readSideOf(deps).klines.tradeIdBounds(symbol, range.startTime, range.endTime);
  if (bounds === 'none') return 'none';
  return {
    ...range,
    fromId: Math.max(range.fromId ?? 0, bounds.fromId ?? 0),
    toId: Math.min(range.toId ?? Number.MAX_SAFE_INTEGER, bounds.toId ?? Number.MAX_SAFE_INTEGER),
  };
}
