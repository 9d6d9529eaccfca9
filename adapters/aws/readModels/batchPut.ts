import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putUnlessApplied } from './conditionalPut';

/**
 * A batch's changed read-model items, written at once: BatchWriteItem, 25 items a request (retrying what DynamoDB
 * leaves unprocessed), in the order given. `guarded` writes each with its lastSeq condition instead (a PutItem per
 * item, held back where the stored item is as new or newer): for a batch the runner cannot vouch follows the store.
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
  for (let i = 0; i < items.length; i += 25) {
    let unprocessed: Record<string, unknown[]> | undefined = {
      [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (unprocessed !== undefined && Object.keys(unprocessed).length > 0) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: unprocessed as never }));
      unprocessed = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
}
