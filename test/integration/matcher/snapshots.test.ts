// Snapshots are only a shortcut: every snapshot the matcher stored, restored and followed by the events after it,
// gives the state of an engine that applied every event from seq 1 (and of the in-memory engine that decided the
// commands), and so does the matcher's own recovery path, SymbolStream.recover.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoEventLog } from '../../../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore, type StoredSnapshot } from '../../../adapters/aws/eventStore/snapshotStore';
import { unpackSymbolSnapshot } from '../../../adapters/aws/eventStore/symbolSnapshot';
import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { SymbolStream } from '../../../matching-fargate/symbolStream';
import { snapshotAttributes as S } from '../../../resources/declarations';
import { envNumber, Fixture } from './support/fixture';
import { expectCorrectLog, referenceRun } from './support/reference';
import { sleep } from './support/stack';
import { generateWorkload, symbolsPerShard } from './support/workload';

jest.setTimeout(120_000);

/** Every complete snapshot of a stream, oldest first. */
async function allSnapshots(fx: Fixture, stream: string): Promise<StoredSnapshot[]> {
  const { Items } = await fx.documents.send(
    new QueryCommand({
      TableName: fx.local.names.tables.snapshots,
      KeyConditionExpression: '#stream = :stream',
      ExpressionAttributeNames: { '#stream': S.stream },
      ExpressionAttributeValues: { ':stream': stream },
      ConsistentRead: true,
    }),
  );
  const groups = new Map<number, Record<string, unknown>[]>();
  for (const item of Items ?? []) {
    const seq = item[S.snapshot] as number;
    groups.set(seq, [...(groups.get(seq) ?? []), item]);
  }
  const complete: StoredSnapshot[] = [];
  for (const [seq, parts] of [...groups].sort((a, b) => a[0] - b[0])) {
    parts.sort((a, b) => (a[S.part] as number) - (b[S.part] as number));
    if (parts.length !== parts[0]![S.parts]) continue;
    complete.push({
      seq,
      bytes: Buffer.concat(parts.map((p) => p[S.state] as Uint8Array)),
      hash: parts[0]![S.hash] as string,
    });
  }
  return complete;
}

function applied(events: readonly EngineEvent[], symbol: string): MatchingEngine {
  const engine = MatchingEngine.create(symbol);
  for (const event of events) engine.apply(event);
  return engine;
}

describe('snapshots', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await Fixture.start();
  });
  afterAll(() => fx?.stop());

  test('restore of each snapshot + replay of later events = a run from the start', async () => {
    const symbols = symbolsPerShard(fx.shards, 1);
    const workload = generateWorkload({
      seed: 8,
      symbols,
      commandsPerSymbol: envNumber('SHARDEX_MATCHER_COMMANDS', 600, 5_000),
      duplicateRate: 0.02,
      invalidRate: 0.01,
    });
    const half = Math.floor(workload.records.length / 2);
    await fx.put(workload.records.slice(0, half));
    const settings = { batchLimit: 40, snapshotEveryEvents: 150, snapshotsKept: 4, leaseMs: 1_500 };
    // A first matcher snapshots, dies; the second recovers from those snapshots and goes on.
    const first = await fx.matcher('snap-1', settings);
    await fx.waitCaughtUp(fx.prefix, 60_000, () => first.tail());
    await sleep(200); // let the last snapshot write finish
    await first.kill();
    await fx.put(workload.records.slice(half));
    const second = await fx.matcher('snap-2', settings);
    await fx.waitCaughtUp(fx.prefix, 60_000, () => second.tail());
    const recovered = second.messages('symbol recovered');
    expect(new Set(recovered.filter((l) => (l.seq as number) > 0).map((l) => l.symbol))).toEqual(
      new Set(symbols),
    );
    second.signal('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    const items = await fx.items();
    const reference = referenceRun(await fx.records());
    expectCorrectLog(items, reference);
    const stores = {
      events: new DynamoEventLog(fx.documents, fx.local.names.tables.events),
      snapshots: new DynamoSnapshotStore(fx.documents, fx.local.names.tables.snapshots),
    };

    for (const symbol of symbols) {
      const list = items.get(symbol)!;
      const events = list.flatMap((i) => i.events ?? []);
      const straight = applied(events, symbol);
      expect(straight.stateHash()).toBe(reference.symbols.get(symbol)!.engine.stateHash());

      const snapshots = await allSnapshots(fx, symbol);
      // Several snapshots kept, all before the end of the log: restoring them means replaying events.
      expect(snapshots.length).toBeGreaterThanOrEqual(2);
      for (const stored of snapshots) {
        const snapshot = unpackSymbolSnapshot(stored);
        expect(snapshot.seq).toBeLessThanOrEqual(events.length);
        const restored = MatchingEngine.restore(snapshot.engine);
        expect(restored.seq).toBe(snapshot.seq);
        // The snapshot is the state at its sequence, exactly...
        expect(restored.stateHash()).toBe(applied(events.slice(0, snapshot.seq), symbol).stateHash());
        // ...with the checkpoint of the item that ends there and every command id up to there.
        const ending = list.find((i) => i.last === snapshot.seq)!;
        expect(snapshot.checkpoint).toEqual(ending.checkpoint);
        expect(snapshot.recentCommandIds).toEqual([
          ...new Set(events.slice(0, snapshot.seq).map((e) => e.commandId)),
        ]);
        // ...and restore + the later events = the straight run.
        for (const event of events.slice(snapshot.seq)) restored.apply(event);
        expect(restored.stateHash()).toBe(straight.stateHash());
      }
      expect(snapshots.some((s) => s.seq < events.length)).toBe(true);

      // The matcher's recovery path: newest snapshot, later items, claim.
      const newest = await stores.snapshots.newest(symbol);
      expect(newest?.seq).toBe(snapshots[snapshots.length - 1]!.seq);
      const stream = await SymbolStream.recover(symbol, stores, { id: `check/${symbol}/99`, fence: 99 });
      expect(stream.engine.seq).toBe(events.length);
      expect(stream.engine.stateHash()).toBe(straight.stateHash());
      expect(stream.reflects([...list].reverse().find((i) => i.checkpoint !== null)!.checkpoint!)).toBe(true);
    }
  });
});
