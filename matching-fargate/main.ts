import { createAwsClients } from '../adapters/aws/clients';
import { DynamoEventLog } from '../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../adapters/aws/eventStore/snapshotStore';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { createLogger } from '../service-runtime/logger';
import { failedToStart, runService } from '../service-runtime/serviceLifecycle';
import { readConfig } from './config';
import { LeaseManager } from './leaseManager';
import { MatcherWorker } from './matcherWorker';
import { Metrics } from './metrics';

/**
 * The matcher service: `node main.js` in its container (ECS Fargate) or `npm start` locally. Configuration comes
 * from the environment (config.ts); AWS endpoints from AWS_ENDPOINT_URL when pointed at LocalStack or emulators.
 * Health, metrics and the drain on SIGTERM are the services' common lifecycle (service-runtime/).
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
  await runService({
    log,
    healthPort: config.healthPort,
    health: () => ({ worker: config.workerId, shards: worker.shards }),
    metrics: () => ({ worker: config.workerId, shards: worker.shards, ...metrics.snapshot() }),
    emf: () => [metrics.emf('Shardex/Matcher', { Service: 'matcher' })],
    metricsIntervalMs: config.metricsIntervalMs,
    start: async () => {
      await worker.start();
      return { stream: config.streamName };
    },
    stop: async () => {
      await worker.stop();
      aws.destroy();
    },
  });
}

main().catch(failedToStart('matcher'));
