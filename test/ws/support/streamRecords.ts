import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { packEvents } from '../../../adapters/aws/eventStore/eventItem';
import type { EngineEvent } from '../../../core/engine/events';

/** One events-table item: a batch of a symbol's consecutive events. */
export interface TestBatch {
  readonly symbol: string;
  readonly events: readonly EngineEvent[];
}

/** The DynamoDB Streams record (NEW_IMAGE) of an events item, as the fan-out receives it. */
export function streamRecord(batch: TestBatch): DynamoDBRecord {
  const first = batch.events[0]!.seq;
  const last = batch.events[batch.events.length - 1]!.seq;
  return {
    eventName: 'INSERT',
    dynamodb: {
      Keys: marshall({ stream: batch.symbol, seq: first }) as never,
      NewImage: marshall({
        stream: batch.symbol,
        seq: first,
        last,
        events: packEvents(batch.events),
        time: batch.events[batch.events.length - 1]!.time,
      }) as never,
      SequenceNumber: String(first).padStart(21, '0'),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

export function streamEvent(batches: readonly TestBatch[]): DynamoDBStreamEvent {
  return { Records: batches.map(streamRecord) };
}
