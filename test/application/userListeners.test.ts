// The fan-out's memory of who listens to each account's user data (application/fanout/userListeners.ts) and the
// listener change log that tells it what changed (application/fanout/listenerMemory.ts): what it reads, when it
// reads again, and what it never answers from memory.

import {
  MemoryConnectionStore,
  MemoryListenerChanges,
  MemorySubscriptionStore,
} from '../../adapters/memory/connections';
import { MemoryListenKeyStore } from '../../adapters/memory/listenKeyStore';
import {
  CLOCK_MARGIN_MS,
  INDEX_SETTLE_MS,
  LISTENER_CHANGES_TRUSTED_MS,
  ListenerChangeFeed,
} from '../../application/fanout/listenerMemory';
import { MarketSubscribers } from '../../application/fanout/marketSubscribers';
import { UserListeners } from '../../application/fanout/userListeners';
import { type Connection, LISTENER_CHANGE_LATE_MS } from '../../application/ports/connections';

const TTL = 1_000;
const HOUR_S = 3_600;

function given() {
  let now = 1_000_000;
  const clock = () => now;
  const log = new MemoryListenerChanges(clock);
  const connections = new MemoryConnectionStore(log);
  const subscriptions = new MemorySubscriptionStore(log);
  const listenKeys = new MemoryListenKeyStore(log);
  let reads = 0;
  let logReads = 0;
  /** Connections the byAccount index does not show yet (it lags the table). */
  const lagging = new Set<string>();
  const counted = {
    ofAccount: async (accountId: number) => {
      reads++;
      return (await connections.ofAccount(accountId)).filter((c) => !lagging.has(c.connectionId));
    },
    unbind: (id: string) => connections.unbind(id),
  };
  const listenerChanges = {
    since: (at: number) => {
      logReads++;
      return log.since(at);
    },
  };
  const listeners = new UserListeners({ connections: counted, listenKeys, clock }, TTL, 2);
  const market = new MarketSubscribers({ subscriptions, clock });
  const feed = new ListenerChangeFeed(
    { listenerChanges, clock },
    { accounts: listeners.memory, symbols: market.memory },
  );
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
    listenKeys,
    bind,
    lagging,
    /** A run whose last event happened `ago` ms before now: the log is looked up first, as the fan-out does. */
    run: async (accountId: number, ago = 0) => {
      await feed.lookUp(now - ago);
      return ids(await listeners.of(accountId));
    },
    lookUp: (eventsUpTo: number, deliveredAt?: number) => feed.lookUp(eventsUpTo, deliveredAt),
    reads: () => reads,
    logReads: () => logReads,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const ids = (found: { live: readonly Connection[]; expired: readonly Connection[] }) => ({
  live: found.live.map((c) => c.connectionId),
  expired: found.expired.map((c) => c.connectionId),
});
const NONE = { live: [], expired: [] };

test('an account without listeners is read once, then costs no read in any later run, however recent its events', async () => {
  const t = given();
  expect(await t.run(1)).toEqual(NONE);
  for (let i = 0; i < 5; i++) {
    t.advance(200);
    expect(await t.run(1)).toEqual(NONE);
  }
  expect(t.reads()).toBe(1);
  // One look-up of the log per run, for every account at once.
  expect(t.logReads()).toBe(6);
});

test('a trader who connects and then trades is read again at once, and gets that trade', async () => {
  const t = given();
  expect(await t.run(1)).toEqual(NONE);
  t.advance(50);
  // Given the connection is written before the trade happens
  await t.bind('c1', 1, 'k1');
  t.advance(1);
  // When the run with the trade reaches the fan-out
  // Then the log look-up made for it names the account, which is read again
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  expect(t.reads()).toBe(2);
});

test('a binding whose write landed after a look-up, stamped before it, is in the next look-up', async () => {
  const t = given();
  expect(await t.run(1)).toEqual(NONE);
  t.advance(5_000);
  await t.run(2);
  // Given a connection stamped half a second before that look-up, whose write was slow to land
  t.advance(-(LISTENER_CHANGE_LATE_MS / 2));
  await t.bind('c1', 1, 'k1');
  t.advance(LISTENER_CHANGE_LATE_MS / 2 + 10);
  // Then the next run still finds it
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
});

test('a read the connections index may not have caught up with serves its run only; the next run reads again', async () => {
  const t = given();
  await t.run(1);
  t.advance(INDEX_SETTLE_MS * 2);
  // Given the account binds, and the index does not show the connection yet
  await t.bind('c1', 1, 'k1');
  t.lagging.add('c1');
  // When the next run reads the account
  expect(await t.run(1)).toEqual(NONE);
  // Then that empty answer is not remembered: once the index shows the connection, the next run finds it
  t.lagging.delete('c1');
  t.advance(10);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  expect(t.reads()).toBe(3);
});

test('a run whose events happened before the last look-up looks nothing up', async () => {
  const t = given();
  await t.lookUp(t.now());
  t.advance(500);
  await t.lookUp(t.now() - 500 - CLOCK_MARGIN_MS - 1);
  expect(t.logReads()).toBe(1);
  await t.lookUp(t.now() - 500 - CLOCK_MARGIN_MS);
  expect(t.logReads()).toBe(2);
});

test('the runs of one delivery share one look-up, however recent their events; the next delivery looks up again', async () => {
  const t = given();
  const deliveredAt = t.now();
  // The delivery's runs: events a few milliseconds old, well within the clocks' margin of any look-up.
  t.advance(1);
  await t.lookUp(deliveredAt - 5, deliveredAt);
  t.advance(3);
  await t.lookUp(deliveredAt - 2, deliveredAt);
  await t.lookUp(deliveredAt - 1, deliveredAt);
  expect(t.logReads()).toBe(1);
  // A later delivery (events as recent) was not covered by that look-up.
  t.advance(1);
  await t.lookUp(t.now() - 2, t.now());
  expect(t.logReads()).toBe(2);
});

test('a trader who connects and then trades is seen in a delivery whose runs share one look-up', async () => {
  const t = given();
  const deliveredBefore = t.now();
  t.advance(1);
  await t.lookUp(t.now() - 1, deliveredBefore);
  await t.bind('c1', 7, 'key-7');
  t.advance(2);
  // The trade came after the binding, so its delivery came after the last look-up began: it is looked up again.
  const deliveredAt = t.now();
  t.advance(1);
  await t.lookUp(deliveredAt - 1, deliveredAt);
  expect(t.logReads()).toBe(2);
  expect(ids(await t.listeners.of(7))).toEqual({ live: ['c1'], expired: [] });
});

test('a listening account is read once per TTL', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1');
  t.advance(INDEX_SETTLE_MS * 2);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  t.advance(TTL - 1);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  expect(t.reads()).toBe(1);
  t.advance(1);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  expect(t.reads()).toBe(2);
});

