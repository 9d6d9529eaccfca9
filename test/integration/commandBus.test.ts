// The command bus's group commit on kinesalite with the real AWS SDK: many puts at once go as a few PutRecords,
// every command lands exactly once, each caller gets its own record's sequence number, and a caller's puts made one
// after another stay in order.

import { type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { KinesisCommandBus } from '../../adapters/aws/commands/commandBus';
import type { PutResult } from '../../application/ports/commandBus';
import type { CommandEnvelope } from '../../application/ports/commandEnvelope';
import { type LocalEmulators, startEmulators } from '../../local/emulators';
import { ringingCommandBus } from '../../local/ringingCommandBus';
import { Doorbell } from '../../matching-fargate/doorbell';
import { streamRecords } from '../support/streamRecords';

jest.setTimeout(60_000);

let emulators: LocalEmulators;
/** Kinesis requests sent through the emulators' client, by operation. */
const requests = new Map<string, number>();
beforeAll(async () => {
  emulators = await startEmulators({ kinesis: 'kinesalite' });
  emulators.clients.kinesis.middlewareStack.add(
    (next, context) => (args) => {
      const name = (context.commandName ?? '?').replace(/Command$/, '');
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'testRequestCounter' },
  );
});
afterAll(() => emulators?.stop());

const cancelAll = (symbol: string, commandId: string): CommandEnvelope => ({
  v: 1,
  commandId,
  symbol,
  type: 'CancelAllOrders',
  accountId: 9,
});

interface StoredRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly commandId: string;
}

/** Every record on the stream, shard by shard, in stream order, with the command id it carries. */
async function readStream(kinesis: KinesisClient, stream: string): Promise<StoredRecord[]> {
  return (await streamRecords(kinesis, stream)).map(({ payload, ...where }) => ({
    ...where,
    commandId: (payload as { commandId: string }).commandId,
  }));
}

test('300 puts at once over 4 symbols: each command once, each put its own record, fewer requests, caller order kept', async () => {
  const { kinesis } = emulators.clients;
  const stream = emulators.names.streams.commands;
  const bus = new KinesisCommandBus(kinesis, stream);
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];
  requests.clear();

  // 200 puts at once, one per caller, then 20 callers (5 per symbol) that put 5 commands each one after another,
  // alongside one another: 300 puts, all in flight together at first.
  const single = Array.from({ length: 200 }, (_, i) => cancelAll(symbols[i % 4]!, `single-${i}`));
  const callers = Array.from({ length: 20 }, (_, c) =>
    Array.from({ length: 5 }, (_, n) => cancelAll(symbols[c % 4]!, `caller-${c}-${n}`)),
  );
  const results = new Map<string, PutResult>();
  await Promise.all([
    ...single.map(async (command) => results.set(command.commandId, await bus.put(command))),
    ...callers.map(async (commands) => {
      for (const command of commands) results.set(command.commandId, await bus.put(command));
    }),
  ]);

  const puts = single.length + callers.length * 5;
  expect(results.size).toBe(puts);
  expect(requests.get('PutRecord')).toBeUndefined();
  expect(requests.get('PutRecords')).toBeLessThan(puts);

  const stored = await readStream(kinesis, stream);
  const all = [...single, ...callers.flat()];
  // Exactly once each, on its symbol's key, and the sequence number a put returned is the record holding it.
  expect(stored.map((r) => r.commandId).sort()).toEqual(all.map((c) => c.commandId).sort());
  const bySequence = new Map(stored.map((r) => [`${r.shardId}/${r.sequenceNumber}`, r]));
  for (const command of all) {
    const { shardId, sequenceNumber } = results.get(command.commandId)!;
    const record = bySequence.get(`${shardId}/${sequenceNumber}`);
    expect(record).toMatchObject({ commandId: command.commandId, partitionKey: command.symbol });
  }
  // A caller's puts, each made after the one before resolved, are on the stream in the order made.
  const position = new Map(stored.map((r, i) => [r.commandId, i]));
  for (const commands of callers) {
    const positions = commands.map((c) => position.get(c.commandId)!);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  }
});

test("wrapped for the local stack, the bus rings each batch's shards once their records are on the stream", async () => {
  const { kinesis } = emulators.clients;
  const stream = emulators.names.streams.commands;
  const doorbell = new Doorbell();
  const bus = ringingCommandBus(new KinesisCommandBus(kinesis, stream), doorbell);
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards!.map(
    (s) => s.ShardId!,
  );
  const rung = new Set<string>();
  for (const shard of shards) void doorbell.next(shard).then(() => rung.add(shard));

  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) => bus.put(cancelAll(symbols[i % 4]!, `rung-${i}`))),
  );
  await new Promise((resolve) => setImmediate(resolve));
  expect([...rung].sort()).toEqual([...new Set(results.map((r) => r.shardId))].sort());
});
