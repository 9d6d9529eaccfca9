/**
 * Which stored trades (or aggregates, or fills) a history query wants: a trade id range and a time range, read
 * oldest first from the lower end or newest first from the upper end, at most `limit`. The queries turn
 * Binance's fromId/startTime/endTime rules into this (application/queries/historyRange.ts).
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
