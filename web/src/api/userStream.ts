import { Backoff } from '../model/backoff';
import type { Credentials, RestClient } from './rest';
import type { SocketStatus } from './streamSocket';
import type { UserEvent } from './wire';

/** A listen key lives 60 minutes unless extended; Binance asks clients to extend it about every 30. */
const KEEPALIVE_MS = 30 * 60_000;
const STABLE_AFTER_MS = 10_000;

export interface UserStreamListener {
  onEvent(event: UserEvent): void;
  /** After every (re)connection: events may have been missed, so the page reloads the account over REST. */
  onConnected(): void;
  onStatus(status: SocketStatus): void;
}

/**
 * The user data stream: a listen key (POST /fapi/v1/listenKey, which also extends a live one) and a WebSocket
 * opened with `?listenKey=`, which then receives the account's ORDER_TRADE_UPDATE and ACCOUNT_UPDATE events.
 * Every connection attempt asks for the key again, so an expired key (listenKeyExpired, or a handshake refused
 * with -1125) heals by itself; a dropped connection comes back with back-off.
 */
export class UserStream {
  private socket: WebSocket | undefined;
  private readonly backoff = new Backoff();
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stable: ReturnType<typeof setTimeout> | undefined;
  private keepalive: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly rest: RestClient,
    private readonly wsUrl: string,
    private readonly credentials: Credentials,
    private readonly listener: UserStreamListener,
  ) {}

  start(): void {
    this.stopped = false;
    this.listener.onStatus('connecting');
    void this.connect();
    this.keepalive = setInterval(() => {
      this.rest.keyed('PUT', '/fapi/v1/listenKey', this.credentials).catch(() => this.socket?.close());
    }, KEEPALIVE_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.stable);
    clearInterval(this.keepalive);
    this.socket?.close();
    this.socket = undefined;
    this.listener.onStatus('closed');
  }

  private async connect(): Promise<void> {
    let listenKey: string;
    try {
      ({ listenKey } = await this.rest.keyed<{ listenKey: string }>(
        'POST',
        '/fapi/v1/listenKey',
        this.credentials,
      ));
    } catch {
      this.again();
      return;
    }
    if (this.stopped) return;
    const socket = new WebSocket(`${this.wsUrl}?listenKey=${encodeURIComponent(listenKey)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.listener.onStatus('open');
      this.stable = setTimeout(() => this.backoff.reset(), STABLE_AFTER_MS);
      this.listener.onConnected();
    };
    socket.onmessage = (message) => {
      let event: UserEvent;
      try {
        event = JSON.parse(String(message.data)) as UserEvent;
      } catch {
        return;
      }
      if (event.e === 'listenKeyExpired') socket.close();
      else this.listener.onEvent(event);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      clearTimeout(this.stable);
      this.again();
    };
  }

  private again(): void {
    if (this.stopped) return;
    this.listener.onStatus('reconnecting');
    this.retry = setTimeout(() => void this.connect(), this.backoff.next());
  }
}
