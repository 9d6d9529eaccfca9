import { accountOfListenKey } from '../listenKeys/listenKeys';
import type { Clock } from '../ports/clock';
import type { Connection } from '../ports/connections';
import type { ListenKeyStore } from '../ports/listenKeyStore';

/**
 * The connections of an account whose listen key is still valid, and those whose key expired (not kept alive
 * within 60 minutes, or deleted): as on Binance, those get one `listenKeyExpired` event and no more user data,
 * while their market streams go on. Each key is looked up once.
 */
export async function checkListenKeys(
  accountId: number,
  connections: readonly Connection[],
  ctx: { readonly listenKeys: ListenKeyStore; readonly clock: Clock },
): Promise<{ live: Connection[]; expired: Connection[] }> {
  const keys = [...new Set(connections.map((c) => c.listenKey).filter((k): k is string => k !== undefined))];
  const valid = new Set<string>();
  await Promise.all(
    keys.map(async (key) => {
      if ((await accountOfListenKey(ctx, key)) === accountId) valid.add(key);
    }),
  );
  const live: Connection[] = [];
  const expired: Connection[] = [];
  for (const c of connections) (c.listenKey !== undefined && valid.has(c.listenKey) ? live : expired).push(c);
  return { live, expired };
}
