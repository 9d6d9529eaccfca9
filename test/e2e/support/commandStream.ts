import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import type { LocalEmulators } from '../../../local/emulators';

/** The running local exchange, or anything else holding the emulators. */
interface WithEmulators {
  readonly emulators: LocalEmulators;
}

/**
 * Every record on the `commands` stream, read from each shard's TRIM_HORIZON (the emulator keeps them after the
 * matcher consumed them): `shardId/sequenceNumber` keys and the decoded JSON payloads, to tell whether a request
 * put anything on the stream.
 */
export async function commandRecords(exchange: WithEmulators): Promise<Map<string, unknown>> {
  const kinesis = exchange.emulators.clients.kinesis;
  const StreamName = exchange.emulators.names.streams.commands;
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName }));
  const records = new Map<string, unknown>();
  for (const shard of Shards ?? []) {
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName,
          ShardId: shard.ShardId!,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? []) {
        const text = Buffer.from(record.Data ?? new Uint8Array()).toString('utf8');
        let payload: unknown = text;
        try {
          payload = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        records.set(`${shard.ShardId}/${record.SequenceNumber}`, payload);
      }
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}

/** The records added since `before`. */
export async function newCommandRecords(
  exchange: WithEmulators,
  before: ReadonlyMap<string, unknown>,
): Promise<unknown[]> {
  const after = await commandRecords(exchange);
  return [...after].filter(([key]) => !before.has(key)).map(([, payload]) => payload);
}
