import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export type Begun =
  | { readonly kind: 'new' }
  /**
   * The same request was made before: its answer, or, while it has none, what the first request was about to
   * send (undefined before it got that far).
   */
  | { readonly kind: 'repeat'; readonly response: string | undefined; readonly sending: string | undefined }
  /** The key was used by a different request (e.g. a client order id reused with other parameters). */
  | { readonly kind: 'different' };

/**
 * Idempotency records with a time-to-live. The first request under a key records its fingerprint; a request under
 * the same key with the same fingerprint is a retry and gets the first one's stored response.
 */
export class RequestLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async begin(requestKey: string, fingerprint: string, ttlMs: number): Promise<Begun> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            requestKey,
            fingerprint,
            status: 'PENDING',
            expiresAt: Math.ceil((this.clock() + ttlMs) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(requestKey) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(this.clock() / 1000) },
        }),
      );
      return { kind: 'new' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { requestKey }, ConsistentRead: true }),
    );
    if (Item === undefined || Item.fingerprint !== fingerprint) return { kind: 'different' };
    return {
      kind: 'repeat',
      response: Item.status === 'DONE' ? (Item.response as string) : undefined,
      sending: Item.sending as string | undefined,
    };
  }

  /** Records what the request is about to send, so a retry can send the very same thing again. */
  async sending(requestKey: string, payload: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { requestKey },
        UpdateExpression: 'SET sending = :payload',
        ExpressionAttributeValues: { ':payload': payload },
      }),
    );
  }

  async complete(requestKey: string, response: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { requestKey },
        UpdateExpression: 'SET #status = :done, #response = :response',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: { ':done': 'DONE', ':response': response },
      }),
    );
  }

  /** The first request failed before it did anything: let a retry start over. */
  async abandon(requestKey: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { requestKey },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': 0 },
      }),
    );
  }
}
