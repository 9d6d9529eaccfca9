import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FanoutContext } from '../../application/context';
import { createFanout } from '../../application/fanout/fanout';
import type { ConnectionPoster } from '../../application/ports/connections';
import type { SymbolBatch } from '../../application/ports/eventLog';
import { binanceStreams } from '../../binance/streams/streamFormat';

/** Reads a DynamoDB Streams record of the events table: its batch, or undefined for a claim or a removal. */
export type EventsRecordReader = (record: DynamoDBRecord) => SymbolBatch | undefined;

/**
 * The fan-out Lambda: DynamoDB Streams records of the events table → WebSocket clients (application/fanout),
 * messages in Binance's words (binance/streams). Answers with partial batch failure: the first record of the
 * first run whose messages could not be built.
 */
export function createFanoutHandler(
  ctx: FanoutContext,
  poster: ConnectionPoster,
  read: EventsRecordReader,
  options: { readonly concurrency?: number } = {},
): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const fanOut = createFanout(ctx, { poster, format: binanceStreams, concurrency: options.concurrency });
  return async (event) => {
    const batches = event.Records.flatMap((record) => read(record) ?? []);
    const { failedRecordId } = await fanOut(batches);
    return { batchItemFailures: failedRecordId === undefined ? [] : [{ itemIdentifier: failedRecordId }] };
  };
}
