import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReadModelWrites } from '../../../application/ports/readModelWrites';
import type { AwsClients } from '../clients';
import { putUnlessApplied } from './conditionalPut';

/** One BatchWriteItem entry: a put or a delete, of a table, through a client. */
export interface BatchRequest {
  readonly documents: DynamoDBDocumentClient;
  readonly table: string;
  readonly request: Record<string, unknown>;
}

/** The batch writes being gathered, by the document client they are made through (dynamoReadModelWrites). */
const gathering = new WeakMap<DynamoDBDocumentClient, BatchRequest[]>();

/**
 * DynamoDB's ReadModelWrites for the read-model stores that write through `documents`: their unconditional batch
 * writes of one batch, held while it is folded, then sent in the order they were made, 25 items a request
 * whatever their tables (what was 6 to 9 requests per batch, one per model, becomes one or two). Gatherings take
 * turns, so a batch's writes never mix with another's.
 *
 * What is held is found by the client, not by the async context: `documents` must be the projector's own
 * (projectorDocuments), so that nothing else writing at the same time (ingress, a rebuild) is held with it. An
 * AsyncLocalStorage did this before; on Node 20 one in use makes every promise of the process pay async hooks,
 * ≈ 10% of the CPU of each AWS SDK call of the local stack, ingress's included (docs/local-stack.md).
 */
export function dynamoReadModelWrites(documents: DynamoDBDocumentClient): ReadModelWrites {
  let turn: Promise<unknown> = Promise.resolve();
  return {
    gathered(work) {
      const mine = turn.then(async () => {
        const held: BatchRequest[] = [];
        gathering.set(documents, held);
        try {
          const result = await work();
          gathering.delete(documents);
          await sendBatches(held);
          return result;
        } finally {
          gathering.delete(documents);
        }
      });
      turn = mine.catch(() => undefined);
      return mine;
    },
  };
}

/**
 * The projector's own handle on `clients.documents`: the same client (its connection pool, middleware and
 * behaviour: everything is looked up on it), under an identity of its own, which its read-model stores write
 * through, so that dynamoReadModelWrites holds theirs and nobody else's.
 */
export function projectorDocuments(clients: Pick<AwsClients, 'documents'>): DynamoDBDocumentClient {
  return Object.create(clients.documents) as DynamoDBDocumentClient;
}

/**
 * Batch writes, in order: held if a batch is being gathered, else sent now. 25 items a request, retrying what
 * DynamoDB leaves unprocessed before the next request (so a later item is never stored before an earlier one's
 * request was done).
 */
export async function writeBatch(requests: readonly BatchRequest[]): Promise<void> {
  const held = requests[0] === undefined ? undefined : gathering.get(requests[0].documents);
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
