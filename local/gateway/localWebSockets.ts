import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { selectRoute, type WsEvent, type WsHandler } from '../../lambdas/websocket/app';
import { sourceIp } from './httpEvents';

/** API Gateway's limits: messages up to 128 KB. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

export interface LocalConnection {
  readonly connectionId: string;
  readonly socket: WebSocket;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  lastActiveAt: number;
  alive: boolean;
}

export interface WsContext {
  /** host:port, as requestContext.domainName. */
  readonly domainName: string;
  readonly stage: string;
}

/**
 * The WebSocket half of the local gateway, doing what API Gateway does: on an upgrade request (any path) it calls
 * the handler with $connect first and completes the handshake only on a 2xx; each text frame becomes a MESSAGE
 * event on the route `$request.body.method` selects; a close becomes $disconnect. It answers pings (the `ws`
 * package does) and pings every connection itself, dropping those that stop answering. Sockets are found by
 * connection id for the Management API.
 */
export class LocalWebSockets {
  private readonly open = new Map<string, LocalConnection>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly app: WsHandler,
    private readonly context: WsContext,
    pingIntervalMs: number,
  ) {
    this.pinger = setInterval(() => this.ping(), pingIntervalMs);
    this.pinger.unref();
  }

  get size(): number {
    return this.open.size;
  }

  get(connectionId: string): LocalConnection | undefined {
    return this.open.get(connectionId);
  }

  async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const connectionId = randomBytes(10).toString('base64');
    const connectedAt = Date.now();
    const userAgent = request.headers['user-agent'] ?? '';
    const identity = { sourceIp: sourceIp(request), userAgent };
    const result = await this.dispatch(
      this.event('CONNECT', '$connect', connectionId, connectedAt, {
        queryStringParameters: connectQuery(request.url ?? '/'),
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
        ),
        identity,
      }),
    );
    if (result === undefined || result.statusCode < 200 || result.statusCode >= 300) {
      const status = result?.statusCode ?? 500;
      const body = result?.body ?? '';
      socket.end(
        `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Error'}\r\nConnection: close\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    if (socket.destroyed) {
      await this.dispatch(this.event('DISCONNECT', '$disconnect', connectionId, connectedAt, { identity }));
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) =>
      this.accept(ws, connectionId, connectedAt, identity),
    );
  }

  /** postToConnection: a text frame, as API Gateway sends. */
  send(connectionId: string, data: Buffer | string): 'sent' | 'gone' {
    const connection = this.open.get(connectionId);
    if (connection === undefined || connection.socket.readyState !== WebSocket.OPEN) return 'gone';
    connection.socket.send(typeof data === 'string' ? data : data.toString('utf8'));
    return 'sent';
  }

  /** DeleteConnection. */
  close(connectionId: string): boolean {
    const connection = this.open.get(connectionId);
    if (connection === undefined) return false;
    connection.socket.close(1000, 'closed by the server');
    return true;
  }

  /** Closes every socket and waits until every handler call (the $disconnects too) has finished. */
  async closeAll(): Promise<void> {
    clearInterval(this.pinger);
    const closed = [...this.open.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.socket.once('close', () => resolve());
          c.socket.terminate();
        }),
    );
    await Promise.all(closed);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(
    socket: WebSocket,
    connectionId: string,
    connectedAt: number,
    identity: { sourceIp: string; userAgent: string },
  ): void {
    const connection: LocalConnection = {
      connectionId,
      socket,
      connectedAt,
      sourceIp: identity.sourceIp,
      userAgent: identity.userAgent,
      lastActiveAt: connectedAt,
      alive: true,
    };
    this.open.set(connectionId, connection);
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data) => {
      connection.lastActiveAt = Date.now();
      const body = text(data);
      // API Gateway invokes the integration per message without waiting for the previous one: so do we.
      void this.dispatch(
        this.event('MESSAGE', selectRoute(body), connectionId, connectedAt, { body, identity }),
      );
    });
    socket.on('error', () => {
      // A protocol error (e.g. a frame over 128 KB) closes the socket: 'close' follows.
    });
    socket.on('close', (code, reason) => {
      this.open.delete(connectionId);
      void this.dispatch(
        this.event('DISCONNECT', '$disconnect', connectionId, connectedAt, {
          identity,
          disconnectStatusCode: code,
          disconnectReason: reason.toString('utf8'),
        }),
      );
    });
  }

  private ping(): void {
    for (const connection of this.open.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  private async dispatch(event: WsEvent) {
    const call = this.app(event).catch(() => undefined);
    this.inFlight.add(call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(call);
    }
  }

  private event(
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT',
    routeKey: string,
    connectionId: string,
    connectedAt: number,
    extra: {
      body?: string;
      queryStringParameters?: Record<string, string>;
      headers?: Record<string, string | undefined>;
      identity: { sourceIp: string; userAgent: string };
      disconnectStatusCode?: number;
      disconnectReason?: string;
    },
  ): WsEvent {
    const now = new Date();
    const requestId = randomBytes(8).toString('hex');
    return {
      requestContext: {
        routeKey,
        eventType,
        messageId: randomBytes(8).toString('hex'),
        extendedRequestId: requestId,
        requestTime: now.toUTCString(),
        messageDirection: 'IN',
        stage: this.context.stage,
        connectedAt,
        requestTimeEpoch: now.getTime(),
        requestId,
        domainName: this.context.domainName,
        connectionId,
        apiId: 'local',
        identity: extra.identity,
        ...(extra.disconnectStatusCode !== undefined
          ? { disconnectStatusCode: extra.disconnectStatusCode, disconnectReason: extra.disconnectReason }
          : {}),
      },
      ...(extra.body !== undefined ? { body: extra.body } : {}),
      ...(extra.queryStringParameters ? { queryStringParameters: extra.queryStringParameters } : {}),
      ...(extra.headers ? { headers: extra.headers } : {}),
      isBase64Encoded: false,
    };
  }
}

/**
 * The handshake's query parameters, with Binance's path forms read into them (on AWS the path is the stage, and a
 * client uses the query alone):
 * - `/ws/<listenKey>`, Binance's older user data URL: a last path segment of 60–64 letters and digits is
 *   `listenKey`;
 * - `/ws/<stream>[/<stream>…]`, raw streams: `streams`, with `combined=false` (payloads unwrapped);
 * - `/stream` without `?streams=`: a combined connection that subscribes later (`streams` empty).
 */
export function connectQuery(url: string): Record<string, string> {
  const parsed = new URL(url, 'http://local');
  const query: Record<string, string> = Object.fromEntries(parsed.searchParams);
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const last = segments[segments.length - 1] ?? '';
  if (query.listenKey === undefined && /^[A-Za-z0-9]{60,64}$/.test(last)) query.listenKey = last;
  const ws = segments.lastIndexOf('ws');
  const named = ws < 0 ? [] : segments.slice(ws + 1).map(decodeURIComponent);
  if (query.streams === undefined && named.length > 0 && named.every((name) => name.includes('@'))) {
    query.streams = named.join('/');
    query.combined = 'false';
  }
  if (query.streams === undefined && last === 'stream') query.streams = '';
  return query;
}

function text(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
