// The lease's checkpoint is only where a next owner starts reading: each events item carries the checkpoint of its
// last command, and a record the store already reflects is skipped. So the matcher writes the lease checkpoint at
// most every checkpointEveryMs (not once per batch), and a lease whose checkpoint lags any number of batches (here:
// all of them) costs a next owner a re-read, never a command applied twice or lost.

import { DynamoEventLog } from '../../../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../../../adapters/aws/eventStore/snapshotStore';
import { type Lease, LeaseManager } from '../../../matching-fargate/leaseManager';
import { MatcherWorker, type WorkerSettings } from '../../../matching-fargate/matcherWorker';
import { Metrics } from '../../../matching-fargate/metrics';
import { createLogger } from '../../../service-runtime/logger';
import { eventually } from '../../support/eventually';
import { Fixture } from './support/fixture';
import { expectCorrectLog, referenceRun } from './support/reference';
import { readLeases } from './support/stack';
import { generateWorkload, symbolsPerShard } from './support/workload';

jest.setTimeout(60_000);

/** Counts the lease checkpoint writes; a `lost` manager writes none (the process died before each). */
class CountedCheckpoints extends LeaseManager {
  writes = 0;
  lost = false;
  override async checkpoint(held: Lease, sequenceNumber: string): Promise<Lease | undefined> {
    this.writes++;
    if (this.lost) return { ...held, checkpoint: sequenceNumber };
    return super.checkpoint(held, sequenceNumber);
  }
}

const SETTINGS: Omit<WorkerSettings, 'streamName' | 'checkpointEveryMs'> = {
  batchLimit: 20,
  idlePollMs: 20,
  leaseSafetyMs: 500,
  snapshotEveryEvents: 1e9,
  snapshotEveryMs: 1e9,
  snapshotsKept: 1,
  renewIntervalMs: 300,
  shardSyncIntervalMs: 60_000,
};

test('lease checkpoints: at most one per interval while busy, one on a graceful stop; one that lags every batch costs a re-read, not a command twice', async () => {
  const fx = await Fixture.start();
  const log = createLogger({}, 'warn', () => undefined);
  const workers: MatcherWorker[] = [];
  try {
    const symbols = symbolsPerShard(fx.shards, 1);
    const workload = generateWorkload({ seed: 11, symbols, commandsPerSymbol: 200 });
    await fx.put(workload.records);
    const { documents, kinesis } = fx.local.clients;
    const names = fx.local.names;
    const stores = {
      events: new DynamoEventLog(documents, names.tables.events),
      snapshots: new DynamoSnapshotStore(documents, names.tables.snapshots),
    };
    const start = async (workerId: string, checkpointEveryMs: number, lost: boolean) => {
      const leases = new CountedCheckpoints(documents, kinesis, {
        table: names.tables.leases,
        streamName: names.streams.commands,
        workerId,
        leaseDurationMs: 3_000,
      });
      leases.lost = lost;
      const metrics = new Metrics();
      const settings = { ...SETTINGS, streamName: names.streams.commands, checkpointEveryMs };
      const worker = new MatcherWorker(kinesis, leases, stores, settings, metrics, log);
      workers.push(worker);
      await worker.start();
      return { worker, leases, metrics };
    };

    // Given a matcher whose lease checkpoints never land (as if it died before each) and that consumed everything,
    const first = await start('first', 60_000, true);
    await eventually(async () => {
      expect(first.metrics.recordsRead).toBe(workload.records.length);
      expect(first.metrics.commandsApplied + first.metrics.duplicatesDropped).toBe(workload.records.length);
    }, 30_000);
    // ...it wrote none while busy (the interval had not passed), only at its graceful stop, one per shard.
    expect(first.metrics.batches).toBeGreaterThan(fx.shards.length * 5);
    expect(first.leases.writes).toBe(0);
    await first.worker.stop();
    expect(first.leases.writes).toBe(fx.shards.length);
    expect((await readLeases(documents, names.tables.leases)).map((l) => l.checkpoint)).toEqual(
      fx.shards.map(() => null),
    );

    // When the next owner takes the shards, it starts from the lagging lease checkpoint (the stream's start),
    const second = await start('second', 0, false);
    await fx.waitCaughtUp(fx.prefix, 30_000);
    // ...then it re-reads every record, skips each as already in the store, applies none again,
    expect(second.metrics.recordsRead).toBe(workload.records.length);
    expect(second.metrics.replayedRecordsSkipped).toBe(workload.records.length);
    expect(second.metrics.commandsApplied).toBe(0);
    // ...and the log is the reference run's: every command exactly once.
    expectCorrectLog(await fx.items(), referenceRun(await fx.records()));
  } finally {
    for (const w of workers) await w.stop();
    await fx.stop();
  }
});
