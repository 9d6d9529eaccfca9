// The local stream poller (the stand-in for DynamoDB Streams) on dynalite with the real AWS SDK: each consumer is
// handed every committed item once and in order; the consumers share one Query per commit instead of one each;
// checkpoints are written at most once per interval while items move and all at a stop, so a restart resumes
// exactly there; a crash between checkpoint writes hands the items since the stored one over again (as a Lambda
// retry would), never loses one.

import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { type LocalEmulators, startEmulators } from '../../local/emulators';
import { type PollerOptions, type StreamConsumer, StreamPoller } from '../../local/streamPoller';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

let emulators: LocalEmulators;
/** DynamoDB requests sent through the emulators' client, by operation and table. */
const requests = new Map<string, number>();
const count = (operation: string, table: string) => requests.get(`${operation} ${table}`) ?? 0;

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: 'kinesalite' });
  emulators.clients.dynamodb.middlewareStack.add(
    (next, context) => (args) => {
      const operation = (context.commandName ?? '?').replace(/Command$/, '');
      const table = (args.input as { TableName?: string }).TableName ?? '?';
      requests.set(`${operation} ${table}`, (requests.get(`${operation} ${table}`) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'testRequestCounter' },
  );
  // The poller finds the symbols in the matchers' leases; each test has its own.
  await emulators.clients.dynamodb.send(
    new PutItemCommand({
      TableName: emulators.names.tables.leases,
      Item: { shardId: { S: 'shardId-000000000000' }, symbols: { SS: ['BTCUSDT', 'ETHUSDT'] } },
    }),
  );
});
afterAll(() => emulators?.stop());

/** Commits an events item holding events seq..last of a symbol, as the matcher does (its content is opaque here). */
async function commit(symbol: string, seq: number, last = seq): Promise<void> {
  await emulators.clients.dynamodb.send(
    new PutItemCommand({
      TableName: emulators.names.tables.events,
      Item: {
        stream: { S: symbol },
        seq: { N: String(seq) },
        last: { N: String(last) },
        events: { B: Buffer.from(`events ${seq}..${last}`) },
        time: { N: String(Date.now()) },
      },
    }),
  );
}

/** A consumer that records the first sequence of every item of `symbol` it is handed. */
function recorder(name: string, symbol: string): StreamConsumer & { readonly seen: number[] } {
  const seen: number[] = [];
  return {
    name,
    seen,
    handle: async (event: DynamoDBStreamEvent) => {
      for (const record of event.Records)
        if (record.dynamodb?.Keys?.stream?.S === symbol) seen.push(Number(record.dynamodb.Keys.seq?.N));
      return undefined;
    },
  };
}

async function storedCheckpoint(consumer: string, symbol: string): Promise<number | undefined> {
  const { Item } = await emulators.clients.dynamodb.send(
    new GetItemCommand({
      TableName: emulators.names.tables.consumerCheckpoints,
      Key: { consumer: { S: `poller:${consumer}` }, stream: { S: symbol } },
      ConsistentRead: true,
    }),
  );
  return Item?.seq?.N === undefined ? undefined : Number(Item.seq.N);
}

const running: StreamPoller[] = [];
function startPoller(consumers: StreamConsumer[], options: PollerOptions = {}): StreamPoller {
  // Only nudges make it poll (as commits do on the local stack): the fallback interval is out of the way.
  const poller = new StreamPoller(emulators.clients, emulators.names, consumers, {
    idleMs: 60_000,
    ...options,
  });
  poller.start();
  running.push(poller);
  return poller;
}
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop();
});

test('two consumers, 20 commits: every item to each once and in order, one Query per commit, checkpoints once per interval, all stored at stop, a restart resumes there', async () => {
  const symbol = 'BTCUSDT';
  const everyMs = 2_000;
  const projector = recorder('projector', symbol);
  const fanout = recorder('fanout', symbol);
  const poller = startPoller([projector, fanout], { checkpointEveryMs: everyMs });
  await eventually(async () => expect(count('Query', emulators.names.tables.events)).toBeGreaterThan(0));
  requests.clear();
  const began = Date.now();
  const firsts: number[] = [];
  for (let i = 0; i < 20; i++) {
    const seq = 1 + i * 3;
    firsts.push(seq);
    await commit(symbol, seq, seq + 2);
    poller.nudge();
    await eventually(async () => {
      expect(projector.seen.at(-1)).toBe(seq);
      expect(fanout.seen.at(-1)).toBe(seq);
    });
  }
  const elapsed = Date.now() - began;
  expect(projector.seen).toEqual(firsts);
  expect(fanout.seen).toEqual(firsts);
  // One Query per symbol per nudge answers both consumers (each asking on its own: 2 × 2 per nudge, 80).
  expect(count('Query', emulators.names.tables.events)).toBeLessThanOrEqual(2 * 20 + 4);
  // Checkpoints: per consumer at most one per interval while moving (one at the first move), not one per item.
  const writes = count('PutItem', emulators.names.tables.consumerCheckpoints);
  expect(writes).toBeGreaterThan(0);
  expect(writes).toBeLessThanOrEqual(2 * (1 + Math.ceil(elapsed / everyMs)));
  expect(writes).toBeLessThan(2 * 20);
  await poller.stop();
  running.splice(running.indexOf(poller), 1);
  expect(await storedCheckpoint('projector', symbol)).toBe(60);
  expect(await storedCheckpoint('fanout', symbol)).toBe(60);

  // A poller started after the stop hands nothing over again, and goes on from there.
  const projector2 = recorder('projector', symbol);
  const fanout2 = recorder('fanout', symbol);
  const restarted = startPoller([projector2, fanout2]);
  await commit(symbol, 61);
  restarted.nudge();
  await eventually(async () => {
    expect(projector2.seen).toEqual([61]);
    expect(fanout2.seen).toEqual([61]);
  });
});

test('a crash between checkpoint writes hands the items since the stored checkpoint over again; none is lost', async () => {
  const symbol = 'ETHUSDT';
  const consumer = recorder('crashing', symbol);
  // The first move is stored at once, the next ones only a minute later: the crash comes before.
  const poller = startPoller([consumer], { checkpointEveryMs: 60_000 });
  await commit(symbol, 1);
  poller.nudge();
  await eventually(async () => expect(consumer.seen).toEqual([1]));
  await commit(symbol, 2);
  await commit(symbol, 3);
  poller.nudge();
  await eventually(async () => expect(consumer.seen).toEqual([1, 2, 3]));
  expect(await storedCheckpoint('crashing', symbol)).toBe(1);
  // The process dies: its loop ends with no final write.
  running.splice(running.indexOf(poller), 1);
  (poller as unknown as { running: boolean }).running = false;
  poller.nudge();

  const after = recorder('crashing', symbol);
  startPoller([after]);
  await eventually(async () => expect(after.seen).toEqual([2, 3]));
  await commit(symbol, 4);
  running[0]!.nudge();
  await eventually(async () => expect(after.seen).toEqual([2, 3, 4]));
});
