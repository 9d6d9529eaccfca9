import type { AccountState } from '../../core/accounts/account';
import { deposit, withdraw } from '../../core/accounts/decideAccount';
import { type Money, parseMoney } from '../../core/numbers/money';
import type { IngressContext } from '../context';
import { marksFor } from './markPrices';

/** USDT moving into or out of an account: a decimal text with at most 8 decimals, and the operator's note. */
export interface Transfer {
  readonly accountId: number;
  readonly amount: string;
  readonly reference: string;
}

/** An operator's deposit into an account. */
export async function depositCollateral(ctx: IngressContext, transfer: Transfer): Promise<AccountState> {
  const { accountId, reference } = transfer;
  const money = positiveAmount(transfer.amount);
  const outcome = await ctx.accounts.decide(accountId, (state) =>
    deposit(state, money, reference, ctx.clock()),
  );
  if (!outcome.ok) throw new Error(`deposit refused: ${outcome.rejection.msg}`);
  return outcome.state;
}

/** An operator's withdrawal: only what is available (not backing positions or open orders) may leave. */
export async function withdrawCollateral(ctx: IngressContext, transfer: Transfer): Promise<AccountState> {
  const { accountId, reference } = transfer;
  const money = positiveAmount(transfer.amount);
  const current = await ctx.accounts.load(accountId);
  const marks = await marksFor(ctx, Object.keys(current?.positions ?? {}));
  const outcome = await ctx.accounts.decide(accountId, (state) =>
    withdraw(
      state,
      money,
      reference,
      { get: (s) => marks.instruments.get(s) },
      (s) => marks.last.get(s),
      ctx.clock(),
    ),
  );
  if (!outcome.ok) throw new Error(`withdrawal refused: ${outcome.rejection.msg}`);
  return outcome.state;
}

function positiveAmount(text: string): Money {
  const amount = parseMoney(text);
  if (amount === undefined || amount <= 0n)
    throw new Error(`not a positive USDT amount with at most 8 decimals: ${text}`);
  return amount;
}
