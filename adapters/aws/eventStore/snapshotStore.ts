import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  NumberValue,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import { snapshotAttributes as A, snapshotSortKey } from '../../../resources/declarations';

export interface StoredSnapshot {
  /** The sequence of the last event the snapshot includes. */
  readonly seq: number;
  readonly bytes: Uint8Array;
  readonly hash: string;
}

/** Parts stay well under the 400 KB item limit. */
const PART_BYTES = 350_000;

/** One archived snapshot per this many events by default: a look back replays at most this many. */
export const DEFAULT_ARCHIVE_EVERY = 1_000_000;

/**
 * Snapshots of a stream, written in parts (see resources/declarations.ts for the key scheme) and read back newest
 * complete first. A snapshot is only an optimisation of replay: losing one costs time, never correctness.
 * Pruning keeps the newest few (recovery) and an archive: the first complete snapshot in each window of
 * `archiveEvery` events, never deleted, which point-in-time queries start from (application/audit/).
 */
export class DynamoSnapshotStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
    private readonly archiveEvery: number = DEFAULT_ARCHIVE_EVERY,
  ) {}

  async write(stream: string, snapshot: StoredSnapshot): Promise<void> {
    const parts = Math.max(1, Math.ceil(snapshot.bytes.length / PART_BYTES));
    for (let part = 0; part < parts; part++) {
      await this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            [A.stream]: stream,
            [A.seq]: NumberValue.from(snapshotSortKey(snapshot.seq, part)),
            [A.snapshot]: snapshot.seq,
            [A.part]: part,
            [A.parts]: parts,
            [A.state]: snapshot.bytes.subarray(part * PART_BYTES, (part + 1) * PART_BYTES),
            [A.hash]: snapshot.hash,
            [A.time]: this.clock(),
          },
        }),
      );
    }
  }

  /** The newest snapshot whose parts are all present, or undefined. */
  newest(stream: string): Promise<StoredSnapshot | undefined> {
    return this.newestComplete(stream, undefined);
  }

  /** The newest complete snapshot at or before `seq` (for looking back), or undefined. */
  atOrBefore(stream: string, seq: number): Promise<StoredSnapshot | undefined> {
    return this.newestComplete(stream, seq);
  }

  private async newestComplete(stream: string, atOrBefore: number | undefined) {
    for await (const group of this.groupsNewestFirst(stream, { atOrBefore })) {
      const parts = group.items.sort((a, b) => (a[A.part] as number) - (b[A.part] as number));
      const expected = parts[0]?.[A.parts] as number;
      if (parts.length !== expected || parts.some((p, i) => p[A.part] !== i)) continue;
      const chunks = parts.map((p) => p[A.state] as Uint8Array);
      const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      return { seq: group.seq, bytes, hash: parts[0]![A.hash] as string };
    }
    return undefined;
  }

  /**
   * Deletes all but the newest `keep` snapshots of a stream (complete or not) and the archive: of the older ones,
   * the oldest complete snapshot in each window of `archiveEvery` events stays. Decided oldest first, so a window
   * whose archive is already kept loses every later snapshot in it.
   */
  async prune(stream: string, keep: number): Promise<number> {
    const groups: { seq: number; items: Record<string, unknown>[] }[] = [];
    for await (const group of this.groupsNewestFirst(stream, { keysOnly: true })) groups.push(group);
    let deleted = 0;
    let archivedWindow = -1;
    for (const group of groups.slice(keep).reverse()) {
      const window = Math.floor(group.seq / this.archiveEvery);
      const complete = group.items.length === (group.items[0]?.[A.parts] as number);
      if (complete && window !== archivedWindow) {
        archivedWindow = window;
        continue;
      }
      for (const item of group.items) {
        await this.documents.send(
          new DeleteCommand({
            TableName: this.table,
            Key: {
              [A.stream]: stream,
              [A.seq]: NumberValue.from(snapshotSortKey(group.seq, item[A.part] as number)),
            },
          }),
        );
        deleted++;
      }
    }
    return deleted;
  }

  /** Snapshot parts grouped by snapshot, newest snapshot first (at or before a sequence; without the state). */
  private async *groupsNewestFirst(
    stream: string,
    options: { atOrBefore?: number | undefined; keysOnly?: boolean } = {},
  ) {
    let startKey: Record<string, unknown> | undefined;
    let current: { seq: number; items: Record<string, unknown>[] } | undefined;
    const bounded = options.atOrBefore !== undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          // Every part of the snapshot at s sorts in [s, s + 1).
          KeyConditionExpression: bounded ? '#stream = :stream AND #seq < :below' : '#stream = :stream',
          ExpressionAttributeNames: {
            '#stream': A.stream,
            ...(bounded || options.keysOnly ? { '#seq': A.seq } : {}),
            ...(options.keysOnly ? { '#snapshot': A.snapshot, '#part': A.part, '#parts': A.parts } : {}),
          },
          ExpressionAttributeValues: {
            ':stream': stream,
            ...(bounded ? { ':below': (options.atOrBefore as number) + 1 } : {}),
          },
          ...(options.keysOnly ? { ProjectionExpression: '#stream, #seq, #snapshot, #part, #parts' } : {}),
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const seq = item[A.snapshot] as number;
        if (current !== undefined && current.seq !== seq) {
          yield current;
          current = undefined;
        }
        current ??= { seq, items: [] };
        current.items.push(item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    if (current !== undefined) yield current;
  }
}
