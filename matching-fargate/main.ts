import { createAwsClients } from '../adapters/aws/clients';
import { DynamoEventLog } from '../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../adapters/aws/eventStore/snapshotStore';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { readConfig } from './config';
import { startHealthServer } from './healthServer';
import { LeaseManager } from './leaseManager';
import { createLogger } from './logger';
import { MatcherWorker } from './matcherWorker';
import { Metrics } from './metrics';

/**
 * The matcher service: `node main.js` in its container (ECS Fargate) or `npm start` locally. Configuration comes
 * from the environment (config.ts); AWS endpoints from AWS_ENDPOINT_URL when pointed at LocalStack or emulators.
 */
async function main(): Promise<void> {
  silenceSdkNodeNotice();
  const config = readConfig();
  const log = createLogger({ service: 'matcher', worker: config.workerId }, config.logLevel);
  const aws = createAwsClients();
  const metrics = new Metrics();
  const stores = {
    events: new DynamoEventLog(aws.documents, config.eventsTable),
    snapshots: new DynamoSnapshotStore(
      aws.documents,
      config.snapshotsTable,
      Date.now,
      config.snapshotArchiveEvery,
    ),
  };
  const leases = new LeaseManager(aws.documents, aws.kinesis, {
    table: config.leasesTable,
    streamName: config.streamName,
    workerId: config.workerId,
    leaseDurationMs: config.leaseDurationMs,
  });
  const worker = new MatcherWorker(aws.kinesis, leases, stores, config, metrics, log);
  let draining = false;
  const server = await startHealthServer(
    config.healthPort,
    () => ({ healthy: !draining, worker: config.workerId, shards: worker.shards }),
    () => ({ worker: config.workerId, shards: worker.shards, ...metrics.snapshot() }),
  );
  const metricsTimer = setInterval(() => {
    process.stdout.write(`${metrics.emf('Shardex/Matcher', { Service: 'matcher' })}\n`);
  }, config.metricsIntervalMs);

  const drain = async (signal: string) => {
    if (draining) return;
    draining = true;
    log.info('draining', { signal });
    clearInterval(metricsTimer);
    await worker.stop();
    server.close();
    aws.destroy();
    log.info('stopped', { metrics: metrics.snapshot() });
    process.exit(0);
  };
  process.on('SIGTERM', () => void drain('SIGTERM'));
  process.on('SIGINT', () => void drain('SIGINT'));

  await worker.start();
  const address = server.address();
  log.info('started', {
    port: typeof address === 'object' && address ? address.port : config.healthPort,
    stream: config.streamName,
  });
}

main().catch((error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', message: 'matcher failed to start', error: String(error) })}\n`,
  );
  process.exit(1);
});
