import type { Accounts } from './accounts';

/** Opens a new account with the next free id and returns the id. */
export async function openAccount(ctx: { readonly accounts: Accounts }): Promise<number> {
  const accountId = await ctx.accounts.store.nextAccountId();
  if (!(await ctx.accounts.open(accountId))) throw new Error(`account ${accountId} exists already`);
  return accountId;
}
