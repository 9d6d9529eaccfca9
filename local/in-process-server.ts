// kinesalite and dynalite export an http.Server factory, so they run inside this process: no child to start or
// reap, and they start in milliseconds.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from './emulator';

/** How long stop() lets requests already being served finish before it cuts their connections. */
const DRAIN_MS = 5_000;

/** Listens on a free loopback port, chosen by the OS (port 0), so parallel runs never collide. */
export async function runInProcess(server: Server): Promise<RunningEmulator> {
  // A request is in flight until its handler ends the response, not until its connection closes: a client that
  // gives up (destroying the SDK clients at shutdown does) closes the socket while the emulator is still working
  // on the request, between database operations dynalite's own shutdown does not wait for.
  let inFlight = 0;
  server.prependListener('request', (_request, response) => {
    inFlight += 1;
    const end = response.end;
    let ended = false;
    response.end = function (this: typeof response, ...args: Parameters<typeof end>) {
      if (!ended) {
        ended = true;
        inFlight -= 1;
      }
      return end.apply(this, args);
    } as typeof end;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => closeServer(server, () => inFlight) };
}

/**
 * The packages' close() also closes their LevelDB, so a request still being served when it runs would touch a
 * closed database, and dynalite throws that from a callback, killing the process. So: stop accepting, let the
 * requests in flight finish (closing connections as they fall idle, since keep-alive sockets would hold the
 * server open), and only cut what is left after DRAIN_MS.
 */
function closeServer(server: Server, inFlight: () => number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    const deadline = Date.now() + DRAIN_MS;
    const drain = () => {
      server.closeIdleConnections();
      if (inFlight() === 0 || Date.now() >= deadline) server.closeAllConnections();
      else setTimeout(drain, 10);
    };
    drain();
  });
}
