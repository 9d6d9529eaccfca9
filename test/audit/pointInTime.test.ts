// Point in time: after a random session, the book and positions rebuilt at a random earlier sequence or time,
// from the log alone (with snapshots and archives, or without any), are exactly what the engine held right then.

import fc from 'fast-check';
import { snapshotArchive } from '../../adapters/aws/eventStore/symbolSnapshot';
import { MemoryEventLog } from '../../adapters/memory/eventLog';
import { MemorySnapshotStore } from '../../adapters/memory/snapshotStore';
import { bookAt, describeBook } from '../../application/audit/bookAt';
import { symbolAt } from '../../application/audit/symbolAt';
import { SymbolStream } from '../../matching-fargate/symbolStream';
import { propertyParameters, testTimeout } from '../core/properties/support/config';
import { runScenario } from '../core/properties/support/run';
import { scenarioArbitrary } from '../core/properties/support/scenario';

const RUNS = 25;

interface Recorded {
  readonly seq: number;
  readonly time: number;
  readonly hash: string;
  readonly book: string;
}

/** The session through the matcher's own SymbolStream: commits in random batches, snapshots if asked. */
async function loggedSession(
  scenario: Parameters<typeof runScenario>[0],
  batch: number,
  snapshotEvery: number | undefined,
) {
  const { commands } = runScenario(scenario);
  const symbol = scenario.market.spec.symbol;
  const events = new MemoryEventLog();
  const snapshotStore = new MemorySnapshotStore(snapshotEvery === undefined ? 1 : snapshotEvery * 3);
  const stores = { events, snapshots: snapshotStore };
  const stream = await SymbolStream.recover(symbol, stores, { id: 'pit/shard/1', fence: 1 });
  const recorded: Recorded[] = [{ seq: 0, time: 0, hash: stream.engine.stateHash(), book: '' }];
  let sinceSnapshot = 0;
  for (const [i, command] of commands.entries()) {
    const executed = stream.execute(command, { shardId: 'shard', sequenceNumber: String(i + 1) });
    if (executed.kind === 'applied' && executed.events.length > 0)
      recorded.push({
        seq: stream.engine.seq,
        time: stream.engine.lastEventTime,
        hash: stream.engine.stateHash(),
        book: JSON.stringify(describeBook(stream.engine)),
      });
    if ((i + 1) % batch === 0 || i === commands.length - 1) {
      sinceSnapshot += (await stream.commit()).events;
      if (snapshotEvery !== undefined && sinceSnapshot >= snapshotEvery) {
        await stream.snapshot(2);
        sinceSnapshot = 0;
      }
    }
  }
  return { symbol, recorded, ports: { events, snapshots: snapshotArchive(snapshotStore) } };
}

describe('point in time from the log', () => {
  test.each([
    ['without snapshots', undefined],
    ['with snapshots (and archives) every few events', 7],
  ] as const)(
    'book-at a random earlier sequence and time is the state the engine held then, %s',
    async (_name, snapshotEvery) => {
      let fromSnapshots = 0;
      await fc.assert(
        fc.asyncProperty(
          scenarioArbitrary({ futures: true, maxCommands: 120 }),
          fc.integer({ min: 1, max: 9 }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
          async (scenario, batch, picks) => {
            const { symbol, recorded, ports } = await loggedSession(scenario, batch, snapshotEvery);
            for (const pick of picks) {
              const then = recorded[Math.floor(pick * recorded.length) % recorded.length]!;
              const bySeq = await bookAt(ports, symbol, { seq: then.seq });
              expect([bySeq.seq, bySeq.stateHash]).toEqual([then.seq, then.hash]);
              if (then.seq > 0) {
                const { fromSnapshot, eventsReplayed, ...book } = bySeq;
                expect(JSON.stringify(book)).toBe(then.book);
                expect(eventsReplayed).toBe(then.seq - (fromSnapshot ?? 0));
                if (fromSnapshot !== null) fromSnapshots++;
                // Every command of one time shares it: "as of a time" is after the last command stamped then.
                const lastThen = recorded.filter((r) => r.time <= then.time).at(-1)!;
                const byTime = await symbolAt(ports, symbol, { time: then.time });
                expect([byTime.seq, byTime.engine.stateHash()]).toEqual([lastThen.seq, lastThen.hash]);
              }
            }
          },
        ),
        propertyParameters(RUNS),
      );
      // The snapshots were used (not only written), and only when there were any.
      expect(fromSnapshots > 0).toBe(snapshotEvery !== undefined);
    },
    testTimeout(RUNS * 2),
  );
});
