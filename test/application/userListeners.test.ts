// The fan-out's memory of who listens to each account's user data (application/fanout/userListeners.ts): how
// long it trusts what it read, and what it never answers from memory.

import { MemoryConnectionStore } from '../../adapters/memory/connections';
import { MemoryListenKeyStore } from '../../adapters/memory/listenKeyStore';
import { CLOCK_MARGIN_MS, UserListeners } from '../../application/fanout/userListeners';
import type { Connection } from '../../application/ports/connections';

const TTL = 1_000;
/** Engine time of events long before any look-up. */
const EARLIER = 0;
const HOUR_S = 3_600;

function given() {
  let now = 1_000_000;
  const connections = new MemoryConnectionStore();
  const listenKeys = new MemoryListenKeyStore();
  let reads = 0;
  const counted = {
    ofAccount: (accountId: number) => {
      reads++;
      return connections.ofAccount(accountId);
    },
    unbind: (id: string) => connections.unbind(id),
  };
  const listeners = new UserListeners({ connections: counted, listenKeys, clock: () => now }, TTL, 2);
  const bind = async (
    connectionId: string,
    accountId: number,
    listenKey: string,
    expiresAt = now / 1000 + HOUR_S,
  ) => {
    await listenKeys.put({ listenKey, accountId, expiresAt });
    const connection: Connection = {
      connectionId,
      accountId,
      listenKey,
      combined: false,
      connectedAt: now,
      expiresAt: now / 1000 + 2 * HOUR_S,
    };
    await connections.open(connection);
  };
  return {
    listeners,
    connections,
    listenKeys,
    bind,
    reads: () => reads,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const ids = (found: { live: readonly Connection[]; expired: readonly Connection[] }) => ({
  live: found.live.map((c) => c.connectionId),
  expired: found.expired.map((c) => c.connectionId),
});

test('an account is read once per TTL, with or without listeners', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1');
  expect(ids(await t.listeners.of(1, EARLIER))).toEqual({ live: ['c1'], expired: [] });
  expect(ids(await t.listeners.of(2, EARLIER))).toEqual({ live: [], expired: [] });
  t.advance(TTL - 1);
  expect(ids(await t.listeners.of(1, EARLIER))).toEqual({ live: ['c1'], expired: [] });
  expect(ids(await t.listeners.of(2, EARLIER))).toEqual({ live: [], expired: [] });
  expect(t.reads()).toBe(2);
  t.advance(1);
  await t.listeners.of(1, EARLIER);
  expect(t.reads()).toBe(3);
});

test('an account without listeners is remembered so only for events before the look-up', async () => {
  const t = given();
  const lookedUpAt = 1_000_000;
  expect(ids(await t.listeners.of(1, lookedUpAt - CLOCK_MARGIN_MS - 1))).toEqual({ live: [], expired: [] });
  await t.bind('c1', 1, 'k1');
  // Events before the look-up: the connection was not open when they happened.
  expect(ids(await t.listeners.of(1, lookedUpAt - CLOCK_MARGIN_MS - 1))).toEqual({ live: [], expired: [] });
  expect(t.reads()).toBe(1);
  // Events at or after it (the trader connected, then traded): read again, found.
  expect(ids(await t.listeners.of(1, lookedUpAt))).toEqual({ live: ['c1'], expired: [] });
  expect(t.reads()).toBe(2);
});

test("a second connection of a listening account is found within the TTL's worth", async () => {
  const t = given();
  await t.bind('c1', 1, 'k1');
  await t.listeners.of(1, 1_000_000);
  await t.bind('c2', 1, 'k1');
  expect(ids(await t.listeners.of(1, 1_000_000))).toEqual({ live: ['c1'], expired: [] });
  t.advance(TTL);
  expect(ids(await t.listeners.of(1, 1_000_000 + TTL))).toEqual({ live: ['c1', 'c2'], expired: [] });
});

test('a key is never trusted past its expiry: the store decides, and only the store says expired', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1', 1_000_000 / 1000 + 0.5);
  expect(ids(await t.listeners.of(1, EARLIER))).toEqual({ live: ['c1'], expired: [] });
  t.advance(500);
  expect(ids(await t.listeners.of(1, EARLIER))).toEqual({ live: [], expired: ['c1'] });
  expect(t.reads()).toBe(2);
});

test('a key kept alive after it was read stays live when the remembered expiry passes', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1', 1_000_000 / 1000 + 0.5);
  await t.listeners.of(1, EARLIER);
  await t.listenKeys.extend(1, 'k1', 1_000_000 / 1000 + HOUR_S, 1_000);
  t.advance(500);
  expect(ids(await t.listeners.of(1, EARLIER))).toEqual({ live: ['c1'], expired: [] });
});

test('a forgotten connection gets nothing more from memory', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1');
  await t.bind('c2', 1, 'k1');
  await t.listeners.of(1, EARLIER);
  t.listeners.forget('c1');
  expect(ids(await t.listeners.of(1, EARLIER))).toEqual({ live: ['c2'], expired: [] });
});

test('memory is bounded: the account looked up longest ago goes first', async () => {
  const t = given();
  await t.listeners.of(1, EARLIER);
  await t.listeners.of(2, EARLIER);
  await t.listeners.of(3, EARLIER);
  expect(t.reads()).toBe(3);
  await t.listeners.of(3, EARLIER);
  await t.listeners.of(2, EARLIER);
  expect(t.reads()).toBe(3);
  await t.listeners.of(1, EARLIER);
  expect(t.reads()).toBe(4);
});
