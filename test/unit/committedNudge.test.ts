// The local stack's commit nudge: the stream poller hears of an item the moment the matcher commits it, and of
// nothing else (local/committedNudge.ts).

import { MemoryEventLog } from '../../adapters/memory/eventLog';
import { nudgingEventLog } from '../../local/committedNudge';

test('a written append nudges once; a conflicting one does not', async () => {
  const nudged: string[] = [];
  const log = nudgingEventLog(new MemoryEventLog(), (stream) => nudged.push(stream));
  const event = (commandId: string) =>
    ({ type: 'CommandRejected', seq: 1, time: 0, commandId, code: -1, reason: 'test' }) as never;
  const item = { stream: 'BTCUSDT', events: [event('a')], checkpoint: null };
  const writer = { id: 'matcher-a', fence: 1 };
  expect(await log.append(1, item, writer, false)).toBe('written');
  expect(nudged).toEqual(['BTCUSDT']);
  const other = { stream: 'BTCUSDT', events: [event('b')], checkpoint: null };
  expect(await log.append(1, other, { id: 'matcher-b', fence: 2 }, false)).toBe('conflict');
  expect(nudged).toEqual(['BTCUSDT']);
});
