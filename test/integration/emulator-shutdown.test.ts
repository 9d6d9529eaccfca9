// The in-process emulators must never take the process down with them. dynalite and kinesalite throw from their
// request handlers' callbacks: a client that dies halfway through sending a request, or an operation that meets
// its database closed at shutdown, used to be an uncaught exception that killed the whole test run. Here such an
// exception fails the suite (jest reports it as "Test suite failed to run"), as it did before the wrapper took the
// request streams' errors over.

import { connect, type Socket } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynalite } from '../../local/dynalite';
import type { RunningEmulator } from '../../local/emulator';
import { startKinesalite } from '../../local/kinesalite';

/** Opens a connection and sends a request whose body never arrives in full. */
async function halfSentRequest(endpoint: string, target: string): Promise<Socket> {
  const url = new URL(endpoint);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(
    'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n' +
      `X-Amz-Target: ${target}\r\nContent-Length: 1000\r\n\r\n{"half":`,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  return socket;
}

const emulators: [string, () => Promise<RunningEmulator>, string][] = [
  ['dynalite', () => startDynalite(), 'DynamoDB_20120810.ListTables'],
  ['kinesalite', () => startKinesalite(), 'Kinesis_20131202.ListStreams'],
];

describe.each(emulators)('%s in this process', (_name, start, target) => {
  test('a client that dies halfway through a request is no crash, and does not hold up stop()', async () => {
    const emulator = await start();
    (await halfSentRequest(emulator.endpoint, target)).destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await emulator.stop();
    // Not the drain bound (5 s): the dead client's request was never going to be served, so stop() does not wait.
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});

test('dynalite stopped while a half-sent request holds the drain and writes keep arriving: no crash', async () => {
  const emulator = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: 'items',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'key', AttributeType: 'S' },
        { AttributeName: 'group', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byGroup',
          KeySchema: [{ AttributeName: 'group', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  while (
    (await client.send(new DescribeTableCommand({ TableName: 'items' }))).Table?.TableStatus !== 'ACTIVE'
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const stuck = await halfSentRequest(emulator.endpoint, 'DynamoDB_20120810.ListTables');
  let writing = true;
  let written = 0;
  // Writes that update an index (several database operations each) keep going until the connections are cut.
  const writers = Array.from({ length: 16 }, async (_, w) => {
    while (writing) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: 'items',
            Key: { key: { S: `item-${w}-${written % 4}` } },
            UpdateExpression: 'SET #group = :group, body = :body',
            ExpressionAttributeNames: { '#group': 'group' },
            ExpressionAttributeValues: {
              ':group': { S: `group-${written}` },
              ':body': { S: 'x'.repeat(20_000) },
            },
          }),
        );
        written++;
      } catch {
        return;
      }
    }
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await emulator.stop();
    writing = false;
    await Promise.allSettled(writers);
    // Anything the package still had running after the cut has had time to finish (or to throw).
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    stuck.destroy();
    client.destroy();
  }
  expect(written).toBeGreaterThan(0);
}, 30_000);
