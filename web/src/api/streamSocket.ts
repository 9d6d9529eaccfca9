import { Backoff } from '../model/backoff';

export type SocketStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type StreamHandler = (data: unknown) => void;

/** A connection that stayed open this long counts as working: the back-off starts over after it. */
const STABLE_AFTER_MS = 10_000;
/** API Gateway closes a WebSocket after 10 idle minutes; a cheap request every 4 keeps a quiet page connected. */
const KEEPALIVE_MS = 4 * 60_000;

/**
 * One WebSocket to the exchange's market streams, in Binance's combined form (every message `{stream, data}`), that
 * comes back by itself: on any close it reconnects with back-off, subscribed to the streams wanted at that moment
 * (they ride in the URL, `?streams=a/b`, so they are live the moment the socket opens). Listeners hear each status
 * change; `onOpen` listeners run after every (re)connection, which is when the page resynchronises what a gap
 * may have made stale (the order book, recent trades, candles).
 */
export class StreamSocket {
  private socket: WebSocket | undefined;
  private readonly handlers = new Map<string, StreamHandler>();
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly statusListeners = new Set<(status: SocketStatus) => void>();
  private readonly openListeners = new Set<() => void>();
  private current: SocketStatus = 'closed';
  private nextId = 1;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stable: ReturnType<typeof setTimeout> | undefined;
  private keepalive: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly backoff = new Backoff(),
  ) {}

  get status(): SocketStatus {
    return this.current;
  }

  onStatus(listener: (status: SocketStatus) => void): void {
    this.statusListeners.add(listener);
  }

  onOpen(listener: () => void): void {
    this.openListeners.add(listener);
  }

  connect(): void {
    this.stopped = false;
    if (this.socket !== undefined) return;
    this.setStatus(this.current === 'closed' ? 'connecting' : 'reconnecting');
    const streams = [...this.handlers.keys()];
    const socket = new WebSocket(streams.length > 0 ? `${this.url}?streams=${streams.join('/')}` : this.url);
    this.socket = socket;
    socket.onopen = () => {
      if (streams.length === 0) this.request('SET_PROPERTY', ['combined', true]).catch(() => undefined);
      // Streams wanted while the handshake ran are not in the URL: subscribe them now.
      const missed = [...this.handlers.keys()].filter((s) => !streams.includes(s));
      if (missed.length > 0) this.request('SUBSCRIBE', missed).catch(() => undefined);
      this.setStatus('open');
      this.stable = setTimeout(() => this.backoff.reset(), STABLE_AFTER_MS);
      this.keepalive = setInterval(
        () => this.request('LIST_SUBSCRIPTIONS').catch(() => undefined),
        KEEPALIVE_MS,
      );
      for (const listener of this.openListeners) listener();
    };
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = () => this.closed(socket);
  }

  /**
   * Makes `streams` the subscribed set, each with its handler: the streams no longer wanted are unsubscribed, the
   * new ones subscribed. Resolves when the exchange confirmed the new ones (or at once if the socket is not open:
   * the next connection subscribes them).
   */
  async setStreams(streams: ReadonlyMap<string, StreamHandler>): Promise<void> {
    const removed = [...this.handlers.keys()].filter((s) => !streams.has(s));
    const added = [...streams.keys()].filter((s) => !this.handlers.has(s));
    this.handlers.clear();
    for (const [stream, handler] of streams) this.handlers.set(stream, handler);
    if (this.current !== 'open') return;
    const requests: Promise<void>[] = [];
    if (removed.length > 0) requests.push(this.request('UNSUBSCRIBE', removed));
    if (added.length > 0) requests.push(this.request('SUBSCRIBE', added));
    await Promise.all(requests);
  }

  /** Closes for good (no reconnection). */
  close(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
    this.setStatus('closed');
  }

  private request(method: string, params?: unknown[]): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN)
      return Promise.reject(new Error('not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.send(JSON.stringify(params === undefined ? { method, id } : { method, params, id }));
    });
  }

  private receive(text: string): void {
    let message: { stream?: string; data?: unknown; id?: number; error?: { msg?: string } };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message.stream === 'string') {
      this.handlers.get(message.stream)?.(message.data);
      return;
    }
    if (typeof message.id === 'number') {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error.msg ?? 'refused'));
      else waiter?.resolve();
    }
  }

  private closed(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    clearTimeout(this.stable);
    clearInterval(this.keepalive);
    for (const waiter of this.pending.values()) waiter.reject(new Error('connection lost'));
    this.pending.clear();
    if (this.stopped) return;
    this.setStatus('reconnecting');
    this.retry = setTimeout(() => this.connect(), this.backoff.next());
  }

  private setStatus(status: SocketStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
