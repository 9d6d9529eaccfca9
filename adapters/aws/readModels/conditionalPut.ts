import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { written } from '../conditionalWrites';

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
  return written(
    documents.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :first',
        ExpressionAttributeValues: { ':first': firstSeq },
      }),
    ),
  );
}
