import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Runs a Query page by page until `limit` items passed the filter (DynamoDB's own Limit counts items read, not
 * items kept) or the key range is exhausted.
 */
export async function queryItems(
  documents: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit: number,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: startKey,
        // Without a filter every item read is kept: ask for no more than needed.
        Limit: input.FilterExpression === undefined ? limit - items.length : Math.max(100, limit),
      }),
    );
    for (const item of page.Items ?? []) if (items.length < limit) items.push(item);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < limit);
  return items;
}

/** Every item a Query answers, page after page. */
export async function queryAll(documents: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** Every item of an account, through a table's `byAccount` index (API keys, listen keys, connections). */
export function queryByAccount(
  documents: DynamoDBDocumentClient,
  table: string,
  accountId: number,
): Promise<Item[]> {
  return queryAll(documents, {
    TableName: table,
    IndexName: 'byAccount',
    KeyConditionExpression: 'accountId = :account',
    ExpressionAttributeValues: { ':account': accountId },
  });
}
