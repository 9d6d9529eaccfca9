import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { SymbolBatch } from '../../../application/ports/eventLog';
import { unpackEvents } from './eventItem';

/**
 * The batch a DynamoDB Streams record of the events table carries (its NEW_IMAGE), or undefined for a record with
 * no events (a matcher's claim, or a removal). The same shape comes from AWS and from the local stream poller;
 * both stream handlers (projector, fan-out) are given this decoder by their composition root.
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
    chain: (item.chain as string | undefined) ?? null,
    recordId: record.dynamodb?.SequenceNumber ?? `${item.stream}:${item.seq}`,
  };
}
