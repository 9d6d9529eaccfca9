// Listen keys as use cases (application/listenKeys), on the in-memory adapters with a clock the test moves.

import {
  accountOfListenKey,
  closeListenKey,
  extendActiveListenKey,
  LISTEN_KEY_LIFETIME_MS,
  openListenKey,
} from '../../application/listenKeys/listenKeys';
import { startMemoryExchange } from '../../local/memoryExchange';
import { codeOf } from './support/memory';

function exchangeAt(start: number) {
  let now = start;
  const exchange = startMemoryExchange({ clock: () => now });
  return { ctx: exchange.ctx, advance: (ms: number) => (now += ms) };
}

test('one key per account while it is valid: opening again extends it; PUT extends it; DELETE closes it', async () => {
  const { ctx, advance } = exchangeAt(Date.UTC(2026, 0, 5, 12));
  const first = await openListenKey(ctx, 1);
  expect(first.listenKey).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(await accountOfListenKey(ctx, first.listenKey)).toBe(1);
  advance(30 * 60_000);
  const again = await openListenKey(ctx, 1);
  expect(again.listenKey).toBe(first.listenKey);
  expect(again.expiresAt).toBe(first.expiresAt + 30 * 60);
  expect((await openListenKey(ctx, 2)).listenKey).not.toBe(first.listenKey);

  advance(50 * 60_000);
  expect((await extendActiveListenKey(ctx, 1)).listenKey).toBe(first.listenKey);
  await closeListenKey(ctx, 1);
  expect(await accountOfListenKey(ctx, first.listenKey)).toBeUndefined();
  expect(await codeOf(extendActiveListenKey(ctx, 1))).toBe(-1125);
});

test('a key not kept alive for 60 minutes is no more: not found, not extended; a new one is made', async () => {
  const { ctx, advance } = exchangeAt(Date.UTC(2026, 0, 5, 12));
  const key = await openListenKey(ctx, 7);
  advance(LISTEN_KEY_LIFETIME_MS);
  expect(await accountOfListenKey(ctx, key.listenKey)).toBeUndefined();
  expect(await codeOf(extendActiveListenKey(ctx, 7))).toBe(-1125);
  expect((await openListenKey(ctx, 7)).listenKey).not.toBe(key.listenKey);
});
