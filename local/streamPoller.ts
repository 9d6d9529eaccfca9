import { type AttributeValue, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AwsClients } from '../adapters/aws/clients';
import { DynamoProjectionProgress } from '../adapters/aws/readModels/projectionProgress';
import { IdleBackoff } from '../matching-fargate/idleBackoff';
import type { ResourceNames } from '../resources/declarations';

/** A stream consumer as Lambda runs it: a handler of DynamoDB Streams events with partial batch failures. */
export interface StreamConsumer {
  readonly name: string;
  readonly handle: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
}

export interface PollerOptions {
  /** Wait between polls when nothing new arrived. */
  readonly idleMs?: number;
  /** After a second with nothing new the wait doubles per empty poll up to this (default: idleMs, fixed). */
  readonly maxIdleMs?: number;
  /** Items handed over per call, like the event source mapping's batch size. */
  readonly batchSize?: number;
  /** Attempts for a failing record before it goes to the failure table and is passed, like maxRetryAttempts. */
  readonly maxAttempts?: number;
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * dynalite has no DynamoDB Streams, so locally this reads new items of the events table in order, per symbol,
 * and hands them to the very same handlers AWS runs, in the exact Streams event shape (NEW_IMAGE, binary as
 * base64), keeping its own checkpoint per consumer and symbol. A record a consumer keeps failing on goes to the
 * projectionFailures table with everything needed to replay it, as Lambda's on-failure destination would.
 */
export class StreamPoller {
  private readonly progress: DynamoProjectionProgress;
  private readonly attempts = new Map<string, number>();
  /** Per consumer, the poll in progress: drain() and the loop take turns, never hand one batch over twice. */
  private readonly polling = new Map<string, Promise<unknown>>();
  private running = false;
  private loops: Promise<void>[] = [];
  private symbols: string[] = [];
  private symbolsReadAt = 0;
  /**
   * Each consumer's checkpoint per symbol as this poller last wrote it: it is their only writer, so a poll needs
   * no read of it (forgotten if an advance finds it moved, and read again).
   */
  private readonly checkpoints = new Map<string, number>();
  failures = 0;

  constructor(
    private readonly clients: AwsClients,
    private readonly names: ResourceNames,
    private readonly consumers: readonly StreamConsumer[],
    private readonly options: PollerOptions = {},
  ) {
    this.progress = new DynamoProjectionProgress(clients.documents, names.tables.consumerCheckpoints);
  }

  start(): void {
    this.running = true;
    this.loops = this.consumers.map((consumer) => this.loop(consumer));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops);
  }

  /** Polls every symbol once for every consumer; resolves when all caught up (tests use this to wait). */
  async drain(): Promise<void> {
    for (;;) {
      let moved = false;
      for (const consumer of this.consumers) moved = (await this.pollOnce(consumer)) || moved;
      if (!moved) return;
    }
  }

  private async loop(consumer: StreamConsumer): Promise<void> {
    const idleMs = this.options.idleMs ?? 25;
    const idle = new IdleBackoff(idleMs, this.options.maxIdleMs ?? idleMs);
    while (this.running) {
      try {
        const wait = idle.after(await this.pollOnce(consumer));
        if (wait > 0) await sleep(wait);
      } catch (error) {
        this.options.log?.('stream poller error', { consumer: consumer.name, error });
        await sleep(500);
      }
    }
  }

  /**
   * One poll of every symbol for a consumer, after the consumer's previous poll (from the loop or from drain())
   * has finished: two polls at once would both read the same checkpoint and hand the same records over twice,
   * and the fan-out, which keeps no progress of its own, would push every message of them twice.
   */
  private pollOnce(consumer: StreamConsumer): Promise<boolean> {
    const previous = this.polling.get(consumer.name) ?? Promise.resolve();
    const poll = previous.then(() => this.pollAllSymbols(consumer));
    this.polling.set(
      consumer.name,
      poll.catch(() => undefined),
    );
    return poll;
  }

  private async pollAllSymbols(consumer: StreamConsumer): Promise<boolean> {
    let moved = false;
    for (const symbol of await this.knownSymbols())
      moved = (await this.pollSymbol(consumer, symbol)) || moved;
    return moved;
  }

