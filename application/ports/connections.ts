/** API Gateway closes a WebSocket connection after 2 hours at the latest; its rows may go a little later. */
export const CONNECTION_LIFETIME_MS = 2 * 60 * 60_000 + 5 * 60_000;

export interface Connection {
  readonly connectionId: string;
  /** Set when the connection was opened with a valid listenKey: the account whose user data it receives. */
  readonly accountId?: number;
  readonly listenKey?: string;
  /** Combined stream payloads (`{"stream":…,"data":…}`), as on Binance's /stream endpoint. */
  readonly combined: boolean;
  readonly connectedAt: number;
  /** Epoch seconds (a storage TTL): rows of connections whose $disconnect never came go by themselves. */
  readonly expiresAt: number;
}

/** One row per open WebSocket connection. */
export interface ConnectionStore {
  open(connection: Connection): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  /** Sets the combined flag of an open connection (nothing for a connection that is gone). */
  setCombined(connectionId: string, combined: boolean): Promise<void>;
  /** Ends a connection's user data (its listen key expired); market streams go on. */
  unbind(connectionId: string): Promise<void>;
  /** The connections bound to an account (user data goes to each of them). */
  ofAccount(accountId: number): Promise<Connection[]>;
  delete(connectionId: string): Promise<void>;
}

/** A connection subscribed to a stream, and whether it wants combined payloads. */
export interface Subscriber {
  readonly connectionId: string;
  readonly combined: boolean;
}

/** One row per (stream, connection): read by stream (the fan-out) and by connection (the WebSocket API). */
export interface SubscriptionStore {
  /** Subscribes (or re-subscribes, with the given flag and expiry) the connection to each stream. */
  subscribe(
    connectionId: string,
    streams: readonly string[],
    combined: boolean,
    expiresAt: number,
  ): Promise<void>;
  unsubscribe(connectionId: string, streams: readonly string[]): Promise<void>;
  /** The streams of a connection. */
  streamsOf(connectionId: string): Promise<string[]>;
  subscribersOf(stream: string): Promise<Subscriber[]>;
  /**
   * The subscribers of each of these streams that has any, in one read per symbol the names belong to (the
   * fan-out asks for every stream a run could feed: a dozen names of one symbol, and the all-market ones).
   */
  subscribersOfStreams(streams: readonly string[]): Promise<Map<string, Subscriber[]>>;
  /** Every subscriber of every stream of one symbol (`symbolOf` of the names): one read. */
  subscribersOfSymbol(symbol: string): Promise<Map<string, Subscriber[]>>;
}

/** The symbol a stream name is about (`btcusdt@depth` → BTCUSDT, `!markPrice@arr` → !MARKPRICE). */
export function symbolOf(stream: string): string {
  return stream.split('@')[0]!.toUpperCase();
}

/**
 * A change to who listens, written after the rows it is about: accounts that got a user data connection (a
 * connection opened with a listen key), symbols (`symbolOf`) whose subscriptions changed (SUBSCRIBE, UNSUBSCRIBE,
 * a connection forgotten). `at` is the writer's clock, epoch milliseconds.
 */
export interface ListenerChange {
  readonly at: number;
  readonly accounts: readonly number[];
  readonly symbols: readonly string[];
}

/**
 * The log of listener changes, kept LISTENER_CHANGES_KEPT_MS. The connection and subscription stores append to
 * it (every write that adds a listener or changes a subscription); the fan-out reads it, one strongly consistent
 * read per look-up, to know which of its remembered listeners changed: a change written before the read is in
 * its answer.
 */
export interface ListenerChangeLog {
  /** The changes with at ≥ since, in order of `at`. */
  since(at: number): Promise<ListenerChange[]>;
}

/** How long the log keeps a change (a storage TTL; the fan-out trusts it for a tenth of that). */
export const LISTENER_CHANGES_KEPT_MS = 60 * 60_000;

/**
 * A change is in the log's answers at most this long after its `at` (the writer's clock when it sent it): a writer
 * whose write took longer (retries, throttling) writes it again, stamped anew, before it answers its client. So a
 * reader that asks from its last look-up's time minus this (and the clocks' margin) misses nothing that landed
 * after that look-up.
 */
export const LISTENER_CHANGE_LATE_MS = 1_000;

/** What became of a message: delivered, or the connection is gone (delete its rows). */
export type PostOutcome = 'sent' | 'gone';

/**
 * Sends to WebSocket clients: one message to one connection (API Gateway has no broadcast). On AWS and locally
 * alike this is the API Gateway Management API; only the endpoint differs.
 */
export interface ConnectionPoster {
  post(connectionId: string, message: string): Promise<PostOutcome>;
  /** Closes a connection from the server side; 'gone' if it was already closed. */
  disconnect(connectionId: string): Promise<PostOutcome>;
  /** Frees the poster's sockets (tests, the local stack); it is unusable afterwards. */
  close(): void;
}
