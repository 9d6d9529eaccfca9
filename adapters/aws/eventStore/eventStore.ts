import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import type {
  AppendResult,
  Checkpoint,
  ClaimResult,
  EventItem,
  EventLog,
  NewEventItem,
  Writer,
} from '../../../application/ports/eventLog';
import { eventAttributes as A } from '../../../resources/declarations';
import { written } from '../conditionalWrites';
import { packEvents, sameEvents, unpackEvents } from './eventItem';

/**
 * The event log in DynamoDB (table `events`): one item per commit batch of one symbol, keyed by its first event's
 * sequence, written only with conditions (see resources/declarations.ts).
 */
export class DynamoEventLog implements EventLog {
  /**
   * `onWritten` is told each item this log itself wrote, as the table now holds it: what DynamoDB Streams carries
   * as the new image (the local stack's stream poller takes it instead of reading the item back).
   */
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
    private readonly onWritten?: (item: Readonly<Record<string, unknown>>) => void,
  ) {}

  async lastSeq(stream: string): Promise<number> {
    return (await this.lastItem(stream))?.last ?? 0;
  }

  /** At most one claim follows the newest item of events, so the newest two items hold it. */
  async lastItem(stream: string): Promise<EventItem | undefined> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: '#stream = :stream',
        ExpressionAttributeNames: { '#stream': A.stream },
        ExpressionAttributeValues: { ':stream': stream },
        ScanIndexForward: false,
        Limit: 2,
        ConsistentRead: true,
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = decodeItem(raw);
      if (item.events !== null) return item;
    }
    return undefined;
  }

  /** A page at a time. */
  async *itemsAfter(stream: string, afterSeq: number): AsyncGenerator<EventItem> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#stream = :stream AND #seq > :after',
          ExpressionAttributeNames: { '#stream': A.stream, '#seq': A.seq },
          ExpressionAttributeValues: { ':stream': stream, ':after': afterSeq },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const raw of page.Items ?? []) yield decodeItem(raw);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  async claim(stream: string, seq: number, writer: Writer): Promise<ClaimResult> {
    const fresh = await written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            [A.stream]: stream,
            [A.seq]: seq,
            [A.writer]: writer.id,
            [A.fence]: writer.fence,
            [A.time]: this.clock(),
          },
          ConditionExpression: 'attribute_not_exists(#seq)',
          ExpressionAttributeNames: { '#seq': A.seq },
        }),
      ),
    );
    if (fresh) return 'claimed';
    const takenOver = await written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { [A.stream]: stream, [A.seq]: seq },
          UpdateExpression: 'SET #writer = :writer, #fence = :fence, #time = :time',
          ConditionExpression: 'attribute_exists(#seq) AND attribute_not_exists(#events)',
          ExpressionAttributeNames: {
            '#seq': A.seq,
            '#events': A.events,
            '#writer': A.writer,
            '#fence': A.fence,
            '#time': A.time,
          },
          ExpressionAttributeValues: { ':writer': writer.id, ':fence': writer.fence, ':time': this.clock() },
        }),
      ),
    );
    return takenOver ? 'claimed' : 'taken';
  }

  async append(seq: number, item: NewEventItem, writer: Writer, intoClaim: boolean): Promise<AppendResult> {
    const last = seq + item.events.length - 1;
    const events = packEvents(item.events);
    const attributes: Record<string, unknown> = {
      [A.last]: last,
      [A.events]: events,
      ...(item.checkpoint ? { [A.checkpoint]: item.checkpoint } : {}),
      ...(item.chain ? { [A.chain]: item.chain } : {}),
      [A.writer]: writer.id,
      [A.fence]: writer.fence,
      [A.time]: this.clock(),
    };
    const names = Object.keys(attributes);
    // Into the writer's own claim, or as a new item: either way, never over what another writer put there.
    const write = intoClaim
      ? this.documents.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { [A.stream]: item.stream, [A.seq]: seq },
            UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
            ConditionExpression: '#writer = :me AND attribute_not_exists(#events)',
            ExpressionAttributeNames: {
              ...Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
              '#writer': A.writer,
              '#events': A.events,
            },
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((n, i) => [`:a${i}`, attributes[n]])),
              ':me': writer.id,
            },
          }),
        )
      : this.documents.send(
          new PutCommand({
            TableName: this.table,
            Item: { [A.stream]: item.stream, [A.seq]: seq, ...attributes },
            ConditionExpression: 'attribute_not_exists(#seq)',
            ExpressionAttributeNames: { '#seq': A.seq },
          }),
        );
    if (await written(write)) {
      // A claim holds only what `attributes` sets again, so either write leaves the item exactly this.
      this.onWritten?.({ [A.stream]: item.stream, [A.seq]: seq, ...attributes });
      return 'written';
    }
    const existing = await this.documents.send(
      new GetCommand({
        TableName: this.table,
        Key: { [A.stream]: item.stream, [A.seq]: seq },
        ConsistentRead: true,
      }),
    );
    const stored = existing.Item?.[A.events] as Uint8Array | undefined;
    // Identical events count as ours only if no later owner of the shard wrote them (a higher fence): a zombie
    // that re-decided exactly what the new owner committed must stop here, not append after the new owner's items.
    const fence = existing.Item?.[A.fence] as number | undefined;
    const same =
      stored !== undefined &&
      existing.Item?.[A.last] === last &&
      fence !== undefined &&
      fence <= writer.fence &&
      sameEvents(stored, item.events);
    return same ? 'written' : 'conflict';
  }

  /** Every stream's first item has sequence 1: a scan for those (an operator's rebuild, not a hot path). */
  async streams(): Promise<string[]> {
    const found = new Set<string>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({
          TableName: this.table,
          ProjectionExpression: '#stream',
          FilterExpression: '#seq = :one',
          ExpressionAttributeNames: { '#stream': A.stream, '#seq': A.seq },
          ExpressionAttributeValues: { ':one': 1 },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) found.add(item[A.stream] as string);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return [...found].sort();
  }
}

function decodeItem(raw: Record<string, unknown>): EventItem {
  const events = raw[A.events] as Uint8Array | undefined;
  return {
    stream: raw[A.stream] as string,
    seq: raw[A.seq] as number,
    last: (raw[A.last] as number | undefined) ?? (raw[A.seq] as number) - 1,
    events: events === undefined ? null : unpackEvents(events),
    checkpoint: (raw[A.checkpoint] as Checkpoint | undefined) ?? null,
    chain: (raw[A.chain] as string | undefined) ?? null,
    writer: raw[A.writer] as string,
    fence: raw[A.fence] as number,
    time: raw[A.time] as number,
  };
}