  /** The symbols the matchers have seen: the union of the leases' symbol sets (refreshed every second). */
  private async knownSymbols(): Promise<string[]> {
    if (Date.now() - this.symbolsReadAt < 1_000) return this.symbols;
    const found = new Set<string>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.clients.dynamodb.send(
        new ScanCommand({ TableName: this.names.tables.leases, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) for (const s of item.symbols?.SS ?? []) found.add(s);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    this.symbols = [...found].sort();
    this.symbolsReadAt = Date.now();
    return this.symbols;
  }

  private async pollSymbol(consumer: StreamConsumer, symbol: string): Promise<boolean> {
    const checkpointName = `poller:${consumer.name}`;
    const checkpointKey = `${checkpointName}|${symbol}`;
    const after = this.checkpoints.get(checkpointKey) ?? (await this.progress.get(checkpointName, symbol));
    const page = await this.clients.dynamodb.send(
      new QueryCommand({
        TableName: this.names.tables.events,
        KeyConditionExpression: '#stream = :stream AND #seq > :after',
        ExpressionAttributeNames: { '#stream': 'stream', '#seq': 'seq' },
        ExpressionAttributeValues: { ':stream': { S: symbol }, ':after': { N: String(after) } },
        Limit: this.options.batchSize ?? 100,
        ConsistentRead: true,
      }),
    );
    const items: Record<string, AttributeValue>[] = [];
    for (const item of page.Items ?? []) {
      if (item.events === undefined) break; // a claim not yet filled: nothing after it is committed
      items.push(item);
    }
    if (items.length === 0) return false;
    const records = items.map((item) => streamRecord(this.names.tables.events, item));
    const response = await consumer.handle({ Records: records });
    const failedId = response?.batchItemFailures?.[0]?.itemIdentifier;
    const failedAt =
      failedId === undefined ? -1 : records.findIndex((r) => r.dynamodb?.SequenceNumber === failedId);
    const doneCount = failedAt < 0 ? items.length : failedAt;
    let checkpoint = after;
    if (doneCount > 0) checkpoint = Number(items[doneCount - 1]!.last!.N);
    if (failedAt >= 0) {
      const key = `${consumer.name}:${symbol}:${items[failedAt]!.seq!.N}`;
      const attempts = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, attempts);
      if (attempts >= (this.options.maxAttempts ?? 10)) {
        await this.recordFailure(consumer.name, symbol, records[failedAt]!);
        this.attempts.delete(key);
        checkpoint = Number(items[failedAt]!.last!.N);
      }
    }
    if (checkpoint > after) {
      if (await this.progress.advance(checkpointName, symbol, after, checkpoint))
        this.checkpoints.set(checkpointKey, checkpoint);
      else this.checkpoints.delete(checkpointKey);
    } else this.checkpoints.set(checkpointKey, after);
    return checkpoint > after;
  }

  private async recordFailure(consumer: string, symbol: string, record: DynamoDBRecord): Promise<void> {
    this.failures++;
    const seq = Number(record.dynamodb?.Keys?.seq?.N);
    this.options.log?.('record sent to the failure table', { consumer, symbol, seq });
    await this.clients.documents.send(
      new PutCommand({
        TableName: this.names.tables.projectionFailures,
        Item: {
          consumer,
          failure: `${symbol}#${String(seq).padStart(16, '0')}`,
          stream: symbol,
          seq,
          error: 'handler kept failing on this record',
          record: JSON.stringify(record),
          time: Date.now(),
        },
      }),
    );
  }
}

/** A DynamoDB Streams record (NEW_IMAGE) of an events item, binary attributes base64 as Lambda receives them. */
function streamRecord(table: string, item: Record<string, AttributeValue>): DynamoDBRecord {
  const image = base64Binaries(item);
  const seq = item.seq!.N!;
  return {
    eventID: `${item.stream!.S}:${seq}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Number(item.time?.N ?? Date.now()) / 1000),
      Keys: { stream: { S: item.stream!.S! }, seq: { N: seq } },
      NewImage: image as never,
      SequenceNumber: seq.padStart(21, '0'),
      SizeBytes: JSON.stringify(image).length,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${table}/stream/local`,
  };
}

function base64Binaries(value: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(value)) out[name] = convert(attribute);
  return out;
}

function convert(attribute: AttributeValue): unknown {
  if (attribute.B !== undefined) return { B: Buffer.from(attribute.B).toString('base64') };
  if (attribute.M !== undefined) return { M: base64Binaries(attribute.M) };
  if (attribute.L !== undefined) return { L: attribute.L.map(convert) };
  return attribute;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