test('a second connection of a listening account gets user data from the next run on', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1');
  t.advance(INDEX_SETTLE_MS * 2);
  await t.run(1);
  await t.bind('c2', 1, 'k1');
  t.advance(1);
  expect(await t.run(1)).toEqual({ live: ['c1', 'c2'], expired: [] });
});

test('after a pause longer than the log is trusted for, every account is read again', async () => {
  const t = given();
  await t.run(1);
  t.advance(LISTENER_CHANGES_TRUSTED_MS);
  await t.run(1);
  expect(t.reads()).toBe(2);
});

test('a key is never trusted past its expiry: the store decides, and only the store says expired', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1', 1_000_000 / 1000 + 0.5);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  t.advance(500);
  expect(await t.run(1)).toEqual({ live: [], expired: ['c1'] });
  expect(t.reads()).toBe(2);
});

test("a listen key deleted by its owner ends the account's streams in the next run", async () => {
  const t = given();
  await t.bind('c1', 1, 'k1');
  t.advance(INDEX_SETTLE_MS * 2);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  await t.listenKeys.delete(1, 'k1');
  t.advance(1);
  expect(await t.run(1)).toEqual({ live: [], expired: ['c1'] });
});

test('a key kept alive after it was read stays live when the remembered expiry passes', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1', 1_000_000 / 1000 + 0.5);
  await t.run(1);
  await t.listenKeys.extend(1, 'k1', 1_000_000 / 1000 + HOUR_S, 1_000);
  t.advance(500);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
});

test('a forgotten connection gets nothing more from memory', async () => {
  const t = given();
  await t.bind('c1', 1, 'k1');
  await t.bind('c2', 1, 'k1');
  t.advance(INDEX_SETTLE_MS * 2);
  await t.run(1);
  t.listeners.forget('c1');
  expect(await t.run(1)).toEqual({ live: ['c2'], expired: [] });
  expect(t.reads()).toBe(1);
});

test('memory is bounded: the account looked up longest ago goes first', async () => {
  const t = given();
  await t.run(1);
  await t.run(2);
  await t.run(3);
  expect(t.reads()).toBe(3);
  await t.run(3);
  await t.run(2);
  expect(t.reads()).toBe(3);
  await t.run(1);
  expect(t.reads()).toBe(4);
});

test('remembersListening: what `of` would answer from memory, read only, never a read of its own', async () => {
  const t = given();
  // Given an account the fan-out has never read: not remembered as listening.
  expect(t.listeners.remembersListening(1)).toBe(false);
  await t.bind('c1', 1, 'k1');
  // A read right after the binding serves its run but is not remembered (the index may not show it yet).
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  expect(t.listeners.remembersListening(1)).toBe(false);
  // When it is read again once the binding has settled: remembered as listening, and asking costs nothing.
  t.advance(INDEX_SETTLE_MS + CLOCK_MARGIN_MS + 1);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  const reads = t.reads();
  expect(t.listeners.remembersListening(1)).toBe(true);
  expect(t.reads()).toBe(reads);
  // Then past the TTL, as `of` would read again, it is no longer a listener from memory.
  t.advance(TTL);
  expect(t.listeners.remembersListening(1)).toBe(false);
  // And an account read as having no listener is not one either.
  expect(await t.run(2)).toEqual(NONE);
  expect(t.listeners.remembersListening(2)).toBe(false);
});

test('remembersListening: a remembered listener whose listen key expired is not one', async () => {
  const t = given();
  // Given a key that expires 1.5 s from now, well within the TTL of the read made below.
  await t.bind('c1', 1, 'k1', t.now() / 1000 + 1.5);
  t.advance(INDEX_SETTLE_MS + CLOCK_MARGIN_MS + 1);
  expect(await t.run(1)).toEqual({ live: ['c1'], expired: [] });
  expect(t.listeners.remembersListening(1)).toBe(true);
  // When the key's expiry passes (the read is 500 ms old, half the TTL)
  t.advance(500);
  // Then it is not a listener from memory: only a read says whether a keep-alive moved the expiry.
  expect(t.listeners.remembersListening(1)).toBe(false);
});
