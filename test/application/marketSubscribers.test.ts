// The fan-out's memory of each symbol's market stream subscribers (application/fanout/marketSubscribers.ts): read
// once, read again when the listener change log names the symbol, never trusted past its TTL.

import { MemoryListenerChanges, MemorySubscriptionStore } from '../../adapters/memory/connections';
import { INDEX_SETTLE_MS, ListenerChangeFeed, ListenerMemory } from '../../application/fanout/listenerMemory';
import { MARKET_SUBSCRIBERS_TTL_MS, MarketSubscribers } from '../../application/fanout/marketSubscribers';

function given() {
  let now = 1_000_000;
  const clock = () => now;
  const log = new MemoryListenerChanges(clock);
  const subscriptions = new MemorySubscriptionStore(log);
  const read: string[] = [];
  const counted = {
    subscribersOfSymbol: (symbol: string) => {
      read.push(symbol);
      return subscriptions.subscribersOfSymbol(symbol);
    },
  };
  const market = new MarketSubscribers({ subscriptions: counted, clock });
  const feed = new ListenerChangeFeed(
    { listenerChanges: log, clock },
    { accounts: new ListenerMemory<number, unknown>(10), symbols: market.memory },
  );
  return {
    subscriptions,
    read,
    /** A run at `now`: the log looked up first, then the subscribers of these streams. */
    run: async (streams: string[]) => {
      await feed.lookUp(now);
      return Object.fromEntries(
        [...(await market.of(streams))].map(([stream, list]) => [stream, list.map((s) => s.connectionId)]),
      );
    },
    forget: (connectionId: string) => market.forget(connectionId),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const STREAMS = ['btcusdt@depth', 'btcusdt@trade', '!markPrice@arr'];

test("a symbol's subscribers are read once, then not again while nothing changes", async () => {
  const t = given();
  await t.subscriptions.subscribe('a', ['btcusdt@trade'], false, 0);
  t.advance(INDEX_SETTLE_MS * 2);
  expect(await t.run(STREAMS)).toEqual({ 'btcusdt@trade': ['a'] });
  for (let i = 0; i < 3; i++) {
    t.advance(100);
    expect(await t.run(STREAMS)).toEqual({ 'btcusdt@trade': ['a'] });
  }
  // One read per symbol partition: BTCUSDT's streams, and the all-market mark price stream's.
  expect(t.read).toEqual(['BTCUSDT', '!MARKPRICE']);
});

test('a client who subscribes, then sees a trade happen, gets it: the change log names the symbol', async () => {
  const t = given();
  await t.run(STREAMS);
  t.advance(INDEX_SETTLE_MS * 2);
  await t.subscriptions.subscribe('b', ['btcusdt@depth'], false, 0);
  t.advance(1);
  expect(await t.run(STREAMS)).toEqual({ 'btcusdt@depth': ['b'] });
  // Only the symbol that changed is read again; the read right after the change is not kept.
  expect(t.read).toEqual(['BTCUSDT', '!MARKPRICE', 'BTCUSDT']);
  t.advance(INDEX_SETTLE_MS + 1);
  await t.run(STREAMS);
  t.advance(1);
  await t.run(STREAMS);
  expect(t.read).toEqual(['BTCUSDT', '!MARKPRICE', 'BTCUSDT', 'BTCUSDT']);
});

test('an unsubscribed or gone connection gets nothing more', async () => {
  const t = given();
  await t.subscriptions.subscribe('a', ['btcusdt@trade'], false, 0);
  await t.subscriptions.subscribe('b', ['btcusdt@trade'], false, 0);
  t.advance(INDEX_SETTLE_MS * 2);
  await t.run(STREAMS);
  await t.subscriptions.unsubscribe('a', ['btcusdt@trade']);
  t.advance(1);
  expect(await t.run(STREAMS)).toEqual({ 'btcusdt@trade': ['b'] });
  t.advance(INDEX_SETTLE_MS + 1);
  await t.run(STREAMS);
  const reads = t.read.length;
  // A post to b answered `gone`: the fan-out forgets it (and deletes its rows)
  t.forget('b');
  expect(await t.run(STREAMS)).toEqual({});
  expect(t.read.length).toBe(reads);
});

test('a set is read again after its TTL even if the log says nothing (a writer that died before the log)', async () => {
  const t = given();
  await t.run(['btcusdt@trade']);
  t.advance(MARKET_SUBSCRIBERS_TTL_MS - 1);
  await t.run(['btcusdt@trade']);
  expect(t.read).toEqual(['BTCUSDT']);
  t.advance(1);
  await t.run(['btcusdt@trade']);
  expect(t.read).toEqual(['BTCUSDT', 'BTCUSDT']);
});
