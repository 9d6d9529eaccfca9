import type { UserTrade } from '../../core/projections/userTrades';
import type { TradeRange } from './tradeRange';

/** Each account's fills (GET /fapi/v1/userTrades), only ever read within one account. */
export interface UserTradeLog {
  /** A fill is written once; a second write of it is held back by its lastSeq (false). */
  put(fill: UserTrade): Promise<boolean>;
  /** A batch's fills at once (`guarded`: each unless stored already). */
  putMany(fills: readonly UserTrade[], guarded: boolean): Promise<void>;
  /** The account's fills in a symbol within the range, optionally of one order, oldest first. */
  range(
    accountId: number,
    symbol: string,
    range: TradeRange & { readonly orderId?: number },
  ): Promise<UserTrade[]>;
  /** Time of the account's newest fill in a symbol (a position's updateTime), or 0. */
  lastTime(accountId: number, symbol: string): Promise<number>;
}
