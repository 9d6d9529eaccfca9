import { AsyncLocalStorage } from 'node:async_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReadModelWrites } from '../../../application/ports/readModelWrites';
import { putUnlessApplied } from './conditionalPut';

/** One BatchWriteItem entry: a put or a delete, of a table, through a client. */
export interface BatchRequest {
  readonly documents: DynamoDBDocumentClient;
  readonly table: string;
  readonly request: Record<string, unknown>;
}

/** The batch writes of the batch being projected (one per async context: batches of symbols never mix). */
const gathering = new AsyncLocalStorage<BatchRequest[]>();

/**
 * DynamoDB's ReadModelWrites: the read models' unconditional batch writes of one batch, held while it is folded,
 * then sent in the order they were made, 25 items a request whatever their tables (what was 6 to 9 requests per
 * batch, one per model, becomes one or two).
 */
export const DYNAMO_READ_MODEL_WRITES: ReadModelWrites = {
  async gathered(work) {
    const held: BatchRequest[] = [];
    const result = await gathering.run(held, work);
    await sendBatches(held);
    return result;
  },
};

/**
 * Batch writes, in order: held if a batch is being gathered, else sent now. 25 items a request, retrying what
 * DynamoDB leaves unprocessed before the next request (so a later item is never stored before an earlier one's
 * request was done).
 */
export async function writeBatch(requests: readonly BatchRequest[]): Promise<void> {
  const held = gathering.getStore();
  if (held !== undefined) held.push(...requests);
  else await sendBatches(requests);
}

async function sendBatches(requests: readonly BatchRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    const chunk = requests.slice(i, i + 25);
    // One client per request: the projector's stores share one, so in practice a chunk is one request.
    for (const documents of new Set(chunk.map((r) => r.documents))) {
      const byTable: Record<string, unknown[]> = {};
      for (const r of chunk.filter((c) => c.documents === documents)) {
        byTable[r.table] ??= [];
        byTable[r.table]!.push(r.request);
      }
      let unprocessed: Record<string, unknown[]> | undefined = byTable;
      while (unprocessed !== undefined && Object.keys(unprocessed).length > 0) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: unprocessed as never }));
        unprocessed = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  }
}

/**
 * A batch's changed read-model items of one table: batch writes (gathered with the batch's other models' when a
 * batch is being gathered). `guarded` writes each with its lastSeq condition instead, now (a PutItem per item,
 * held back where the stored item is as new or newer): for a batch the runner cannot vouch follows the store.
 */
export async function putItems(
  documents: DynamoDBDocumentClient,
  table: string,
  items: readonly (Record<string, unknown> & { lastSeq: number })[],
  guarded: boolean,
): Promise<void> {
  if (guarded) {
    await Promise.all(items.map((item) => putUnlessApplied(documents, table, item, item.lastSeq)));
    return;
  }
  await writeBatch(items.map((Item) => ({ documents, table, request: { PutRequest: { Item } } })));
}
