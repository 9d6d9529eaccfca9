// The Kinesis command bus when PutRecords fails in part or whole. kinesalite cannot fail one record of a request,
// so the client here is a stub at the `send` level: it keeps the records it accepts as a stream would, and fails
// the records (or requests) each test scripts. The happy path runs on kinesalite (test/integration/commandBus).

import type { KinesisClient, PutRecordsCommand, PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { KinesisCommandBus } from '../../adapters/aws/commands/commandBus';
import { CommandNotSent } from '../../application/ports/commandBus';
import type { CommandEnvelope } from '../../application/ports/commandEnvelope';

const cancelAll = (commandId: string): CommandEnvelope => ({
  v: 1,
  commandId,
  symbol: 'BTCUSDT',
  type: 'CancelAllOrders',
  accountId: 9,
});

/** What the stub decides for one record of one request: stored, or failed with this ErrorCode. */
type Verdict = 'ok' | 'ProvisionedThroughputExceededException' | 'InternalFailure';

/**
 * A Kinesis client that answers PutRecords from `script(request number, command id)`, or throws for the whole
 * request when `failRequest(request number)` says so; `stored` is the stream (command ids in sequence order).
 */
function stubKinesis(
  script: (request: number, commandId: string) => Verdict,
  failRequest = (_: number) => false,
) {
  const stored: string[] = [];
  const batches: string[][] = [];
  const client = {
    send: async (command: PutRecordsCommand) => {
      const request = batches.length;
      const ids = command.input.Records!.map(
        (r) => (JSON.parse(new TextDecoder().decode(r.Data)) as { commandId: string }).commandId,
      );
      batches.push(ids);
      if (failRequest(request)) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      const Records: PutRecordsResultEntry[] = ids.map((id) => {
        const verdict = script(request, id);
        if (verdict !== 'ok') return { ErrorCode: verdict, ErrorMessage: `${verdict} for ${id}` };
        stored.push(id);
        return { ShardId: 'shardId-000000000000', SequenceNumber: String(stored.length) };
      });
      return { Records, FailedRecordCount: Records.filter((r) => r.ErrorCode).length };
    },
  };
  return { client: client as unknown as KinesisClient, stored, batches };
}

test('records that come back with an ErrorCode are put again and land once; the others resolve from the first answer', async () => {
  const kinesis = stubKinesis((request, id) => {
    if (id === 'b' && request <= 2) return 'ProvisionedThroughputExceededException';
    if (id === 'c' && request === 1) return 'InternalFailure';
    return 'ok';
  });
  const bus = new KinesisCommandBus(kinesis.client, 'commands');
  const results = await Promise.all(['a', 'b', 'c', 'd'].map((id) => bus.put(cancelAll(id))));

  expect([...kinesis.stored].sort()).toEqual(['a', 'b', 'c', 'd']);
  // Each put answers with its own record: the sequence number the stream gave that command.
  const sequenceOf = (id: string) => String(kinesis.stored.indexOf(id) + 1);
  expect(results.map((r) => r.sequenceNumber)).toEqual(['a', 'b', 'c', 'd'].map(sequenceOf));
  // 'a' alone first (nothing was in flight), then b, c, d together; b and c again, then b once more.
  expect(kinesis.batches).toEqual([['a'], ['b', 'c', 'd'], ['b', 'c'], ['b']]);
});

test('a command out of attempts rejects with CommandNotSent; the others of its batches resolve', async () => {
  const kinesis = stubKinesis((_, id) => (id === 'doomed' ? 'ProvisionedThroughputExceededException' : 'ok'));
  const bus = new KinesisCommandBus(kinesis.client, 'commands', 3);
  const first = bus.put(cancelAll('first'));
  const doomed = bus.put(cancelAll('doomed'));
  const others = ['x', 'y'].map((id) => bus.put(cancelAll(id)));

  const error = await doomed.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CommandNotSent);
  expect(error).toMatchObject({
    commandId: 'doomed',
    cause: { name: 'ProvisionedThroughputExceededException' },
  });
  await expect(Promise.all([first, ...others])).resolves.toHaveLength(3);
  expect(kinesis.batches.flat().filter((id) => id === 'doomed')).toHaveLength(3);
  expect([...kinesis.stored].sort()).toEqual(['first', 'x', 'y']);
});

test('a request that fails whole is an attempt for each of its records', async () => {
  // Request 1 (b, c) fails whole; request 2 puts b and c again, and fails c's record: with 2 attempts, c is out.
  const kinesis = stubKinesis(
    (request, id) => (request === 2 && id === 'c' ? 'InternalFailure' : 'ok'),
    (request) => request === 1,
  );
  const bus = new KinesisCommandBus(kinesis.client, 'commands', 2);
  const [a, b, c] = ['a', 'b', 'c'].map((id) => bus.put(cancelAll(id)));
  await expect(a).resolves.toMatchObject({ sequenceNumber: '1' });
  await expect(b).resolves.toMatchObject({ sequenceNumber: '2' });
  await expect(c).rejects.toMatchObject({ commandId: 'c', cause: { name: 'InternalFailure' } });
  expect(kinesis.batches).toEqual([['a'], ['b', 'c'], ['b', 'c']]);
  expect(kinesis.stored).toEqual(['a', 'b']);
});

test('a command too large for any record rejects at once, sending nothing', async () => {
  const kinesis = stubKinesis(() => 'ok');
  const bus = new KinesisCommandBus(kinesis.client, 'commands');
  const huge = { ...cancelAll('huge'), padding: 'x'.repeat(1024 * 1024) } as unknown as CommandEnvelope;
  await expect(bus.put(huge)).rejects.toEqual(expect.any(CommandNotSent));
  expect(kinesis.batches).toEqual([]);
});
