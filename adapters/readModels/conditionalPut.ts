import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Writes a read-model item unless the stored one already reflects the events from `firstSeq` on: every item
 * keeps `lastSeq`, the sequence of the last event applied to it, so a redelivered or half-applied batch writes
 * nothing twice. Returns false when the condition held the write back (the item was already there).
 */
export async function putUnlessApplied(
  documents: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown> & { lastSeq: number },
  firstSeq: number,
): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :first',
        ExpressionAttributeValues: { ':first': firstSeq },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Runs `work` over the items with at most `width` in flight (independent writes of one batch). */
export async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
