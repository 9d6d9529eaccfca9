import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AwsClients } from '../../../adapters/aws/clients';
import { packEvents } from '../../../adapters/aws/eventStore/eventItem';
import type { EngineEvent } from '../../../core/engine/events';
import type { ResourceNames } from '../../../resources/declarations';

/**
 * Commits event items to the events table as the matcher would (one item per batch, keyed by its first
 * sequence) and returns each item's DynamoDB Streams record (NEW_IMAGE, binary as base64), as Lambda and the
 * local stream poller deliver them.
 */
export async function commitItems(
  clients: AwsClients,
  names: ResourceNames,
  symbol: string,
  items: readonly (readonly EngineEvent[])[],
): Promise<DynamoDBRecord[]> {
  const records: DynamoDBRecord[] = [];
  for (const events of items) {
    const first = events[0]!.seq;
    const last = events[events.length - 1]!.seq;
    const item = marshall({
      stream: symbol,
      seq: first,
      last,
      events: packEvents(events),
      writer: 'test',
      fence: 1,
      time: events[events.length - 1]!.time,
    });
    await clients.dynamodb.send(
      new PutItemCommand({
        TableName: names.tables.events,
        Item: item,
        ConditionExpression: 'attribute_not_exists(seq)',
      }),
    );
    const image = { ...item, events: { B: Buffer.from(item.events!.B!).toString('base64') } };
    records.push({
      eventID: `${symbol}:${first}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'local',
      dynamodb: {
        Keys: { stream: { S: symbol }, seq: { N: String(first) } },
        NewImage: image as never,
        SequenceNumber: `${symbol}:${String(first).padStart(21, '0')}`,
        StreamViewType: 'NEW_IMAGE',
      },
    });
  }
  return records;
}
