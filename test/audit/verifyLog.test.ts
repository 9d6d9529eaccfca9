// verify-log: an untouched log verifies, with its snapshots; altering any byte of an item, removing an item,
// swapping two, or stripping a link makes it fail at exactly that item.

import fc from 'fast-check';
import { snapshotArchive } from '../../adapters/aws/eventStore/symbolSnapshot';
import { MemoryEventLog } from '../../adapters/memory/eventLog';
import { MemorySnapshotStore } from '../../adapters/memory/snapshotStore';
import { verifyLog } from '../../application/audit/verifyLog';
import type { EventItem } from '../../application/ports/eventLog';
import { SymbolStream } from '../../matching-fargate/symbolStream';
import { runScenario } from '../core/properties/support/run';
import { scenarioArbitrary } from '../core/properties/support/scenario';

async function loggedSession(seed: number) {
  const [scenario] = fc.sample(scenarioArbitrary({ futures: true, maxCommands: 80 }), { seed, numRuns: 1 });
  const { commands } = runScenario(scenario!);
  const symbol = scenario!.market.spec.symbol;
  const events = new MemoryEventLog();
  const snapshotStore = new MemorySnapshotStore(20);
  const stream = await SymbolStream.recover(
    symbol,
    { events, snapshots: snapshotStore },
    { id: 'v/s/1', fence: 1 },
  );
  for (const [i, command] of commands.entries()) {
    stream.execute(command, { shardId: 'shard', sequenceNumber: String(i + 1) });
    if (i % 3 === 2) {
      await stream.commit();
      if (i % 12 === 11) await stream.snapshot(2);
    }
  }
  await stream.commit();
  const items: EventItem[] = [];
  for await (const item of events.itemsAfter(symbol, 0)) if (item.events !== null) items.push(item);
  return { symbol, events, items, ports: { events, snapshots: snapshotArchive(snapshotStore) } };
}

type Tampering = (log: MemoryEventLog, symbol: string, items: EventItem[], at: number) => void;

const tamperings: [string, Tampering][] = [
  [
    'one byte of its events changed',
    (log, symbol, items, at) =>
      log.tamper(symbol, items[at]!.seq, (i) => {
        const text = i.events!;
        // A digit of the item's own sequence number field: still JSON, still decodable, no longer what was said.
        const where = text.indexOf(`"seq":${items[at]!.seq}`) + 6;
        const digit = text[where]!;
        return {
          ...i,
          events:
            text.slice(0, where) + (digit === '9' ? '8' : String(Number(digit) + 1)) + text.slice(where + 1),
        };
      }),
  ],
  [
    'one byte of its events made unreadable',
    (log, symbol, items, at) =>
      log.tamper(symbol, items[at]!.seq, (i) => ({ ...i, events: i.events!.slice(1) })),
  ],
  ['removed', (log, symbol, items, at) => log.tamper(symbol, items[at]!.seq, () => undefined)],
  [
    'swapped with the next',
    (log, symbol, items, at) => {
      const stored = (item: EventItem) => ({
        events: JSON.stringify(item.events),
        chain: item.chain,
        last: item.last,
      });
      log.tamper(symbol, items[at]!.seq, () => stored(items[at + 1]!));
      log.tamper(symbol, items[at + 1]!.seq, () => stored(items[at]!));
    },
  ],
  [
    'its link stripped',
    (log, symbol, items, at) => log.tamper(symbol, items[at]!.seq, (i) => ({ ...i, chain: null })),
  ],
  [
    'its link changed',
    (log, symbol, items, at) =>
      log.tamper(symbol, items[at]!.seq, (i) => ({
        ...i,
        chain: i.chain!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
      })),
  ],
];

describe('verify-log', () => {
  test('an untouched log verifies to its newest link, and every stored snapshot equals the replay', async () => {
    const { symbol, items, ports } = await loggedSession(7);
    const verdict = await verifyLog(ports, symbol);
    expect(verdict).toMatchObject({
      ok: true,
      items: items.length,
      head: { seq: items.at(-1)!.last, chain: items.at(-1)!.chain },
    });
    expect(verdict.snapshotsChecked).toBeGreaterThan(1);
  });

  test.each(tamperings)(
    'an item %s: verify-log fails at exactly that item, whichever it is',
    async (_name, tamper) => {
      for (const seed of [1, 2, 3]) {
        const { items } = await loggedSession(seed);
        for (let at = 0; at < items.length - 1; at += Math.max(1, Math.floor(items.length / 7))) {
          const { symbol, events, ports } = await loggedSession(seed);
          tamper(events, symbol, items, at);
          const verdict = await verifyLog(ports, symbol);
          expect({ at, ok: verdict.ok, seq: verdict.divergence?.seq }).toEqual({
            at,
            ok: false,
            seq: items[at]!.seq,
          });
        }
      }
    },
  );
});
