// Regression: the consumer used to store the lease object its checkpoint write started from, so a renewal that
// completed while the write was in flight was undone; a later batch then saw an expiry long past and gave the
// shard up ("lost"), stalling it for a whole lease. Run in process with a lease manager whose checkpoint write is
// slower than a renewal interval (a throttled or slow DynamoDB does that), so it happens every time.

import { DynamoEventLog } from '../../../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../../../adapters/aws/eventStore/snapshotStore';
import { type Lease, LeaseManager } from '../../../matching-fargate/leaseManager';
import { MatcherWorker } from '../../../matching-fargate/matcherWorker';
import { Metrics } from '../../../matching-fargate/metrics';
import { createLogger } from '../../../service-runtime/logger';
import { Fixture } from './support/fixture';
import { expectCorrectLog, referenceRun } from './support/reference';
import { sleep } from './support/stack';
import { generateWorkload, symbolsPerShard } from './support/workload';

jest.setTimeout(60_000);

class SlowCheckpoints extends LeaseManager {
  override async checkpoint(held: Lease, sequenceNumber: string): Promise<Lease | undefined> {
    await sleep(2_700);
    return super.checkpoint(held, sequenceNumber);
  }
}

test('a checkpoint write slower than the renewal interval does not cost the lease', async () => {
  const fx = await Fixture.start();
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({}, 'info', (line) => lines.push(JSON.parse(line)));
  let worker: MatcherWorker | undefined;
  try {
    const [symbol] = symbolsPerShard(fx.shards, 1) as [string];
    const workload = generateWorkload({ seed: 10, symbols: [symbol], commandsPerSymbol: 100 });
    await fx.put(workload.records);
    const { documents, kinesis } = fx.local.clients;
    const names = fx.local.names;
    // Lease 3 s, renewed every 300 ms; no writes within 500 ms of the expiry. A checkpoint takes 2.7 s.
    const settings = {
      streamName: names.streams.commands,
      batchLimit: 50,
      idlePollMs: 20,
      leaseSafetyMs: 500,
      snapshotEveryEvents: 1e9,
      snapshotEveryMs: 1e9,
      snapshotsKept: 1,
      renewIntervalMs: 300,
      shardSyncIntervalMs: 60_000,
    };
    const leases = new SlowCheckpoints(documents, kinesis, {
      table: names.tables.leases,
      streamName: names.streams.commands,
      workerId: 'slow',
      leaseDurationMs: 3_000,
    });
    const stores = {
      events: new DynamoEventLog(documents, names.tables.events),
      snapshots: new DynamoSnapshotStore(documents, names.tables.snapshots),
    };
    const metrics = new Metrics();
    worker = new MatcherWorker(kinesis, leases, stores, settings, metrics, log);
    await worker.start();
    await fx.waitCaughtUp(fx.prefix, 30_000, () => lines.map((l) => JSON.stringify(l)).join('\n'));

    expect(lines.filter((l) => l.message === 'consumer exited')).toEqual([]);
    expect(lines.filter((l) => l.message === 'lease taken')).toHaveLength(fx.shards.length);
    // Every record read once: no batch was dropped and read again after a lost lease.
    expect(metrics.recordsRead).toBe(workload.records.length);
    expectCorrectLog(await fx.items(), referenceRun(await fx.records()));
  } finally {
    await worker?.stop();
    await fx.stop();
  }
});
