import type { Rejection } from '../../core/errors';
import { bucketOpen } from '../../core/projections/intervals';
import type { KlineSeries } from '../ports/marketData';
import type { TradeRange } from '../ports/tradeRange';
import { Rejected } from '../rejected';

/** The codes Binance answers history queries with when their optional parameters do not fit together. */
export const HistoryRejections = {
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
 * Binance's rules for history queries (fromId / startTime / endTime / limit), turned into the range the read
 * models answer. With fromId or startTime the answer starts there and runs forward; otherwise it is the newest
 * `limit` (before endTime, if given). Answers are always oldest first.
 */
export function historyRange(params: HistoryParams, rules: HistoryRules, now: number): TradeRange {
  const { fromId, startTime, endTime } = params;
  const limit = params.limit ?? rules.defaultLimit;
  const timed = startTime !== undefined || endTime !== undefined;
  if (fromId !== undefined && timed && !rules.fromIdWithTime)
    throw new Rejected(HistoryRejections.optionalParamsCombination);
  if (startTime !== undefined && endTime !== undefined) {
    if (startTime > endTime) throw new Rejected(HistoryRejections.startAfterEnd);
    if (rules.maxSpanMs !== undefined && endTime - startTime > rules.maxSpanMs)
      throw new Rejected(HistoryRejections.lookupTooLong(rules.maxSpanMs / 3_600_000));
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
 * A time-bounded trade range narrowed to the trade ids that can fall in it, so the read model reads a key range
 * instead of scanning the symbol's whole history; 'none' when no trade can be in it. The 1m candles bound the
 * ids: each knows its first and last trade id, so every trade at or after startTime has an id at least the first
 * id of the first candle from startTime's minute on, and every trade at or before endTime at most the last id of
 * the newest candle opening by endTime.
 */
export async function withTradeIds(
  klines: KlineSeries,
  symbol: string,
  range: TradeRange,
): Promise<TradeRange | 'none'> {
  const { startTime, endTime } = range;
  if (startTime === undefined && endTime === undefined) return range;
  let fromId = range.fromId ?? 0;
  let toId = range.toId ?? Number.MAX_SAFE_INTEGER;
  if (startTime !== undefined) {
    const [first] = await klines.range(symbol, '1m', {
      startTime: bucketOpen('1m', startTime),
      newest: false,
      limit: 1,
    });
    if (first === undefined) return 'none';
    fromId = Math.max(fromId, first.firstTradeId);
  }
  if (endTime !== undefined) {
    const [last] = await klines.range(symbol, '1m', { endTime, newest: true, limit: 1 });
    if (last === undefined) return 'none';
    toId = Math.min(toId, last.lastTradeId);
  }
  return { ...range, fromId, toId };
}
