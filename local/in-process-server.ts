// kinesalite and dynalite export an http.Server factory, so they run inside this process: no child to start or
// reap, and they start in milliseconds.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from './emulator';

/** Listens on a free loopback port, chosen by the OS (port 0), so parallel runs never collide. */
export async function runInProcess(server: Server): Promise<RunningEmulator> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}

/** The packages' close() also closes their LevelDB; open keep-alive sockets would otherwise hold it open. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
