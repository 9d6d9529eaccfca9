// kinesalite and dynalite export an http.Server factory, so they run inside this process: no child to start or
// reap, and they start in milliseconds.

import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from './emulator';

/** How long stop() lets requests already being served finish before it cuts their connections. */
const DRAIN_MS = 5_000;

/**
 * Both packages throw from their handlers' callbacks, which kills the whole process (a test run, `npm start`):
 * a request stream's error (a client that dies mid-body: 'aborted'), and a database error, which is what an
 * operation meets when the database closes under it. So this wrapper:
 * - takes a request stream's errors over from the package (a client that goes away is not an emulator failure);
 * - counts a request in flight until its handler ends the response (a client that gives up closes the socket
 *   while the emulator still works on it, between database operations the packages' own shutdown does not wait
 *   for), or until its connection closes before its body arrived (it is never served);
 * - on stop, stops accepting, lets the requests in flight finish, and only cuts what is left after DRAIN_MS;
 * - `storeInMemory`: never closes the package's database. An operation still running after the cut then
 *   completes against a database nobody reads any more (memory, collected with the server) instead of throwing.
 *   A database on disk is closed, after the drain, so that it is flushed.
 */
export async function runInProcess(
  server: Server,
  options: { storeInMemory: boolean },
): Promise<RunningEmulator> {
  let inFlight = 0;
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    let finished = false;
    const finish = () => {
      if (!finished) {
        finished = true;
        inFlight -= 1;
      }
    };
    const end = response.end;
    response.end = function (this: typeof response, ...args: Parameters<typeof end>) {
      finish();
      return end.apply(this, args);
    } as typeof end;
    request.on('close', () => {
      if (!request.complete) finish();
    });
  });
  // After the package's own listener, which has just added its throwing error listener to the request.
  server.on('request', (request: IncomingMessage) => {
    request.removeAllListeners('error');
    request.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // The packages' close() closes their database too; http.Server's only stops the server.
  const close = options.storeInMemory ? Server.prototype.close : server.close;
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => closeServer(server, close, () => inFlight) };
}

/** Stop accepting, close connections as they fall idle (keep-alive sockets would hold the server open), then cut. */
function closeServer(server: Server, close: Server['close'], inFlight: () => number): Promise<void> {
  return new Promise((resolve, reject) => {
    close.call(server, (err?: Error) => (err ? reject(err) : resolve()));
    const deadline = Date.now() + DRAIN_MS;
    const drain = () => {
      server.closeIdleConnections();
      if (inFlight() === 0 || Date.now() >= deadline) server.closeAllConnections();
      else setTimeout(drain, 10);
    };
    drain();
  });
}
