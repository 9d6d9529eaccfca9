import { type AttributeValue, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AwsClients } from '../adapters/aws/clients';
import { DynamoProjectionProgress } from '../adapters/aws/readModels/projectionProgress';
import { IdleBackoff } from '../matching-fargate/idleBackoff';
import type { ResourceNames } from '../resources/declarations';

/** How often each consumer's checkpoint per symbol is written while it moves (and always on stop and drain). */
export const CHECKPOINT_EVERY_MS = 500;

/** One Query's answer: committed items in order; `full` if it may have stopped short (its limit, or a claim). */
interface Page {
  readonly items: readonly Record<string, AttributeValue>[];
  readonly full: boolean;
}

/** What a poll did: handed items over (`moved`), and whether a page came back full (`more` may follow now). */
interface Polled {
  readonly moved: boolean;
  readonly more: boolean;
}

/** A symbol's newest Query (in flight or answered), for the consumers that have not taken it yet. */
interface SharedAnswer {
  readonly after: number;
  /** The poller's commit count when the Query was sent: a later commit may be missing from it. */
  readonly commits: number;
  readonly takenBy: Set<string>;
  readonly page: Promise<Page>;
}

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
  /** Checkpoints are written at most this often per consumer and symbol (default CHECKPOINT_EVERY_MS). */
  readonly checkpointEveryMs?: number;
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
  /** Ends the loops' current wait at once (nudge()); replaced after each nudge. */
  private wake: { promise: Promise<void>; resolve: () => void } = wakeSignal();
  private loops: Promise<void>[] = [];
  private symbols: string[] = [];
  private symbolsReadAt = 0;
  /**
   * Each consumer's position per symbol (the last item handed over and done): the poller is the only writer of
   * their checkpoints, so a poll needs no read (forgotten if an advance finds the stored one moved, and read again).
   */
  private readonly positions = new Map<string, number>();
  /** The checkpoint as the table holds it (this poller's last write or read) and when it was written. */
  private readonly stored = new Map<string, { readonly value: number; readonly at: number }>();
  /**
   * Per symbol, the newest Query (in flight or answered), which the other consumers take instead of asking again
   * while no commit came since it was sent; each consumer takes one answer once, so none waits on another's pace.
   */
  private readonly answers = new Map<string, SharedAnswer>();
  /** Commits nudged so far: an answer read before the newest commit may miss it. */
  private commits = 0;
  /**
   * Per symbol, items this process wrote (`written`), in order, until every consumer has taken them: handed over
   * as they were written, with no Query, as Streams carries a new item's image to its consumers.
   */
  private readonly writtenItems = new Map<string, Record<string, AttributeValue>[]>();
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
    this.nudge();
    await Promise.allSettled(this.loops);
    await this.writeCheckpoints();
  }

  /**
   * An item the events table took, as it holds it now (from the matcher's log in this process: DynamoEventLog's
   * `onWritten`). It is handed over from here when it follows a consumer's position; anything not told here
   * (written by another process, or found already written on a retry) is read by a Query as before. Call nudge()
   * after it.
   */
  written(item: Readonly<Record<string, unknown>>): void {
    const symbol = item.stream as string;
    const kept = this.writtenItems.get(symbol) ?? [];
    // Marshalled as the document client marshals the Put that wrote it (adapters/aws/clients.ts).
    const value = marshall(item, { removeUndefinedValues: true });
    const seq = Number(value.seq!.N);
    // Commits of one symbol come one after the other; should one overtake another, the list stays in order.
    let at = kept.length;
    while (at > 0 && Number(kept[at - 1]!.seq!.N) > seq) at--;
    kept.splice(at, 0, value);
    this.writtenItems.set(symbol, kept);
    this.forgetTaken(symbol, kept);
    // Bounded: a consumer that stopped taking items (failing, or gone) costs Queries later, not memory.
    if (kept.length > WRITTEN_ITEMS_KEPT) kept.splice(0, kept.length - WRITTEN_ITEMS_KEPT);
  }

  /** Told items every consumer has taken go. */
  private forgetTaken(symbol: string, kept: Record<string, AttributeValue>[]): void {
    let taken = Number.POSITIVE_INFINITY;
    for (const c of this.consumers) taken = Math.min(taken, this.positions.get(`${c.name}|${symbol}`) ?? 0);
    let done = 0;
    while (done < kept.length && Number(kept[done]!.last!.N) <= taken) done++;
    if (done > 0) kept.splice(0, done);
  }

  /** Something was committed: the loops poll now instead of at the end of their wait. */
  nudge(): void {
    this.commits++;
    const woken = this.wake;
    this.wake = wakeSignal();
    woken.resolve();
  }

  /** Polls every symbol once for every consumer; resolves when all caught up (tests use this to wait). */
  async drain(): Promise<void> {
    for (;;) {
      let moved = false;
      for (const consumer of this.consumers) moved = (await this.pollOnce(consumer)).moved || moved;
      if (!moved) break;
    }
    await this.writeCheckpoints();
  }

  /** Every position not yet stored is written now (a stop, a drain): a restart resumes exactly there. */
  private async writeCheckpoints(): Promise<void> {
    for (const consumer of this.consumers)
      await this.inTurn(consumer, async () => {
        for (const symbol of this.symbols) await this.storePosition(consumer, symbol, true);
      });
  }

  private async loop(consumer: StreamConsumer): Promise<void> {
    const idleMs = this.options.idleMs ?? 25;
    const idle = new IdleBackoff(idleMs, this.options.maxIdleMs ?? idleMs);
    while (this.running) {
      try {
        // Taken before the poll: a nudge during the poll (an item committed after its Query) ends the wait.
        const woken = this.wake.promise;
        const { moved, more } = await this.pollOnce(consumer);
        // Polled again at once only while a page came back full: anything committed after a page that was not
        // full nudges (or, from another process, waits for the fallback interval).
        const wait = more ? 0 : idle.after(moved) || idleMs;
        await sleepUnless(wait, woken);
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
  private pollOnce(consumer: StreamConsumer): Promise<Polled> {
    return this.inTurn(consumer, () => this.pollAllSymbols(consumer));
  }

  /** Runs `work` after the consumer's poll or checkpoint write in progress, never beside it. */
  private inTurn<T>(consumer: StreamConsumer, work: () => Promise<T>): Promise<T> {
    const previous = this.polling.get(consumer.name) ?? Promise.resolve();
    const turn = previous.then(work);
    this.polling.set(
      consumer.name,
      turn.catch(() => undefined),
    );
    return turn;
  }

  private async pollAllSymbols(consumer: StreamConsumer): Promise<Polled> {
    let moved = false;
    let more = false;
    for (const symbol of await this.knownSymbols()) {
      const polled = await this.pollSymbol(consumer, symbol);
      moved ||= polled.moved;
      more ||= polled.more;
    }
    return { moved, more };
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

  /** Hands the items after the consumer's position over; `more` if the page was full (more may follow now). */
  private async pollSymbol(consumer: StreamConsumer, symbol: string): Promise<Polled> {
    const key = `${consumer.name}|${symbol}`;
    let after = this.positions.get(key);
    if (after === undefined) {
      after = await this.readCheckpoint(consumer, symbol);
      this.positions.set(key, after);
    }
    const { items, full } = await this.itemsAfter(consumer, symbol, after);
    if (items.length === 0) {
      // Gone quiet: the position reached in the last moves is stored once due.
      await this.storePosition(consumer, symbol);
      return { moved: false, more: full };
    }
    const records = items.map((item) => streamRecord(this.names.tables.events, item));
    const response = await consumer.handle({ Records: records });
    const failedId = response?.batchItemFailures?.[0]?.itemIdentifier;
    const failedAt =
      failedId === undefined ? -1 : records.findIndex((r) => r.dynamodb?.SequenceNumber === failedId);
    const doneCount = failedAt < 0 ? items.length : failedAt;
    let position = after;
    if (doneCount > 0) position = Number(items[doneCount - 1]!.last!.N);
    if (failedAt >= 0) {
      const failedKey = `${consumer.name}:${symbol}:${items[failedAt]!.seq!.N}`;
      const attempts = (this.attempts.get(failedKey) ?? 0) + 1;
      this.attempts.set(failedKey, attempts);
      if (attempts >= (this.options.maxAttempts ?? 10)) {
        await this.recordFailure(consumer.name, symbol, records[failedAt]!);
        this.attempts.delete(failedKey);
        position = Number(items[failedAt]!.last!.N);
      }
    }
    if (position <= after) return { moved: false, more: false };
    this.positions.set(key, position);
    await this.storePosition(consumer, symbol);
    return { moved: true, more: full };
  }

  /**
   * The committed items after `after`: the newest answer to the symbol's Query if no commit came since it was
   * asked and this consumer has not taken it yet (the other consumer asked a moment ago), else a Query.
   */
  private async itemsAfter(consumer: StreamConsumer, symbol: string, after: number): Promise<Page> {
    const told = this.writtenAfter(symbol, after);
    if (told !== undefined) return told;
    const shared = this.answers.get(symbol);
    if (
      shared !== undefined &&
      shared.commits === this.commits &&
      !shared.takenBy.has(consumer.name) &&
      after >= shared.after
    ) {
      shared.takenBy.add(consumer.name);
      // Taken by every consumer: its items (up to a page of large items) are not kept any longer.
      if (shared.takenBy.size === this.consumers.length && this.answers.get(symbol) === shared)
        this.answers.delete(symbol);
      const page = await shared.page.catch(() => undefined);
      const items = page?.items.filter((item) => Number(item.seq!.N) > after);
      // A full page may stop short of what follows `after`; a page that was not full holds everything there was.
      if (page !== undefined && items !== undefined && (items.length > 0 || !page.full))
        return { items, full: page.full };
    }
    const answer: SharedAnswer = {
      after,
      commits: this.commits,
      takenBy: new Set([consumer.name]),
      page: this.query(symbol, after),
    };
    // With one consumer there is nobody to share it with.
    if (this.consumers.length > 1) this.answers.set(symbol, answer);
    return answer.page;
  }

  /**
   * The items this process wrote that follow `after` without a gap, up to the batch size; undefined if the next
   * item after `after` was not told (a Query reads it). `full` when more are known past them: past a gap that
   * only a Query fills, or past the batch size, so the loop polls again at once instead of waiting for a nudge.
   */
  private writtenAfter(symbol: string, after: number): Page | undefined {
    const kept = this.writtenItems.get(symbol);
    if (kept === undefined) return undefined;
    this.forgetTaken(symbol, kept);
    let next = kept.findIndex((item) => Number(item.seq!.N) === after + 1);
    if (next < 0) return undefined;
    const items: Record<string, AttributeValue>[] = [];
    const limit = this.options.batchSize ?? 100;
    for (let expected = after + 1; next < kept.length && items.length < limit; next++) {
      const item = kept[next]!;
      if (Number(item.seq!.N) !== expected) break;
      items.push(item);
      expected = Number(item.last!.N) + 1;
    }
    return { items, full: next < kept.length };
  }

  /** The committed items after `after`, in order, up to the batch size or the first claim not yet filled. */
  private async query(symbol: string, after: number): Promise<Page> {
    const limit = this.options.batchSize ?? 100;
    const page = await this.clients.dynamodb.send(
      new QueryCommand({
        TableName: this.names.tables.events,
        KeyConditionExpression: '#stream = :stream AND #seq > :after',
        ExpressionAttributeNames: { '#stream': 'stream', '#seq': 'seq' },
        ExpressionAttributeValues: { ':stream': { S: symbol }, ':after': { N: String(after) } },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const found = page.Items ?? [];
    const items: Record<string, AttributeValue>[] = [];
    for (const item of found) {
      if (item.events === undefined) break; // a claim not yet filled: nothing after it is committed
      items.push(item);
    }
    return { items, full: found.length >= limit || items.length < found.length };
  }

  private async readCheckpoint(consumer: StreamConsumer, symbol: string): Promise<number> {
    const value = await this.progress.get(`poller:${consumer.name}`, symbol);
    this.stored.set(`${consumer.name}|${symbol}`, { value, at: Number.NEGATIVE_INFINITY });
    return value;
  }

  /**
   * Writes a consumer's position as its checkpoint if it is due (checkpointEveryMs since the last write) or
   * `now`. Between writes only a crash of this process loses positions: a restart then hands the items after the
   * stored checkpoint over again, which the projector skips (it keeps its own progress) and the fan-out pushes
   * again (clients resync by `pu`), as a Lambda retry would.
   */
  private async storePosition(consumer: StreamConsumer, symbol: string, now = false): Promise<void> {
    const key = `${consumer.name}|${symbol}`;
    const position = this.positions.get(key);
    const stored = this.stored.get(key);
    if (position === undefined || stored === undefined || position <= stored.value) return;
    if (!now && Date.now() - stored.at < (this.options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS)) return;
    if (await this.progress.advance(`poller:${consumer.name}`, symbol, stored.value, position)) {
      this.stored.set(key, { value: position, at: Date.now() });
    } else {
      // Someone else moved it: start over from what the table holds.
      this.positions.delete(key);
      this.stored.delete(key);
    }
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

/**
 * Items told by written() kept per symbol at most: normally a few, as they go once every consumer took them; the
 * bound holds memory (an item can be hundreds of KB) while a consumer is stuck or a symbol not yet polled.
 */
const WRITTEN_ITEMS_KEPT = 64;

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

/** Sleeps `ms`, or less if `woken` settles first (the timer is then cleared: nothing keeps the process up). */
function sleepUnless(ms: number, woken: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void woken.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function wakeSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
