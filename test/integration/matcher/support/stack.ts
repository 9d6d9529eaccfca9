// What the matcher tests do to the emulators directly: put command records, read them back exactly as the
// matcher sees them, provision extra sets of tables, and read the event store, snapshots and leases raw.

import { createHash } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  ProvisionedThroughputExceededException,
  PutRecordsCommand,
  type PutRecordsCommandOutput,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../../../adapters/aws/clients';
import { unpackEvents } from '../../../../adapters/aws/eventStore/eventItem';
import type { Checkpoint } from '../../../../application/ports/eventLog';
import type { EngineEvent } from '../../../../core/engine/events';
import { createTableInput } from '../../../../local/provision';
import {
  eventAttributes as E,
  leaseAttributes as L,
  resourceNames,
  snapshotAttributes as S,
  type TableId,
  tables,
} from '../../../../resources/declarations';

/** A record to put: partition key and bytes. */
export interface OutRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/** A record as the matcher reads it. */
export interface ReadRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  /** ApproximateArrivalTimestamp in epoch ms: the command's time. */
  readonly arrival: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** PutRecords takes at most 500 records; kinesis-local throttles a shard at 1,000 records/s like AWS. */
const PUT_BATCH = 500;

/** Highest sequence number put per shard: the point the matcher must reach to have consumed everything. */
export class PutLog {
  readonly tips = new Map<string, string>();
  count = 0;

  note(shardId: string, sequenceNumber: string): void {
    const tip = this.tips.get(shardId);
    if (tip === undefined || BigInt(sequenceNumber) > BigInt(tip)) this.tips.set(shardId, sequenceNumber);
    this.count++;
  }
}

/**
 * Puts records with PutRecords, in order, `batch` at a time. A record the emulator refuses (throttled) is put
 * again; on kinesis-local that can move it behind later records of its symbol, which the tests tolerate because
 * they always compare against the records as read back, never as generated.
 */
export async function putRecords(
  kinesis: KinesisClient,
  stream: string,
  records: readonly OutRecord[],
  log: PutLog = new PutLog(),
  batch = PUT_BATCH,
): Promise<PutLog> {
  for (let start = 0; start < records.length; start += batch) {
    let pending = records.slice(start, start + batch);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 50) throw new Error('PutRecords keeps failing');
      if (attempt > 0) await sleep(Math.min(1_000, 50 * attempt));
      let response: PutRecordsCommandOutput;
      try {
        response = await kinesis.send(
          new PutRecordsCommand({
            StreamName: stream,
            Records: pending.map((r) => ({ PartitionKey: r.partitionKey, Data: r.data })),
          }),
        );
      } catch (error) {
        if (error instanceof ProvisionedThroughputExceededException) continue;
        throw error;
      }
      const failed: OutRecord[] = [];
      (response.Records ?? []).forEach((result, i) => {
        if (result.ErrorCode !== undefined || result.SequenceNumber === undefined) failed.push(pending[i]!);
        else log.note(result.ShardId!, result.SequenceNumber);
      });
      pending = failed;
    }
  }
  return log;
}

export async function listShards(kinesis: KinesisClient, stream: string): Promise<Shard[]> {
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  return (Shards ?? []).sort((a, b) => a.ShardId!.localeCompare(b.ShardId!));
}

