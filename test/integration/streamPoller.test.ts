// The local stream poller (the stand-in for DynamoDB Streams) on dynalite with the real AWS SDK: each consumer is
// handed every committed item once and in order; the consumers share one Query per commit instead of one each;
// checkpoints are written at most once per interval while items move and all at a stop, so a restart resumes
// exactly there; a crash between checkpoint writes hands the items since the stored one over again (as a Lambda
// retry would), never loses one; items the poller is told of as they are written are handed over with no Query,
// and the same records a Query would make.

import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
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
      const input = args.input as {
        TableName?: string;
        ExpressionAttributeValues?: Record<string, { S?: string }>;
      };
      const table = input.TableName ?? '?';
      requests.set(`${operation} ${table}`, (requests.get(`${operation} ${table}`) ?? 0) + 1);
      // And by symbol, for the Queries of one stream.
      const stream = input.ExpressionAttributeValues?.[':stream']?.S;
      if (stream !== undefined) {
        const key = `${operation} ${table} ${stream}`;
        requests.set(key, (requests.get(key) ?? 0) + 1);
      }
      return next(args);
    },
    { step: 'initialize', name: 'testRequestCounter' },
  );
  // The poller finds the symbols in the matchers' leases; each test has its own.
  await leaseWithSymbols('shardId-000000000000', ['BTCUSDT', 'ETHUSDT']);
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

/** A matcher's lease naming `symbols`: the pollers started after it poll those symbols too. */
async function leaseWithSymbols(shardId: string, symbols: string[]): Promise<void> {
  await emulators.clients.dynamodb.send(
    new PutItemCommand({
      TableName: emulators.names.tables.leases,
      Item: { shardId: { S: shardId }, symbols: { SS: symbols } },
    }),
  );
}

/** A consumer that keeps every record of `symbol` it is handed, by the item's first sequence. */
function keeper(
  name: string,
  symbol: string,
): StreamConsumer & { readonly records: Map<number, DynamoDBRecord> } {
  const records = new Map<number, DynamoDBRecord>();
  return {
    name,
    records,
    handle: async (event: DynamoDBStreamEvent) => {
      for (const record of event.Records)
        if (record.dynamodb?.Keys?.stream?.S === symbol)
          records.set(Number(record.dynamodb.Keys.seq?.N), record);
      return undefined;
    },
  };
}

test('items the poller is told of as they are written are handed over with no Query, as the same records a Query makes; one it was not told of, or one past a gap, is read by a Query, in order', async () => {
  const symbol = 'SOLUSDT';
  await leaseWithSymbols('shardId-000000000001', [symbol]);
  const projector = keeper('told-projector', symbol);
  const fanout = keeper('told-fanout', symbol);
  const poller = startPoller([projector, fanout]);
  const queries = () => count('Query', `${emulators.names.tables.events} ${symbol}`);
  await eventually(async () => expect(queries()).toBeGreaterThan(0));
  /** Written as the matcher's log writes an item (plain values through the document client), then told. */
  const written = async (seq: number, last = seq) => {
    const item = {
      stream: symbol,
      seq,
      last,
      events: new Uint8Array(Buffer.from(`events ${seq}..${last}`)),
      checkpoint: { shardId: 'shardId-000000000000', sequenceNumber: String(1_000 + seq) },
      writer: 'matcher-1',
      fence: 1,
      time: Date.now(),
    };
    await emulators.clients.documents.send(
      new PutCommand({ TableName: emulators.names.tables.events, Item: item }),
    );
    poller.written(item);
  };
  const firsts = () => [...projector.records.keys()];

  requests.clear();
  await written(1, 2);
  await written(3);
  poller.nudge();
  await eventually(async () => {
    expect(firsts()).toEqual([1, 3]);
    expect([...fanout.records.keys()]).toEqual([1, 3]);
  });
  expect(queries()).toBe(0);

  // Written by another process (the poller was not told): a Query finds it.
  await commit(symbol, 4);
  poller.nudge();
  await eventually(async () => expect(firsts()).toEqual([1, 3, 4]));
  expect(queries()).toBeGreaterThan(0);
  requests.clear();
  await written(5);
  poller.nudge();
  await eventually(async () => expect(firsts()).toEqual([1, 3, 4, 5]));
  expect(queries()).toBe(0);

  // A gap: 6 is written unannounced, then 7 is told. 7 does not follow 5, so a Query reads both, in order.
  await commit(symbol, 6);
  await written(7);
  poller.nudge();
  await eventually(async () => {
    expect(firsts()).toEqual([1, 3, 4, 5, 6, 7]);
    expect([...fanout.records.keys()]).toEqual([1, 3, 4, 5, 6, 7]);
  });
  expect(queries()).toBeGreaterThan(0);

  // The records handed over from what was told are those a Query makes of the stored items.
  const reader = keeper('reader', symbol);
  startPoller([reader]);
  await eventually(async () => expect([...reader.records.keys()]).toEqual([1, 3, 4, 5, 6, 7]));
  for (const seq of [1, 3, 5, 7]) expect(projector.records.get(seq)).toEqual(reader.records.get(seq));
});

test('told items past the memory bound are let go, and read by a Query instead: a consumer that fell behind misses none', async () => {
  const symbol = 'ADAUSDT';
  await leaseWithSymbols('shardId-000000000002', [symbol]);
  const consumer = keeper('behind', symbol);
  const poller = startPoller([consumer]);
  const queries = () => count('Query', `${emulators.names.tables.events} ${symbol}`);
  await eventually(async () => expect(queries()).toBeGreaterThan(0));
  // 100 items told while the consumer is not polling (no nudge): more than the poller keeps a symbol.
  for (let seq = 1; seq <= 100; seq++) {
    const item = { stream: symbol, seq, last: seq, events: new Uint8Array([seq]), time: Date.now() };
    await emulators.clients.documents.send(
      new PutCommand({ TableName: emulators.names.tables.events, Item: item }),
    );
    poller.written(item);
  }
  requests.clear();
  poller.nudge();
  await eventually(async () => expect(consumer.records.size).toBe(100));
  expect([...consumer.records.keys()]).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  // The first ones were let go, so a Query read them.
  expect(queries()).toBeGreaterThan(0);
});
