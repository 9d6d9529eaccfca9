import type { EventItem, EventLog, Writer } from '../../application/ports/eventLog';
import type { EngineEvent } from '../../core/engine/events';
import { type Make, testClock, uniqueSymbol } from './support';

/** Events as the log carries them: only what identifies them matters here. */
function events(symbol: string, from: number, count: number): EngineEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'AllOrdersCanceled',
    seq: from + i,
    time: 1_700_000_000_000 + from + i,
    commandId: `${symbol}-cmd-${from + i}`,
    accountId: 7,
    count: 0,
  }));
}

async function itemsOf(log: EventLog, stream: string, after = 0): Promise<EventItem[]> {
  const items: EventItem[] = [];
  for await (const item of log.itemsAfter(stream, after)) items.push(item);
  return items;
}

const A: Writer = { id: 'matcher-a/shard-1/1', fence: 1 };
const B: Writer = { id: 'matcher-b/shard-1/2', fence: 2 };
const checkpoint = { shardId: 'shardId-000000000001', sequenceNumber: '42' };

export function eventLogContract(make: Make<EventLog>): void {
  describe('EventLog', () => {
    test('appended items read back in order, events and checkpoint exact; lastSeq is the last event', async () => {
      const log = await make(testClock());
      const s = uniqueSymbol();
      expect(await log.lastSeq(s)).toBe(0);
      expect(await log.append(1, { stream: s, events: events(s, 1, 3), checkpoint }, A, false)).toBe(
        'written',
      );
      expect(await log.append(4, { stream: s, events: events(s, 4, 2), checkpoint: null }, A, false)).toBe(
        'written',
      );
      const items = await itemsOf(log, s);
      expect(items.map((i) => [i.seq, i.last, i.writer, i.fence, i.checkpoint])).toEqual([
        [1, 3, A.id, 1, checkpoint],
        [4, 5, A.id, 1, null],
      ]);
      expect(items.flatMap((i) => i.events ?? [])).toEqual(events(s, 1, 5));
      expect((await itemsOf(log, s, 3)).map((i) => i.seq)).toEqual([4]);
      expect(await log.lastSeq(s)).toBe(5);
    });

    test("an item's chain link reads back (none on a claim or an unlinked item); lastItem is the newest item of events", async () => {
      const log = await make(testClock());
      const s = uniqueSymbol();
      expect(await log.lastItem(s)).toBeUndefined();
      const link = 'ab'.repeat(32);
      await log.append(1, { stream: s, events: events(s, 1, 2), checkpoint }, A, false);
      await log.append(3, { stream: s, events: events(s, 3, 1), checkpoint, chain: link }, A, false);
      expect(await log.claim(s, 4, A)).toBe('claimed');
      expect((await itemsOf(log, s)).map((i) => [i.seq, i.chain])).toEqual([
        [1, null],
        [3, link],
        [4, null],
      ]);
      expect(await log.lastItem(s)).toMatchObject({ seq: 3, last: 3, chain: link, events: events(s, 3, 1) });
    });

    test('a key already written is a conflict, unless it holds exactly these events by this or an earlier owner', async () => {
      const log = await make(testClock());
      const s = uniqueSymbol();
      await log.append(1, { stream: s, events: events(s, 1, 2), checkpoint }, A, false);
      const same = { stream: s, events: events(s, 1, 2), checkpoint };
      expect(await log.append(1, same, A, false)).toBe('written');
      expect(await log.append(1, same, B, false)).toBe('written');
      expect(await log.append(1, { ...same, events: events(s, 1, 1) }, A, false)).toBe('conflict');
      const zombie: Writer = { id: 'matcher-z/shard-1/0', fence: 0 };
      expect(await log.append(1, same, zombie, false)).toBe('conflict');
      expect((await itemsOf(log, s)).map((i) => i.writer)).toEqual([A.id]);
    });

    test('a claim fences the key: only its claimant fills it; a new owner takes an unfilled claim over', async () => {
      const log = await make(testClock());
      const s = uniqueSymbol();
      expect(await log.claim(s, 1, A)).toBe('claimed');
      expect(await log.lastSeq(s)).toBe(0);
      const [claim] = await itemsOf(log, s);
      expect(claim).toMatchObject({
        seq: 1,
        last: 0,
        events: null,
        writer: A.id,
        fence: 1,
        checkpoint: null,
      });
      expect(await log.claim(s, 1, B)).toBe('claimed');
      // A, paused and back, may not write into B's claim, nor around it.
      expect(await log.append(1, { stream: s, events: events(s, 1, 1), checkpoint }, A, true)).toBe(
        'conflict',
      );
      expect(await log.append(1, { stream: s, events: events(s, 1, 1), checkpoint }, A, false)).toBe(
        'conflict',
      );
      expect(await log.append(1, { stream: s, events: events(s, 1, 1), checkpoint }, B, true)).toBe(
        'written',
      );
      expect(await log.claim(s, 1, A)).toBe('taken');
      expect(await log.lastSeq(s)).toBe(1);
    });

    test('filling a claim that is not there is a conflict', async () => {
      const log = await make(testClock());
      const s = uniqueSymbol();
      expect(await log.append(1, { stream: s, events: events(s, 1, 1), checkpoint }, A, true)).toBe(
        'conflict',
      );
      expect(await itemsOf(log, s)).toEqual([]);
    });

    test('streams: every stream with a first item', async () => {
      const log = await make(testClock());
      const [s1, s2] = [uniqueSymbol(), uniqueSymbol()];
      await log.append(1, { stream: s2, events: events(s2, 1, 1), checkpoint }, A, false);
      await log.append(1, { stream: s1, events: events(s1, 1, 1), checkpoint }, A, false);
      const streams = await log.streams();
      expect(streams.filter((s) => s === s1 || s === s2)).toEqual([s1, s2].sort());
      expect(streams).toEqual([...streams].sort());
    });
  });
}
