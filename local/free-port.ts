import { createServer, type Server } from 'node:net';

/**
 * Loopback ports free right now, for a child process that cannot be told to pick its own (port 0). All probes are
 * held open together, so the ports are distinct. Another process could take one before the child binds it: the
 * window is a few milliseconds, and a clash fails the start loudly.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(Array.from({ length: count }, listenOnAnyPort));
  const ports = probes.map((probe) => {
    const address = probe.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve(probe));
  });
}
