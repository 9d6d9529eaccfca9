import type { ListenKeyStore } from '../../../adapters/access/listenKeyStore';
import type { Connection } from '../../../adapters/connections/connectionStore';

/**
 * The connections of an account whose listen key is still valid, and those whose key expired (not kept alive
 * within 60 minutes, or deleted): as on Binance, those get one `listenKeyExpired` event and no more user data,
 * while their market streams go on. Each key is looked up once.
 */
export async function checkListenKeys(
  accountId: number,
  connections: readonly Connection[],
  listenKeys: Pick<ListenKeyStore, 'accountOf'>,
): Promise<{ live: Connection[]; expired: Connection[] }> {
  const keys = [...new Set(connections.map((c) => c.listenKey).filter((k): k is string => k !== undefined))];
  const valid = new Set<string>();
  await Promise.all(
    keys.map(async (key) => {
      if ((await listenKeys.accountOf(key)) === accountId) valid.add(key);
    }),
  );
  const live: Connection[] = [];
  const expired: Connection[] = [];
  for (const c of connections) (c.listenKey !== undefined && valid.has(c.listenKey) ? live : expired).push(c);
  return { live, expired };
}

export function listenKeyExpiredJson(listenKey: string | undefined, now: number) {
  return { e: 'listenKeyExpired', E: now, listenKey };
}
