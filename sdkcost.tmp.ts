import { startEmulators } from './local/emulators';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from './adapters/aws/clients';

(async () => {
  const emu = await startEmulators({ placement: 'child' });
  const table = emu.names.tables.requests;
  for (let round = 0; round < 3; round++)
  for (const cache of [false, true]) {
    const c = createAwsClients({ endpoints: emu.endpoints, emulator: true });
    (c.dynamodb.config as any).cacheMiddleware = cache;
    const call = (i: number) => c.documents.send(new PutCommand({ TableName: table, Item: { requestKey: `k${i % 100}`, fingerprint: 'x'.repeat(200), expiresAt: 1 } }));
    for (let i = 0; i < 300; i++) await call(i);
    const t0 = performance.now(); const c0 = process.cpuUsage(); const N = 3000;
    for (let i = 0; i < N; i++) await call(i);
    const cc = process.cpuUsage(c0);
    console.log('cache', cache, 'wall', ((performance.now() - t0) / N).toFixed(3), 'client cpu/call', ((cc.user + cc.system) / N / 1000).toFixed(3), 'ms');
    c.destroy();
  }
  await emu.stop();
})();
