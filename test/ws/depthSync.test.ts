// The fan-out's diff depth stream against Binance's local order book procedure: a client that joins at any
// point, takes the REST depth at any batch boundary at or after its first message's U (the depth read model may
// be behind the fan-out or ahead of it), and follows the procedure, never sees a gap and ends with exactly the
// engine's book; with a snapshot older than that, it notices and resyncs instead of building a wrong book.

import { batchOf } from '../../adapters/aws/eventStore/eventsStream';
import { memoryPorts } from '../../adapters/memory/ports';
import { depthSegments } from '../../application/fanout/depthSegments';
import type { ConnectionPoster } from '../../application/ports/connections';
import { depthUpdateJson } from '../../binance/streams/marketPayloads';
import type { EngineEvent } from '../../core/engine/events';
import { depthChanges } from '../../core/marketData/depthChanges';
import { compileInstrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { createFanoutHandler } from '../../lambdas/fanout/app';
import { type DepthUpdate, followDepthStream, type Snapshot } from './support/localOrderBook';
import { BOOK_SPEC, cutIntoBatches, prng, randomCommands } from './support/randomBook';
import { streamEvent } from './support/streamRecords';

const instrument = compileInstrument(BOOK_SPEC);
const SYMBOL = BOOK_SPEC.symbol;
const STREAM = `${SYMBOL.toLowerCase()}@depth@100ms`;

/** A fan-out with one connection subscribed to the diff depth stream; returns each invocation's messages. */
async function fanoutCapturing() {
  let sent: string[] = [];
  const poster: ConnectionPoster = {
    post: async (_connectionId, message) => {
      sent.push(message);
      return 'sent';
    },
    disconnect: async () => 'sent',
    close: () => undefined,
  };
  // The fan-out's other ports in memory: one connection subscribed to the diff depth stream, the symbol listed.
  const ports = memoryPorts({ clock: () => 1_700_000_000_000 });
  await ports.subscriptions.subscribe('c1', [STREAM], false, 0);
  await ports.symbols.record(BOOK_SPEC, 1, 0);
  const handle = createFanoutHandler(ports, poster, batchOf);
  return async (batches: EngineEvent[][]): Promise<DepthUpdate[]> => {
    sent = [];
    const response = await handle(streamEvent(batches.map((events) => ({ symbol: SYMBOL, events }))));
    expect(response.batchItemFailures).toEqual([]);
    return sent.map((m) => JSON.parse(m) as DepthUpdate);
  };
}

/** The REST depth at a batch boundary: the depth read model folds each batch's level changes, as here. */
function snapshotsAt(batches: readonly EngineEvent[][]): Map<number, Snapshot> {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  const snapshots = new Map<number, Snapshot>();
  const text = (side: Map<number, number>, descending: boolean): [string, string][] =>
    [...side]
      .sort((x, y) => (descending ? y[0] - x[0] : x[0] - y[0]))
      .map(([p, q]) => [formatPrice(instrument, p), formatQuantity(instrument, q)]);
  for (const batch of batches) {
    for (const change of depthChanges(batch)) {
      const side = change.side === 'BUY' ? bids : asks;
      if (change.quantity === 0) side.delete(change.price);
      else side.set(change.price, change.quantity);
    }
    const last = batch[batch.length - 1]!.seq;
    snapshots.set(last, { lastUpdateId: last, bids: text(bids, true), asks: text(asks, false) });
  }
  return snapshots;
}

function engineBook(engine: ReturnType<typeof randomCommands>['engine']) {
  const text = ([p, q]: [number, number]): [string, string] => [
    formatPrice(instrument, p),
    formatQuantity(instrument, q),
  ];
  return { bids: engine.depth('BUY').map(text), asks: engine.depth('SELL').map(text) };
}

describe('diff depth stream and the local order book procedure', () => {
  test.each([1, 2, 3, 4, 5])(
    'seed %i: every client that can sync does, with no gap, to the engine book',
    async (seed) => {
      const random = prng(seed * 7919);
      const { engine, perCommand } = randomCommands(seed, 1_500);
      const batches = cutIntoBatches(perCommand, random);
      const snapshots = snapshotsAt(batches);
      const boundaries = [...snapshots.keys()];

      // Invocations take 1-4 consecutive batches each, as a stream consumer's batch does.
      const fanout = await fanoutCapturing();
      const perInvocation: DepthUpdate[][] = [];
      for (let i = 0; i < batches.length; ) {
        const take = 1 + Math.floor(random() * 4);
        perInvocation.push(await fanout(batches.slice(i, i + take)));
        i += take;
      }
      const all = perInvocation.flat();
      // One message per invocation (none split: no run changes 2,000 levels), chained, covering every event.
      expect(all).toHaveLength(perInvocation.length);
      all.forEach((m, i) => {
        expect(m).toMatchObject({ e: 'depthUpdate', U: m.pu });
        if (i > 0) expect(m.pu).toBe(all[i - 1]!.u);
      });
      expect(all[0]!.U).toBe(0);
      expect(all[all.length - 1]!.u).toBe(engine.seq);

      let checked = 0;
      for (let join = 0; join < perInvocation.length; join += 1 + Math.floor(random() * 5)) {
        const received = perInvocation.slice(join).flat();
        const firstU = received[0]!.U;
        // Snapshots the client may get: from the boundary just before its first message (REST behind the fan-out)
        // to well past it (REST ahead).
        const usable = boundaries.filter((b) => b >= firstU);
        const picks = [usable[0]!, usable[Math.floor(random() * usable.length)]!, usable[usable.length - 1]!];
        for (const at of picks) {
          const outcome = followDepthStream(snapshots.get(at)!, received);
          if (outcome.kind !== 'synced') throw new Error(`join ${join}, snapshot ${at}: ${outcome.reason}`);
          expect(outcome.lastU).toBe(engine.seq);
          expect({ bids: outcome.bids, asks: outcome.asks }).toEqual(engineBook(engine));
          checked++;
        }
        const older = boundaries.filter((b) => b < firstU).pop();
        if (older !== undefined && received[0]!.U > older) {
          expect(followDepthStream(snapshots.get(older)!, received).kind).toBe('resync');
        }
      }
      expect(checked).toBeGreaterThan(30);
    },
  );

  test('a run too large for one message is split at event boundaries and still chains', () => {
    const random = prng(99);
    const { engine, perCommand } = randomCommands(42, 800);
    const batches = cutIntoBatches(perCommand, random);
    const snapshots = snapshotsAt(batches);
    const events = batches.flat();
    // Three levels per message at most: most runs split, down to single events.
    const messages: DepthUpdate[] = [];
    for (let i = 0, after = 0; i < batches.length; i += 3) {
      const run = batches.slice(i, i + 3).flat();
      for (const segment of depthSegments(run, after, 3))
        messages.push(depthUpdateJson(instrument, segment, 0) as unknown as DepthUpdate);
      after = run[run.length - 1]!.seq;
    }
    expect(messages.length).toBeGreaterThan(batches.length / 3);
    for (const m of messages) expect(m.b.length + m.a.length).toBeLessThanOrEqual(3);
    expect(messages[messages.length - 1]!.u).toBe(events[events.length - 1]!.seq);
    for (const [at, snapshot] of [...snapshots].filter((_, i) => i % 7 === 0)) {
      const outcome = followDepthStream(snapshot, messages);
      if (outcome.kind !== 'synced') throw new Error(`snapshot ${at}: ${outcome.reason}`);
      expect({ bids: outcome.bids, asks: outcome.asks }).toEqual(engineBook(engine));
    }
  });
});
