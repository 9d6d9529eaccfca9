import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { unpackEvents } from '../../adapters/eventStore/eventItem';
import type { EngineEvent } from '../../core/engine/events';

/** One committed events item of one symbol, as both stream consumers see it. */
export interface SymbolBatch {
  readonly symbol: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: readonly EngineEvent[];
  /** The record's position in its stream shard (for partial-batch failure reports). */
  readonly recordId: string;
}

/**
 * The batch a DynamoDB Streams record of the events table carries, or undefined for a record with no events (a
 * matcher's claim, or a removal). The same shape comes from AWS and from the local stream poller.
 */
export function batchOf(record: DynamoDBRecord): SymbolBatch | undefined {
  const image = record.dynamodb?.NewImage;
  if (image === undefined || record.eventName === 'REMOVE') return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.events === undefined) return undefined;
  const bytes =
    typeof item.events === 'string' ? Buffer.from(item.events, 'base64') : (item.events as Uint8Array);
  const events = unpackEvents(bytes);
  return {
    symbol: item.stream as string,
    firstSeq: Number(item.seq),
    lastSeq: Number(item.last),
    events,
    recordId: record.dynamodb?.SequenceNumber ?? `${item.stream}:${item.seq}`,
  };
}
