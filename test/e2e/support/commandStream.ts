import type { LocalEmulators } from '../../../local/emulators';
import { streamRecords } from '../../support/streamRecords';

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
  const { clients, names } = exchange.emulators;
  const records = await streamRecords(clients.kinesis, names.streams.commands);
  return new Map(records.map((r) => [`${r.shardId}/${r.sequenceNumber}`, r.payload]));
}

/** The records added since `before`. */
export async function newCommandRecords(
  exchange: WithEmulators,
  before: ReadonlyMap<string, unknown>,
): Promise<unknown[]> {
  const after = await commandRecords(exchange);
  return [...after].filter(([key]) => !before.has(key)).map(([, payload]) => payload);
}
