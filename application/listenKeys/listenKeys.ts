import { randomBytes } from 'node:crypto';
import { Rejections } from '../../core/errors';
import type { Clock } from '../ports/clock';
import type { ListenKey, ListenKeyStore } from '../ports/listenKeyStore';
import { Rejected } from '../rejected';

/** Listen keys last 60 minutes from creation or the last keep-alive, as on Binance. */
export const LISTEN_KEY_LIFETIME_MS = 60 * 60_000;

interface ListenKeyContext {
  readonly listenKeys: ListenKeyStore;
  readonly clock: Clock;
}

/** The account's valid key, if it has one. */
export async function activeListenKey(ctx: ListenKeyContext, accountId: number): Promise<string | undefined> {
  const now = ctx.clock();
  return (await ctx.listenKeys.ofAccount(accountId)).find((key) => key.expiresAt * 1000 > now)?.listenKey;
}

/** POST /fapi/v1/listenKey: the account's valid key extended, or a new one (Binance keeps one key while valid). */
export async function openListenKey(ctx: ListenKeyContext, accountId: number): Promise<ListenKey> {
  const active = await activeListenKey(ctx, accountId);
  if (active !== undefined) {
    const extended = await keepAliveListenKey(ctx, accountId, active);
    if (extended !== undefined) return extended;
  }
  const key: ListenKey = {
    listenKey: randomBytes(48).toString('base64url').replace(/[-_]/g, '0').slice(0, 64),
    accountId,
    expiresAt: expiry(ctx.clock()),
  };
  await ctx.listenKeys.put(key);
  return key;
}

/** PUT: extends the key; undefined if it does not exist, expired, or is another account's. */
export async function keepAliveListenKey(
  ctx: ListenKeyContext,
  accountId: number,
  listenKey: string,
): Promise<ListenKey | undefined> {
  const now = ctx.clock();
  const expiresAt = expiry(now);
  const extended = await ctx.listenKeys.extend(accountId, listenKey, expiresAt, Math.floor(now / 1000));
  return extended ? { listenKey, accountId, expiresAt } : undefined;
}

/** DELETE: closes the account's valid key, if it has one. */
export async function closeListenKey(ctx: ListenKeyContext, accountId: number): Promise<void> {
  const key = await activeListenKey(ctx, accountId);
  if (key !== undefined) await ctx.listenKeys.delete(accountId, key);
}

/** The account a valid key belongs to (a WebSocket connection binds its user data to it), or undefined. */
export async function accountOfListenKey(
  ctx: ListenKeyContext,
  listenKey: string,
): Promise<number | undefined> {
  const key = await ctx.listenKeys.find(listenKey);
  if (key === undefined || key.expiresAt * 1000 <= ctx.clock()) return undefined;
  return key.accountId;
}

/** Epoch seconds, as storage TTLs want. */
function expiry(now: number): number {
  return Math.ceil((now + LISTEN_KEY_LIFETIME_MS) / 1000);
}

/** PUT /fapi/v1/listenKey: extends the account's valid key; -1125 if it has none. */
export async function extendActiveListenKey(ctx: ListenKeyContext, accountId: number): Promise<ListenKey> {
  const key = await activeListenKey(ctx, accountId);
  const extended = key === undefined ? undefined : await keepAliveListenKey(ctx, accountId, key);
  if (extended === undefined) throw new Rejected(Rejections.invalidListenKey);
  return extended;
}
