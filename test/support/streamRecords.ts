import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';

/** One record as the stream holds it: where it is, its key, and its payload (JSON decoded; text if it is not). */
export interface StreamRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly payload: unknown;
}

/**
 * Every record on a stream, shard by shard from each shard's TRIM_HORIZON (the emulators keep records after a
 * consumer read them), in stream order within a shard.
 */
export async function streamRecords(kinesis: KinesisClient, stream: string): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  for (const shard of Shards ?? []) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    for (let iterator = ShardIterator; iterator !== undefined; ) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? [])
        records.push({
          shardId: shard.ShardId!,
          sequenceNumber: record.SequenceNumber!,
          partitionKey: record.PartitionKey!,
          payload: decoded(record.Data),
        });
      iterator = (page.Records ?? []).length === 0 ? undefined : page.NextShardIterator;
    }
  }
  return records;
}

function decoded(data: Uint8Array | undefined): unknown {
  const text = Buffer.from(data ?? new Uint8Array()).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
