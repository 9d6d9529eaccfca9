// The shards of one risk service instance share one read of each symbol's log per poll round: what each shard is
// served is exactly what the log holds after its cursor, claims included and later filled; the events table is
// queried once per symbol per round for every caught-up shard, and a shard behind what is kept reads the log itself.

import { MemoryEventLog } from '../../adapters/memory/eventLog';
import type { EventItem, EventLog, Writer } from '../../application/ports/eventLog';
import { SharedLogReads } from '../../application/risk/sharedLogReads';
import type { EngineEvent } from '../../core/engine/events';

const WRITER: Writer = { id: 'matcher-a/shard-1/1', fence: 1 };

function events(from: number, count: number): EngineEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'AllOrdersCanceled',
    seq: from + i,
    time: 1_700_000_000_000 + from + i,
    commandId: `cmd-${from + i}`,
    accountId: 7,
    count: 0,
  }));
}

/** The memory log, counting the reads that reach it. */
function countingLog(): { log: MemoryEventLog; reads: () => number } {
  const log = new MemoryEventLog(() => 1_700_000_000_000);
  let reads = 0;
  const itemsAfter = log.itemsAfter.bind(log);
  log.itemsAfter = (stream: string, after: number) => {
    reads++;
    return itemsAfter(stream, after);
  };
  return { log, reads: () => reads };
}

async function read(log: EventLog, after: number): Promise<[number, number | null][]> {
  const items: EventItem[] = [];
  for await (const item of log.itemsAfter('BTCUSDT', after)) items.push(item);
  return items.map((i) => [i.seq, i.events?.length ?? null]);
}

test('caught-up shards of a round share one read; each gets exactly the log after its cursor', async () => {
  const { log, reads } = countingLog();
  await log.append(1, { stream: 'BTCUSDT', events: events(1, 3), checkpoint: null }, WRITER, false);
  await log.append(4, { stream: 'BTCUSDT', events: events(4, 2), checkpoint: null }, WRITER, false);
  const shared = new SharedLogReads(log);

  shared.nextRound();
  expect(await read(shared, 0)).toEqual([
    [1, 3],
    [4, 2],
  ]);
  expect(await read(shared, 3)).toEqual([[4, 2]]);
  expect(await read(shared, 5)).toEqual([]);
  expect(reads()).toBe(1);

  // A new item and a claim after it: the next round reads the log once more, from its first reader's cursor.
  await log.append(6, { stream: 'BTCUSDT', events: events(6, 1), checkpoint: null }, WRITER, false);
  await log.claim('BTCUSDT', 7, WRITER);
  shared.nextRound();
  expect(await read(shared, 5)).toEqual([
    [6, 1],
    [7, null],
  ]);
  expect(await read(shared, 0)).toEqual([
    [1, 3],
    [4, 2],
    [6, 1],
    [7, null],
  ]);
  expect(reads()).toBe(2);

  // The claim is filled: the next round's readers see the events, not the claim kept from before.
  await log.append(7, { stream: 'BTCUSDT', events: events(7, 2), checkpoint: null }, WRITER, true);
  shared.nextRound();
  expect(await read(shared, 6)).toEqual([[7, 2]]);
  expect(await read(shared, 3)).toEqual([
    [4, 2],
    [6, 1],
    [7, 2],
  ]);
  expect(reads()).toBe(3);
});

test('a shard behind the kept items (recovering from the start) reads the log itself', async () => {
  const { log, reads } = countingLog();
  for (let seq = 1; seq <= 10; seq++)
    await log.append(seq, { stream: 'BTCUSDT', events: events(seq, 1), checkpoint: null }, WRITER, false);
  const shared = new SharedLogReads(log, 3);
  shared.nextRound();
  expect((await read(shared, 0)).length).toBe(10);
  expect(await read(shared, 8)).toEqual([
    [9, 1],
    [10, 1],
  ]);
  expect(reads()).toBe(1);
  expect((await read(shared, 2)).map(([seq]) => seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  expect(reads()).toBe(2);
});
