import type { Clock } from '../../application/ports/clock';
import {
  type Connection,
  type ConnectionPoster,
  type ConnectionStore,
  LISTENER_CHANGES_KEPT_MS,
  type ListenerChange,
  type ListenerChangeLog,
  type PostOutcome,
  type Subscriber,
  type SubscriptionStore,
  symbolOf,
} from '../../application/ports/connections';

/** The listener change log in memory, in the order appended. */
export class MemoryListenerChanges implements ListenerChangeLog {
  private readonly changes: ListenerChange[] = [];

  constructor(private readonly clock: Clock = Date.now) {}

  append(change: Omit<ListenerChange, 'at'>): void {
    const at = this.clock();
    this.changes.push({ at, accounts: [...change.accounts], symbols: [...change.symbols] });
    // Kept as long as the table's TTL keeps them (a test's clock may move back: only older ones go).
    while (this.changes.length > 0 && this.changes[0]!.at < at - LISTENER_CHANGES_KEPT_MS)
      this.changes.shift();
  }

  async since(at: number): Promise<ListenerChange[]> {
    return this.changes.filter((c) => c.at >= at).sort((a, b) => a.at - b.at);
  }
}

/** WebSocket connections in memory; a bound connection is recorded in the listener change log. */
export class MemoryConnectionStore implements ConnectionStore {
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly changes = new MemoryListenerChanges()) {}

  async open(connection: Connection): Promise<void> {
    this.connections.set(connection.connectionId, { ...connection });
    if (connection.accountId !== undefined)
      this.changes.append({ accounts: [connection.accountId], symbols: [] });
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    return connection === undefined ? undefined : { ...connection };
  }

  async setCombined(connectionId: string, combined: boolean): Promise<void> {
    const connection = this.connections.get(connectionId);
    if (connection !== undefined) this.connections.set(connectionId, { ...connection, combined });
  }

  async unbind(connectionId: string): Promise<void> {
    const connection = this.connections.get(connectionId);
    if (connection === undefined) return;
    const { accountId: _accountId, listenKey: _listenKey, ...unbound } = connection;
    this.connections.set(connectionId, unbound);
  }

  async ofAccount(accountId: number): Promise<Connection[]> {
    return [...this.connections.values()].filter((c) => c.accountId === accountId).map((c) => ({ ...c }));
  }

  async delete(connectionId: string): Promise<void> {
    this.connections.delete(connectionId);
  }
}

/**
 * Subscriptions in memory: by stream, each stream's subscribers and each connection's streams in key order; every
 * change is recorded in the listener change log.
 */
export class MemorySubscriptionStore implements SubscriptionStore {
  /** stream → connection → combined. */
  private readonly byStream = new Map<string, Map<string, boolean>>();

  constructor(private readonly changes = new MemoryListenerChanges()) {}

  async subscribe(
    connectionId: string,
    streams: readonly string[],
    combined: boolean,
    _expiresAt: number,
  ): Promise<void> {
    for (const stream of streams) {
      const subscribers = this.byStream.get(stream) ?? new Map<string, boolean>();
      subscribers.set(connectionId, combined);
      this.byStream.set(stream, subscribers);
    }
    this.changed(streams);
  }

  async unsubscribe(connectionId: string, streams: readonly string[]): Promise<void> {
    for (const stream of streams) this.byStream.get(stream)?.delete(connectionId);
    this.changed(streams);
  }

  private changed(streams: readonly string[]): void {
    if (streams.length > 0)
      this.changes.append({ accounts: [], symbols: [...new Set(streams.map(symbolOf))] });
  }

  async subscribersOfSymbol(symbol: string): Promise<Map<string, Subscriber[]>> {
    const streams = [...this.byStream.keys()].filter((stream) => symbolOf(stream) === symbol);
    return this.subscribersOfStreams(streams);
  }

  async streamsOf(connectionId: string): Promise<string[]> {
    return [...this.byStream]
      .filter(([, subscribers]) => subscribers.has(connectionId))
      .map(([stream]) => stream)
      .sort();
  }

  async subscribersOfStreams(streams: readonly string[]): Promise<Map<string, Subscriber[]>> {
    const found = new Map<string, Subscriber[]>();
    for (const stream of new Set(streams)) {
      const subscribers = await this.subscribersOf(stream);
      if (subscribers.length > 0) found.set(stream, subscribers);
    }
    return found;
  }

  async subscribersOf(stream: string): Promise<Subscriber[]> {
    return [...(this.byStream.get(stream) ?? new Map<string, boolean>())]
      .map(([connectionId, combined]) => ({ connectionId, combined }))
      .sort((a, b) => (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0));
  }
}

/**
 * Connections that receive in memory: each open connection keeps the messages posted to it, in order; a
 * connection that was never opened, or was closed, is gone.
 */
export class MemoryConnectionPoster implements ConnectionPoster {
  private readonly inboxes = new Map<string, string[]>();
  private readonly closed = new Map<string, string[]>();

  /** A client connects: from now on messages to it are kept. */
  connect(connectionId: string): void {
    this.inboxes.set(connectionId, []);
  }

  /** What a connection received, in order (also after it was closed). */
  received(connectionId: string): readonly string[] {
    return this.inboxes.get(connectionId) ?? this.closed.get(connectionId) ?? [];
  }

  async post(connectionId: string, message: string): Promise<PostOutcome> {
    const inbox = this.inboxes.get(connectionId);
    if (inbox === undefined) return 'gone';
    inbox.push(message);
    return 'sent';
  }

  async disconnect(connectionId: string): Promise<PostOutcome> {
    const inbox = this.inboxes.get(connectionId);
    if (inbox === undefined) return 'gone';
    this.inboxes.delete(connectionId);
    this.closed.set(connectionId, inbox);
    return 'sent';
  }

  close(): void {}
}
