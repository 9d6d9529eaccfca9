import { type LedgerEntry, ledgerOf } from '../../core/accounts/ledger';
import { Rejections } from '../../core/errors';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { UnknownAccount } from '../ports/accountStore';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { HistoryRejections } from './historyRange';
import { WEEK_MS } from './orders';

/** Binance's income types: shardex records four of them; asking for another is valid and finds nothing. */
export const BINANCE_INCOME_TYPES = [
  'TRANSFER',
  'WELCOME_BONUS',
  'REALIZED_PNL',
  'FUNDING_FEE',
  'COMMISSION',
  'INSURANCE_CLEAR',
  'REFERRAL_KICKBACK',
  'COMMISSION_REBATE',
  'API_REBATE',
  'CONTEST_REWARD',
  'CROSS_COLLATERAL_TRANSFER',
  'OPTIONS_PREMIUM_FEE',
  'OPTIONS_SETTLE_PROFIT',
  'INTERNAL_TRANSFER',
  'AUTO_EXCHANGE',
  'DELIVERED_SETTELMENT',
  'COIN_SWAP_DEPOSIT',
  'COIN_SWAP_WITHDRAW',
  'POSITION_LIMIT_INCREASE_FEE',
  'STRATEGY_UMFUTURES_TRANSFER',
  'FEE_RETURN',
  'BFUSD_REWARD',
] as const;

export interface IncomeParams {
  readonly symbol?: string;
  readonly incomeType?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly page?: number;
  readonly limit?: number;
}

export const INCOME_DEFAULT_LIMIT = 100;

/**
 * GET /fapi/v1/income: the caller's own ledger (core/accounts/ledger.ts), filtered as Binance filters it: by
 * symbol and income type; times inclusive, and without either, the last 7 days; oldest first, `limit` (default
 * 100, at most 1000) per `page` (from 1). Binance keeps three months; shardex keeps the account's whole history.
 */
export async function incomeHistory(
  ctx: IngressContext,
  caller: Caller,
  p: IncomeParams,
): Promise<LedgerEntry[]> {
  if (p.symbol !== undefined) await listedSymbol(ctx, p.symbol);
  if (p.startTime !== undefined && p.endTime !== undefined && p.startTime > p.endTime)
    throw new Rejected(HistoryRejections.startAfterEnd);
  const from = p.startTime ?? (p.endTime === undefined ? ctx.clock() - WEEK_MS : 0);
  const to = p.endTime ?? Number.MAX_SAFE_INTEGER;
  const limit = p.limit ?? INCOME_DEFAULT_LIMIT;
  const skip = ((p.page ?? 1) - 1) * limit;
  const history = await ctx.accounts.store.history(caller.accountId);
  if (history.length === 0) throw new Rejected(Rejections.rejectedMbxKey);
  return ledgerOf(history)
    .filter(
      (e) =>
        (p.symbol === undefined || e.symbol === p.symbol) &&
        (p.incomeType === undefined || e.incomeType === p.incomeType) &&
        e.time >= from &&
        e.time <= to,
    )
    .sort((a, b) => a.time - b.time || a.tranId - b.tranId)
    .slice(skip, skip + limit);
}

/** The whole ledger of one account, for operators (admin `ledger`); unknown accounts throw. */
export async function accountLedger(
  ctx: Pick<IngressContext, 'accounts'>,
  accountId: number,
): Promise<LedgerEntry[]> {
  const history = await ctx.accounts.store.history(accountId);
  if (history.length === 0) throw new UnknownAccount(accountId);
  return ledgerOf(history);
}
