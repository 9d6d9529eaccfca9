import type { Clock } from '../ports/clock';
import type { Connection } from '../ports/connections';
import type { ListenKeyStore } from '../ports/listenKeyStore';

/**
 * The connections of an account whose listen key is still valid, and those whose key expired (not kept alive
 * within 60 minutes, or deleted): as on Binance, those get one `listenKeyExpired` event and no more user data,
 * while their market streams go on. Each key is looked up once; `validUntil` is the earliest expiry (epoch ms) of
 * the live connections' keys (infinite without any).
 */
export async function checkListenKeys(
  accountId: number,
  connections: readonly Connection[],
  ctx: { readonly listenKeys: ListenKeyStore; readonly clock: Clock },
): Promise<{ live: Connection[]; expired: Connection[]; validUntil: number }> {
  const keys = [...new Set(connections.map((c) => c.listenKey).filter((k): k is string => k !== undefined))];
  const now = ctx.clock();
  const valid = new Map<string, number>();
  await Promise.all(
    keys.map(async (key) => {
      const found = await ctx.listenKeys.find(key);
      // As accountOfListenKey judges it: the account's own key, not expired.
      if (found !== undefined && found.accountId === accountId && found.expiresAt * 1000 > now)
        valid.set(key, found.expiresAt * 1000);
    }),
  );
  const live: Connection[] = [];
  const expired: Connection[] = [];
  for (const c of connections) (c.listenKey !== undefined && valid.has(c.listenKey) ? live : expired).push(c);
  const validUntil = Math.min(Number.POSITIVE_INFINITY, ...live.map((c) => valid.get(c.listenKey!)!));
  return { live, expired, validUntil };
}
