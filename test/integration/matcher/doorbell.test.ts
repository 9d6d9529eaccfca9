// Where the putter runs in the matcher's process (the local stack), each put rings the doorbell and the poll
// interval is only a fallback: every command is read at once after its put, and a batch that was not full is
// followed by the wait (which a ring ends), not by a poll that comes back empty.

import { DynamoEventLog } from '../../../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../../../adapters/aws/eventStore/snapshotStore';
import { Doorbell } from '../../../matching-fargate/doorbell';
import { LeaseManager } from '../../../matching-fargate/leaseManager';
import { MatcherWorker } from '../../../matching-fargate/matcherWorker';
import { Metrics } from '../../../matching-fargate/metrics';
import { createLogger } from '../../../service-runtime/logger';
import { eventually } from '../../support/eventually';
import { Fixture } from './support/fixture';
import { expectCorrectLog, referenceRun } from './support/reference';
import { generateWorkload, symbolsPerShard } from './support/workload';

jest.setTimeout(60_000);

test('rung by each put, the matcher reads every command at once with no empty poll after a batch that was not full', async () => {
  const fx = await Fixture.start();
  let worker: MatcherWorker | undefined;
  const doorbell = new Doorbell();
  try {
    const { documents, kinesis } = fx.local.clients;
    const names = fx.local.names;
    let getRecords = 0;
    kinesis.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'GetRecordsCommand') getRecords++;
        return next(args);
      },
      { step: 'initialize', name: 'testGetRecordsCounter' },
    );
    const metrics = new Metrics();
    const leases = new LeaseManager(documents, kinesis, {
      table: names.tables.leases,
      streamName: names.streams.commands,
      workerId: 'rung',
      leaseDurationMs: 10_000,
    });
    worker = new MatcherWorker(
      kinesis,
      leases,
      {
        events: new DynamoEventLog(documents, names.tables.events),
        snapshots: new DynamoSnapshotStore(documents, names.tables.snapshots),
      },
      {
        streamName: names.streams.commands,
        batchLimit: 100,
        // The fallback is a minute: a command read within seconds was read because its put rang.
        idlePollMs: 60_000,
        leaseSafetyMs: 2_000,
        snapshotEveryEvents: 1e9,
        snapshotEveryMs: 1e9,
        snapshotsKept: 1,
        renewIntervalMs: 2_500,
        shardSyncIntervalMs: 60_000,
        doorbell,
      },
      metrics,
      createLogger({}, 'warn', () => undefined),
    );
    await worker.start();
    // Every shard's first poll, before any put.
    await eventually(async () => expect(getRecords).toBeGreaterThanOrEqual(fx.shards.length));
    const symbols = symbolsPerShard(fx.shards, 1);
    const workload = generateWorkload({ seed: 12, symbols, commandsPerSymbol: 20 });
    const chunks = 15;
    const size = Math.ceil(workload.records.length / chunks);
    const before = getRecords;
    for (let i = 0; i < chunks; i++) {
      const chunk = workload.records.slice(i * size, (i + 1) * size);
      await fx.put(chunk);
      doorbell.ring();
      const read = Math.min(workload.records.length, (i + 1) * size);
      await eventually(async () => expect(metrics.recordsRead).toBe(read), 10_000, 10);
    }
    // One poll per shard per ring (an empty poll after each batch would make it up to two).
    expect(getRecords - before).toBeLessThanOrEqual(chunks * fx.shards.length);
    await fx.waitCaughtUp(fx.prefix, 30_000);
    expectCorrectLog(await fx.items(), referenceRun(await fx.records()));
  } finally {
    // The consumers wait out their minute unless rung: the stop is theirs at once.
    const ringing = setInterval(() => doorbell.ring(), 20);
    await worker?.stop();
    clearInterval(ringing);
    await fx.stop();
  }
});
