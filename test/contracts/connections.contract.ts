import type {
  ConnectionPoster,
  ConnectionStore,
  ListenerChangeLog,
  SubscriptionStore,
} from '../../application/ports/connections';
import { type Make, testClock, unique } from './support';

export interface ConnectionFamily {
  readonly connections: ConnectionStore;
  readonly subscriptions: SubscriptionStore;
  /** Appended to by the two stores above. */
  readonly listenerChanges: ListenerChangeLog;
}

/** A client connected where the poster delivers: its connection id and what it has received. */
export interface ConnectedClient {
  readonly connectionId: string;
  /** The next message it receives. */
  next(): Promise<string>;
  close(): Promise<void>;
}

export interface PosterSubject {
  readonly poster: ConnectionPoster;
  connect(): Promise<ConnectedClient>;
}

export function connectionsContract(make: Make<ConnectionFamily>): void {
  describe('ConnectionStore', () => {
    test('connections by id and by account; unbinding ends user data; changes to a gone connection are nothing', async () => {
      const { connections } = await make(testClock());
      const [account, id] = [unique(), `conn-${unique()}`];
      const connection = {
        connectionId: id,
        accountId: account,
        listenKey: 'L',
        combined: false,
        connectedAt: 1,
        expiresAt: 2,
      };
      await connections.open(connection);
      await connections.open({ connectionId: `${id}-market`, combined: true, connectedAt: 1, expiresAt: 2 });
      expect(await connections.get(id)).toEqual(connection);
      expect(await connections.ofAccount(account)).toEqual([connection]);
      await connections.setCombined(id, true);
      await connections.unbind(id);
      expect(await connections.get(id)).toEqual({
        connectionId: id,
        combined: true,
        connectedAt: 1,
        expiresAt: 2,
      });
      expect(await connections.ofAccount(account)).toEqual([]);
      await connections.delete(id);
      expect(await connections.get(id)).toBeUndefined();
      await connections.setCombined(id, false);
      await connections.unbind(id);
      expect(await connections.get(id)).toBeUndefined();
    });
  });

  describe('SubscriptionStore', () => {
    test("subscribers by stream and a connection's streams, in order; resubscribing changes the flag", async () => {
      const { subscriptions } = await make(testClock());
      const n = unique();
      const [a, b] = [`b-${n}`, `a-${n}`];
      const [depth, trade] = [`x${n}usdt@depth`, `x${n}usdt@trade`];
      await subscriptions.subscribe(a, [trade, depth], false, 100);
      await subscriptions.subscribe(b, [depth], true, 100);
      expect(await subscriptions.subscribersOf(depth)).toEqual([
        { connectionId: b, combined: true },
        { connectionId: a, combined: false },
      ]);
      expect(await subscriptions.streamsOf(a)).toEqual([depth, trade]);
      await subscriptions.subscribe(a, [depth], true, 100);
      expect(await subscriptions.subscribersOf(depth)).toEqual([
        { connectionId: b, combined: true },
        { connectionId: a, combined: true },
      ]);
      await subscriptions.unsubscribe(a, [depth, `x${n}usdt@kline_1m`]);
      expect(await subscriptions.streamsOf(a)).toEqual([trade]);
      expect(await subscriptions.subscribersOf(depth)).toEqual([{ connectionId: b, combined: true }]);
      const all = `!x${n}markPrice@arr`;
      await subscriptions.subscribe(b, [all], false, 100);
      const many = await subscriptions.subscribersOfStreams([depth, trade, `x${n}usdt@aggTrade`, all]);
      expect(Object.fromEntries(many)).toEqual({
        [depth]: [{ connectionId: b, combined: true }],
        [trade]: [{ connectionId: a, combined: false }],
        [all]: [{ connectionId: b, combined: false }],
      });
      expect(Object.fromEntries(await subscriptions.subscribersOfSymbol(`X${n}USDT`))).toEqual({
        [depth]: [{ connectionId: b, combined: true }],
        [trade]: [{ connectionId: a, combined: false }],
      });
    });
  });

  describe('ListenerChangeLog', () => {
    test('a binding and every subscription change are in the log, in order, from a time on; market-only connections are not', async () => {
      const clock = testClock();
      const { connections, subscriptions, listenerChanges } = await make(clock);
      const n = unique();
      const [account, symbol] = [n, `Y${n}USDT`];
      // Ordered by time; two changes in one millisecond in either order.
      const mine = (changes: Awaited<ReturnType<ListenerChangeLog['since']>>) => {
        const found = changes.filter((c) => c.accounts.includes(account) || c.symbols.includes(symbol));
        expect(found.map((c) => c.at)).toEqual(found.map((c) => c.at).sort((a, b) => a - b));
        return found.sort((a, b) => a.at - b.at || b.symbols.length - a.symbols.length);
      };
      const start = clock();
      // Given a user data connection, a market-only one, and subscriptions made and dropped a millisecond apart
      await connections.open({
        connectionId: `u-${n}`,
        accountId: account,
        listenKey: 'L',
        combined: false,
        connectedAt: start,
        expiresAt: 2,
      });
      await connections.open({ connectionId: `m-${n}`, combined: false, connectedAt: start, expiresAt: 2 });
      clock.advance(1);
      await subscriptions.subscribe(
        `m-${n}`,
        [`y${n}usdt@depth`, `y${n}usdt@trade`, '!markPrice@arr'],
        false,
        2,
      );
      await subscriptions.subscribe(`m-${n}`, [`y${n}usdt@kline_1m`], false, 2);
      clock.advance(1);
      await subscriptions.unsubscribe(`m-${n}`, [`y${n}usdt@depth`]);
      // Then the log from the start holds each, in order (two changes in one millisecond both kept)
      expect(mine(await listenerChanges.since(start))).toEqual([
        { at: start, accounts: [account], symbols: [] },
        { at: start + 1, accounts: [], symbols: [symbol, '!MARKPRICE'] },
        { at: start + 1, accounts: [], symbols: [symbol] },
        { at: start + 2, accounts: [], symbols: [symbol] },
      ]);
      // And from a later time on, only what came at or after it
      expect(mine(await listenerChanges.since(start + 2))).toEqual([
        { at: start + 2, accounts: [], symbols: [symbol] },
      ]);
      expect(mine(await listenerChanges.since(start + 3))).toEqual([]);
    });
  });
}

export function posterContract(make: () => Promise<PosterSubject>): void {
  describe('ConnectionPoster', () => {
    test('a message reaches its connection, in order; one closed by the server, or unknown, is gone', async () => {
      const { poster, connect } = await make();
      const client = await connect();
      try {
        expect(await poster.post(client.connectionId, 'one')).toBe('sent');
        expect(await poster.post(client.connectionId, 'two')).toBe('sent');
        expect([await client.next(), await client.next()]).toEqual(['one', 'two']);
        expect(await poster.post(`never${unique()}`, 'x')).toBe('gone');
        expect(await poster.disconnect(`never${unique()}`)).toBe('gone');
        expect(await poster.disconnect(client.connectionId)).toBe('sent');
        expect(await poster.post(client.connectionId, 'three')).toBe('gone');
      } finally {
        await client.close();
      }
    });
  });
}