/** Every record of the stream, shard by shard, in sequence order, as the matcher reads them. */
export async function readAllRecords(kinesis: KinesisClient, stream: string): Promise<ReadRecord[]> {
  const all: ReadRecord[] = [];
  for (const shard of await listShards(kinesis, stream)) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let iterator = ShardIterator;
    while (iterator) {
      let page: Awaited<ReturnType<typeof getRecords>>;
      try {
        page = await getRecords(kinesis, iterator);
      } catch (error) {
        if (error instanceof ProvisionedThroughputExceededException) {
          await sleep(250);
          continue;
        }
        throw error;
      }
      for (const r of page.Records ?? []) {
        all.push({
          shardId: shard.ShardId!,
          sequenceNumber: r.SequenceNumber!,
          partitionKey: r.PartitionKey!,
          data: r.Data!,
          arrival: r.ApproximateArrivalTimestamp!.getTime(),
        });
      }
      if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return all;
}

function getRecords(kinesis: KinesisClient, iterator: string) {
  return kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
}

/** The shard a partition key lands on: MD5 of the key as a 128-bit number, within the shard's hash range. */
export function shardOf(shards: readonly Shard[], partitionKey: string): string {
  const hash = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
  const shard = shards.find(
    (s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= hash && hash <= BigInt(s.HashKeyRange!.EndingHashKey!),
  );
  if (shard === undefined) throw new Error(`no shard for ${partitionKey}`);
  return shard.ShardId!;
}

/** The matcher's own tables. */
export const MATCHER_TABLES: readonly TableId[] = ['events', 'snapshots', 'leases'];

/** Creates the matcher's tables (not the stream) under another prefix: a second matcher on the same stream. */
export async function provisionTables(clients: AwsClients, prefix: string): Promise<void> {
  const names = resourceNames(prefix);
  await Promise.all(
    MATCHER_TABLES.map(async (id) => {
      try {
        await clients.dynamodb.send(new CreateTableCommand(createTableInput(names.tables[id], tables[id])));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      for (;;) {
        const { Table } = await clients.dynamodb.send(
          new DescribeTableCommand({ TableName: names.tables[id] }),
        );
        if (Table?.TableStatus === 'ACTIVE') return;
        await sleep(20);
      }
    }),
  );
}

async function scanAll(
  documents: DynamoDBDocumentClient,
  table: string,
  attributes?: readonly string[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  const projection =
    attributes === undefined
      ? {}
      : {
          ProjectionExpression: attributes.map((_, i) => `#p${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#p${i}`, a])),
        };
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true, ...projection }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** One events item as stored; `events` null on a claim. */
export interface StoredItem {
  readonly stream: string;
  readonly seq: number;
  readonly last: number | null;
  readonly events: readonly EngineEvent[] | null;
  readonly checkpoint: Checkpoint | null;
  readonly writer: string;
  readonly fence: number;
  readonly time: number;
}

/** Every item of the events table, grouped by stream, in key order. */
export async function readEventItems(
  documents: DynamoDBDocumentClient,
  table: string,
): Promise<Map<string, StoredItem[]>> {
  const byStream = new Map<string, StoredItem[]>();
  for (const raw of await scanAll(documents, table)) {
    const bytes = raw[E.events] as Uint8Array | undefined;
    const item: StoredItem = {
      stream: raw[E.stream] as string,
      seq: raw[E.seq] as number,
      last: (raw[E.last] as number | undefined) ?? null,
      events: bytes === undefined ? null : unpackEvents(bytes),
      checkpoint: (raw[E.checkpoint] as Checkpoint | undefined) ?? null,
      writer: raw[E.writer] as string,
      fence: raw[E.fence] as number,
      time: raw[E.time] as number,
    };
    byStream.set(item.stream, [...(byStream.get(item.stream) ?? []), item]);
  }
  for (const items of byStream.values()) items.sort((a, b) => a.seq - b.seq);
  return byStream;
}

/** The items without their events (cheap to poll): `last` is null on a claim. */
export interface ItemHead {
  readonly stream: string;
  readonly seq: number;
  readonly last: number | null;
  readonly writer: string;
  readonly fence: number;
  readonly time: number;
}

export async function readItemHeads(documents: DynamoDBDocumentClient, table: string): Promise<ItemHead[]> {
  const raw = await scanAll(documents, table, [E.stream, E.seq, E.last, E.writer, E.fence, E.time]);
  return raw.map((r) => ({
    stream: r[E.stream] as string,
    seq: r[E.seq] as number,
    last: (r[E.last] as number | undefined) ?? null,
    writer: r[E.writer] as string,
    fence: r[E.fence] as number,
    time: r[E.time] as number,
  }));
}

/** The events of every stream, in item order (claims skipped). */
export function eventsOf(items: Map<string, StoredItem[]>): Map<string, EngineEvent[]> {
  return new Map(
    [...items].map(([stream, list]) => [
      stream,
      list.flatMap((item) => (item.events === null ? [] : item.events)),
    ]),
  );
}

export interface LeaseRow {
  readonly shardId: string;
  readonly owner: string | null;
  readonly counter: number;
  readonly expires: number;
  readonly checkpoint: string | null;
  readonly symbols: readonly string[];
}

export async function readLeases(documents: DynamoDBDocumentClient, table: string): Promise<LeaseRow[]> {
  return (await scanAll(documents, table))
    .map((raw) => ({
      shardId: raw[L.shardId] as string,
      owner: (raw[L.owner] as string | undefined) ?? null,
      counter: (raw[L.counter] as number | undefined) ?? 0,
      expires: (raw[L.expires] as number | undefined) ?? 0,
      checkpoint: (raw[L.checkpoint] as string | undefined) ?? null,
      symbols: [...((raw[L.symbols] as Set<string> | undefined) ?? [])].sort(),
    }))
    .sort((a, b) => a.shardId.localeCompare(b.shardId));
}

/** The stored snapshots of a stream: seq, parts present and parts expected. */
export async function readSnapshotIndex(
  documents: DynamoDBDocumentClient,
  table: string,
): Promise<{ stream: string; snapshot: number; part: number; parts: number }[]> {
  return (await scanAll(documents, table)).map((raw) => ({
    stream: raw[S.stream] as string,
    snapshot: raw[S.snapshot] as number,
    part: raw[S.part] as number,
    parts: raw[S.parts] as number,
  }));
}

/** True once every shard's lease checkpoint has reached the last record put on it. */
export async function caughtUp(documents: DynamoDBDocumentClient, leasesTable: string, puts: PutLog) {
  const leases = await readLeases(documents, leasesTable);
  return [...puts.tips].every(([shardId, tip]) => {
    const checkpoint = leases.find((l) => l.shardId === shardId)?.checkpoint;
    return checkpoint != null && BigInt(checkpoint) >= BigInt(tip);
  });
}

/** Waits until the matcher(s) of `leasesTable` have consumed and committed every record put so far. */
export async function waitCaughtUp(
  documents: DynamoDBDocumentClient,
  leasesTable: string,
  puts: PutLog,
  timeoutMs = 60_000,
  explain: () => string = () => '',
): Promise<number> {
  const started = Date.now();
  while (!(await caughtUp(documents, leasesTable, puts))) {
    if (Date.now() - started > timeoutMs) {
      const leases = await readLeases(documents, leasesTable);
      throw new Error(
        `not caught up within ${timeoutMs} ms: tips ${JSON.stringify([...puts.tips])}, leases ${JSON.stringify(
          leases,
        )}\n${explain()}`,
      );
    }
    await sleep(25);
  }
  return Date.now() - started;
}
