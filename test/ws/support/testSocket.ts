import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { Trader } from '../../../local/localExchange';

// biome-ignore lint/suspicious/noExplicitAny: frames are arbitrary JSON that tests probe field by field.
export type Frame = any;

/**
 * A plain `ws` client that keeps every frame it receives, so a test can wait for the one it expects (frames
 * that arrived earlier included) and still inspect the others.
 */
export class TestSocket {
  readonly frames: unknown[] = [];
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      for (const wake of this.waiters) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.waiters) wake();
    });
  }

  static open(url: string): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new TestSocket(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => reject(new RefusedHandshake(response.statusCode ?? 0, body)));
      });
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (received already or later) matching, within the timeout. */
  async next<T = Frame>(match: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found !== undefined) return found as T;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed)
        throw new Error(`no matching frame; got ${JSON.stringify(this.frames).slice(0, 2_000)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Every frame matching. */
  all<T = Frame>(match: (frame: Frame) => boolean): T[] {
    return this.frames.filter(match) as T[];
  }

  /** A stream control request; resolves with its reply. */
  async control(method: string, params?: unknown[]): Promise<Frame> {
    const id = this.nextId++;
    this.send({ method, ...(params !== undefined ? { params } : {}), id });
    return this.next((f) => f.id === id && ('result' in f || 'error' in f));
  }

  /** A signed WebSocket API request, signed as Binance's WebSocket API wants (params sorted by name). */
  async api(
    method: string,
    params: Record<string, string | number | boolean>,
    trader: Trader,
    secret = trader.secret,
  ) {
    const id = `req-${this.nextId++}`;
    const all: Record<string, string | number | boolean> = {
      ...params,
      apiKey: trader.apiKey,
      timestamp: Date.now(),
    };
    const payload = Object.keys(all)
      .sort()
      .map((k) => `${k}=${all[k]}`)
      .join('&');
    const signature = createHmac('sha256', secret).update(payload).digest('hex');
    this.send({ id, method, params: { ...all, signature } });
    return this.next((f) => f.id === id && 'status' in f);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

export class RefusedHandshake extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`handshake refused with ${status}: ${body}`);
  }
}
