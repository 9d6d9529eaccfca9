// Creates the declared streams and tables (resources/declarations.ts) on the emulators, as the CDK does on AWS, and waits
// until they are ACTIVE: both emulators create asynchronously, like AWS. Existing resources (a persisted data
// directory) are kept, after checking that their keys still match the declaration.

import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableInput,
  DescribeTableCommand,
  type KeySchemaElement,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  ResourceInUseException as StreamInUseException,
} from '@aws-sdk/client-kinesis';
import type { AwsClients } from '../adapters/aws/clients';
import {
  type AttributeType,
  type KeySchema,
  type ResourceNames,
  streams,
  type TableDeclaration,
  tables,
} from '../resources/declarations';

export async function provision(clients: AwsClients, names: ResourceNames): Promise<void> {
  await Promise.all([
    ...ids(streams).map((id) => createStream(clients, names.streams[id], streams[id].shards)),
    ...ids(tables).map((id) => createTable(clients, names.tables[id], tables[id])),
  ]);
}

async function createStream(clients: AwsClients, name: string, shards: number): Promise<void> {
  try {
    await clients.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  } catch (err) {
    if (!(err instanceof StreamInUseException)) throw err;
  }
  await until(`stream ${name} ACTIVE`, async () => {
    const { StreamDescriptionSummary: s } = await clients.kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    );
    return s?.StreamStatus === 'ACTIVE';
  });
}

async function createTable(clients: AwsClients, name: string, table: TableDeclaration): Promise<void> {
  try {
    await clients.dynamodb.send(new CreateTableCommand(createTableInput(name, table)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await until(`table ${name} ACTIVE`, async () => {
    const { Table: t } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }));
    if (JSON.stringify(t?.KeySchema) !== JSON.stringify(keySchema(table.key))) {
      throw new Error(`table ${name} exists with another key: delete the local data directory`);
    }
    const indexesActive = (t?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    return t?.TableStatus === 'ACTIVE' && indexesActive;
  });
}

/**
 * The declaration as a CreateTable request. TTL is left out: it takes a separate UpdateTimeToLive call that
 * dynalite does not implement, and dynalite would never expire items anyway.
 */
export function createTableInput(name: string, table: TableDeclaration): CreateTableInput {
  const indexes = Object.entries(table.indexes ?? {});
  const keys = [table.key, ...indexes.map(([, index]) => index.key)];
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(table.key),
    AttributeDefinitions: attributeDefinitions(keys),
    ...(indexes.length > 0 && {
      GlobalSecondaryIndexes: indexes.map(([indexName, index]) => ({
        IndexName: indexName,
        KeySchema: keySchema(index.key),
        Projection: { ProjectionType: index.projection ?? 'ALL' },
      })),
    }),
    ...(table.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }),
  };
}

function keySchema(key: KeySchema): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: key.partition.name, KeyType: 'HASH' }];
  if (key.sort) schema.push({ AttributeName: key.sort.name, KeyType: 'RANGE' });
  return schema;
}

/** Every key attribute of the table and its indexes, once. */
function attributeDefinitions(keys: KeySchema[]): AttributeDefinition[] {
  const types = new Map<string, AttributeType>();
  for (const key of keys) {
    for (const attribute of [key.partition, key.sort]) {
      if (attribute) types.set(attribute.name, attribute.type);
    }
  }
  return [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

async function until(what: string, done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function ids<T extends object>(record: T): (keyof T & string)[] {
  return Object.keys(record) as (keyof T & string)[];
}
