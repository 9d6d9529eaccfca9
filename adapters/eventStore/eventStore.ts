import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EngineEvent } from '../../core/engine/events';
import { eventAttributes as A } from '../../resources/declarations';
import { type Checkpoint, type EventItem, packEvents, sameEvents, unpackEvents } from './eventItem';

/** Who writes: a matcher instance holding one shard's lease at one counter. Equal incarnations are one writer. */
export interface Writer {
  /** Instance id, shard and lease counter, e.g. "matcher-a1b2/shardId-000000000001/7". */
  readonly id: string;
  readonly fence: number;
}

export type ClaimResult = 'claimed' | 'taken';
export type AppendResult = 'written' | 'conflict';

export interface NewEventItem {
  readonly stream: string;
  readonly events: readonly EngineEvent[];
  readonly checkpoint: Checkpoint | null;
}

/**
 * The events table: the append-only log of every symbol, written only with conditions, so nothing is ever
 * overwritten and a writer that lost its shard cannot add to the log.
 */
export class EventStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The sequence of the last committed event of a stream (0 if none). */
  async lastSeq(stream: string): Promise<number> {
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
      if (item.events !== null) return item.last;
    }
    return 0;
  }

  /** The items of a stream after `afterSeq`, in order (claims included), a page at a time. */
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

  /**
   * Claims the key `seq` of a stream for the writer, so that a previous owner of the shard cannot write there.
   * An unfilled claim of someone else is taken over (its claimant no longer holds the shard); a key that already
   * holds events is 'taken': the caller's view of the log is behind and it must read on.
   */
  async claim(stream: string, seq: number, writer: Writer): Promise<ClaimResult> {
    try {
      await this.documents.send(
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
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    try {
      await this.documents.send(
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
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'taken';
      throw error;
    }
  }

  /**
   * Appends events at `seq`: into the writer's own claim if it holds one there, else as a new item. If the key is
   * taken by an item with exactly these events, a previous incarnation already wrote them (the engine is
   * deterministic, so re-deciding the same commands gives the same events) and the append counts as written,
   * unless a later owner (a higher fence) wrote them.
   * Anything else is a conflict: another writer owns the log now, and the caller must stop.
   */
  async append(seq: number, item: NewEventItem, writer: Writer, intoClaim: boolean): Promise<AppendResult> {
    const last = seq + item.events.length - 1;
    const events = packEvents(item.events);
    const attributes: Record<string, unknown> = {
      [A.last]: last,
      [A.events]: events,
      ...(item.checkpoint ? { [A.checkpoint]: item.checkpoint } : {}),
      [A.writer]: writer.id,
      [A.fence]: writer.fence,
      [A.time]: this.clock(),
    };
    try {
      if (intoClaim) {
        const names = Object.keys(attributes);
        await this.documents.send(
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
        );
      } else {
        await this.documents.send(
          new PutCommand({
            TableName: this.table,
            Item: { [A.stream]: item.stream, [A.seq]: seq, ...attributes },
            ConditionExpression: 'attribute_not_exists(#seq)',
            ExpressionAttributeNames: { '#seq': A.seq },
          }),
        );
      }
      return 'written';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
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
}

function decodeItem(raw: Record<string, unknown>): EventItem {
  const events = raw[A.events] as Uint8Array | undefined;
  return {
    stream: raw[A.stream] as string,
    seq: raw[A.seq] as number,
    last: (raw[A.last] as number | undefined) ?? (raw[A.seq] as number) - 1,
    events: events === undefined ? null : unpackEvents(events),
    checkpoint: (raw[A.checkpoint] as Checkpoint | undefined) ?? null,
    writer: raw[A.writer] as string,
    fence: raw[A.fence] as number,
    time: raw[A.time] as number,
  };
}
