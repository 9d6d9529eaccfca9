import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionPoster } from '../../application/ports/connections';
import { createRestApi, restRoutes } from '../../lambdas/rest/app';
import { createWebSocketApi, type WsContext } from '../../lambdas/websocket/app';
import { httpApiEvent, readBody, writeResult } from './httpEvents';
import { LocalWebSockets, MAX_MESSAGE_BYTES } from './localWebSockets';
import { serveManagementApi } from './managementApi';
import { type StaticSite, serveStaticSite } from './staticSite';

export interface GatewayOptions {
  /** The use cases' context: the REST and WebSocket APIs' ports. */
  readonly ctx: WsContext;
  /** Default: every route of the contract (lambdas/rest/routes.ts). */
  readonly routes?: typeof restRoutes;
  /** Default 0: a free port chosen by the OS. */
  readonly port?: number;
  readonly host?: string;
  /** The WebSocket stage name: the management API lives under it, as on AWS. */
  readonly stage?: string;
  /** How often every WebSocket connection is pinged; one that missed the previous ping is dropped. */
  readonly pingIntervalMs?: number;
}

export interface LocalGateway {
  /** REST base URL, e.g. http://127.0.0.1:8080 (paths /fapi/...). */
  readonly url: string;
  /** WebSocket base URL: any path below it is accepted (/ws, /stream, /public/ws/1, /private/ws?listenKey=…). */
  readonly wsUrl: string;
  /** The connection management API (postToConnection), for other processes: {url}/{stage}. */
  readonly managementEndpoint: string;
  /**
   * postToConnection for the parts of the stack in the gateway's own process (the WebSocket handler's replies, the
   * fan-out): what the management API does on a POST or DELETE, without the HTTP request (an AWS SDK call: its
   * middleware, signing, and a socket write and read at both ends, per message).
   */
  readonly poster: ConnectionPoster;
  /** Open WebSocket connections. */
  readonly connections: () => number;
  /**
   * Holds REST requests and WebSocket handshakes until `ready` settles, then serves them. The management API is
   * never held: the stack uses it while it gets ready. `npm start` holds clients until its symbols are listed,
   * so a client that connects as soon as the port opens never finds them missing.
   */
  holdUntil(ready: Promise<unknown>): void;
  /** Serves the trading page (web/) at `/`, beside the API, from now on. */
  serveSite(site: StaticSite): void;
  /** Closes every connection (each gets its $disconnect), waits for the handlers, frees the port. */
  close(): Promise<void>;
}

/**
 * The local stand-in for API Gateway: one port serving the HTTP API (every request becomes a payload-2.0 event
 * for the very handler Lambda runs), the WebSocket API (the ws Lambda's handler, see LocalWebSockets) and the
 * connection management API, so postToConnection from any process (the operator CLI, a test) reaches the local
 * sockets. The parts of the stack in this process (the WebSocket handler's replies, the fan-out) post through
 * `poster` instead, the management API's POST and DELETE as plain calls: over HTTP each message cost an AWS SDK
 * call (middleware, SigV4) and a socket write and read at both ends, the largest CPU cost per order of the local
 * stack's loop after the DynamoDB and Kinesis calls (docs/local-stack.md, "CPU per order").
 */
export async function startGateway(options: GatewayOptions): Promise<LocalGateway> {
  const host = options.host ?? '127.0.0.1';
  const stage = options.stage ?? 'local';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const managementEndpoint = `${url}/${stage}`;
  const http = createRestApi(options.ctx, options.routes ?? restRoutes);
  const sockets = new LocalWebSockets(
    createWebSocketApi(options.ctx, { posterFor: () => poster }),
    { domainName: `${host}:${port}`, stage },
    options.pingIntervalMs ?? 30_000,
  );
  // The WebSocket handler's replies (called at request time, after this line) go straight to the sockets.
  const poster = inProcessPoster(sockets);

  let held: Promise<unknown> = Promise.resolve();
  let site: StaticSite | undefined;
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      if (await serveManagementApi(request, response, sockets)) return;
      if (site !== undefined && (await serveStaticSite(request, response, site))) return;
      await held;
      const body = await readBody(request);
      writeResult(response, await http(httpApiEvent(request, body, `${host}:${port}`)));
    } catch (error) {
      options.ctx.log('error', 'local gateway request failed', { path: request.url, error });
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ code: -1000, msg: 'An unknown error occured while processing the request.' }),
      );
    }
  };
  server.on('request', (request, response) => void serve(request, response));
  server.on('upgrade', (request, socket, head) => {
    held
      .then(() => sockets.upgrade(request, socket, head))
      .catch((error) => {
        options.ctx.log('error', 'local gateway upgrade failed', { path: request.url, error });
        socket.destroy();
      });
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    wsUrl: `ws://${host}:${port}`,
    managementEndpoint,
    poster,
    connections: () => sockets.size,
    holdUntil(ready) {
      // Settled either way: if getting ready failed, requests are answered by what there is.
      held = ready.then(
        () => undefined,
        () => undefined,
      );
    },
    serveSite(page) {
      site = page;
    },
    close() {
      closing ??= (async () => {
        await sockets.closeAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/**
 * The management API's POST and DELETE as calls: a message over 128 KB fails as the API's 413 does, a closed or
 * unknown connection is 'gone' (its 410). Messages to one connection go out in the order posted.
 */
function inProcessPoster(sockets: LocalWebSockets): ConnectionPoster {
  return {
    post: async (connectionId, message) => {
      if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES)
        throw Object.assign(new Error('Message is larger than 128 KB'), { name: 'PayloadTooLargeException' });
      return sockets.send(connectionId, message);
    },
    disconnect: async (connectionId) => (sockets.close(connectionId) ? 'sent' : 'gone'),
    close: () => undefined,
  };
}
