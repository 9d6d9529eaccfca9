import { randomBytes } from 'node:crypto';
import type { ApiKey, ApiKeyStore, ApiKeySummary, Permission } from '../ports/apiKeyStore';
import type { Clock } from '../ports/clock';
import type { Accounts } from './accounts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 64 characters from a CSPRNG, like Binance's keys and secrets (≈ 381 bits). */
function randomToken(length = 64): string {
  const bytes = randomBytes(length * 2);
  let token = '';
  for (let i = 0; token.length < length; i++) {
    const byte = bytes[i]!;
    if (byte < 248) token += ALPHANUMERIC[byte % 62]; // 248 = 4 × 62: no modulo bias
  }
  return token;
}

interface KeyContext {
  readonly apiKeys: ApiKeyStore;
  readonly accounts: Accounts;
  readonly clock: Clock;
}

/** Creates a key for an existing account. The secret is in the result and nowhere else readable afterwards. */
export async function createApiKey(
  ctx: KeyContext,
  accountId: number,
  permissions: readonly Permission[],
  label: string,
): Promise<ApiKey> {
  if ((await ctx.accounts.load(accountId)) === undefined)
    throw new Error(`account ${accountId} does not exist`);
  const key: ApiKey = {
    apiKey: randomToken(),
    accountId,
    secret: randomToken(),
    permissions: [...permissions].sort(),
    status: 'ACTIVE',
    label,
    createdAt: ctx.clock(),
  };
  await ctx.apiKeys.add(key);
  return key;
}

export function revokeApiKey(ctx: Pick<KeyContext, 'apiKeys'>, apiKey: string): Promise<boolean> {
  return ctx.apiKeys.revoke(apiKey);
}

export function listApiKeys(ctx: Pick<KeyContext, 'apiKeys'>, accountId: number): Promise<ApiKeySummary[]> {
  return ctx.apiKeys.listForAccount(accountId);
}
