// The local AWS on both Kinesis engines: the declared resources exist with the declared keys, and the primitives
// the matcher relies on (ordered records per symbol, write-once event items) behave as on AWS.

import { createServer } from 'node:net';
import { ConditionalCheckFailedException, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { NumberValue, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { kinesisEngines, type LocalEmulators, startEmulators } from '../../local/emulators';
import {
  eventAttributes as E,
  type KeySchema,
  snapshotAttributes as S,
  snapshotSortKey,
  streams,
  type TableId,
  tables,
} from '../../resources/declarations';

const tableIds = Object.keys(tables) as TableId[];

describe.each(kinesisEngines)('local emulators on %s', (engine) => {
  let local: LocalEmulators;

  beforeAll(async () => {
    local = await startEmulators({ kinesis: engine });
    // Measured, not asserted: how long the local stack waits for its AWS.
    console.info(`start-up on ${engine} (ms):`, local.startupMs);
  }, 60_000);

  afterAll(() => local?.stop());

  test('the commands stream exists with the declared shards', async () => {
    const name = local.names.streams.commands;
    const summary = await local.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    expect(summary.StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
    const { Shards } = await local.clients.kinesis.send(new ListShardsCommand({ StreamName: name }));
    expect(Shards).toHaveLength(streams.commands.shards);
  });

  test.each(tableIds)('table %s exists with the declared key', async (id) => {
    const { Table } = await local.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: local.names.tables[id] }),
    );
    const { partition, sort }: KeySchema = tables[id].key;
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: partition.name, KeyType: 'HASH' },
      ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' }] : []),
    ]);
    expect(Table?.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: partition.name, AttributeType: partition.type },
        ...(sort ? [{ AttributeName: sort.name, AttributeType: sort.type }] : []),
      ]),
    );
  });

  test('records of one symbol land on one shard, in order', async () => {
    const { kinesis } = local.clients;
    const StreamName = local.names.streams.commands;
    const put = (data: string) =>
      kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'BTCUSDT', Data: Buffer.from(data) }));
    const first = await put('order 1');
    const second = await put('order 2');
    expect(second.ShardId).toBe(first.ShardId);

    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName,
        ShardId: first.ShardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: first.SequenceNumber,
      }),
    );
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect(Records?.map((r) => [r.PartitionKey, Buffer.from(r.Data ?? []).toString()])).toEqual([
      ['BTCUSDT', 'order 1'],
      ['BTCUSDT', 'order 2'],
    ]);
  });

  test('an event item is written once: the second writer fails the condition', async () => {
    const write = (writer: string) =>
      local.clients.documents.send(
        new PutCommand({
          TableName: local.names.tables.events,
          Item: { [E.stream]: 'BTCUSDT', [E.seq]: 1, [E.last]: 3, [E.fence]: 1, [E.writer]: writer },
          ConditionExpression: 'attribute_not_exists(#stream)',
          ExpressionAttributeNames: { '#stream': E.stream },
        }),
      );
    await write('matcher-a');
    await expect(write('zombie')).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  test('snapshot parts sort between seq and seq + 1, newest first in one query', async () => {
    const TableName = local.names.tables.snapshots;
    const parts = [
      [100, 0, 1],
      [200, 0, 2],
      [200, 1, 2],
      [300, 0, 3], // a writer died after part 0: incomplete
    ] as const;
    for (const [seq, part, count] of parts) {
      const sortKey = NumberValue.from(snapshotSortKey(seq, part));
      await local.clients.documents.send(
        new PutCommand({
          TableName,
          Item: { [S.stream]: 'ETHUSDT', [S.seq]: sortKey, [S.part]: part, [S.parts]: count },
        }),
      );
    }
    const { Items } = await local.clients.documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: '#stream = :stream',
        ExpressionAttributeNames: { '#stream': S.stream },
        ExpressionAttributeValues: { ':stream': 'ETHUSDT' },
        ScanIndexForward: false,
      }),
    );
    expect(Items?.map((i) => [i[S.seq], i[S.part]])).toEqual([
      [300, 0],
      [200.0001, 1],
      [200, 0],
      [100, 0],
    ]);
  });

  test('stop() frees the ports', async () => {
    const ports = Object.values(local.endpoints).map((endpoint) => Number(new URL(endpoint).port));
    await local.stop();
    for (const port of ports) await expect(canListen(port)).resolves.toBe(true);
  });
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
