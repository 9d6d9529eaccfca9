import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import type { Begun, RequestLog } from '../../../application/ports/requestLog';
import { written } from '../conditionalWrites';

/** Idempotency records in DynamoDB (table `requests`; `expiresAt` is the table's TTL, checked on begin too). */
export class DynamoRequestLog implements RequestLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
  ) {}

  async begin(requestKey: string, fingerprint: string, ttlMs: number, creates?: string): Promise<Begun> {
    const first = await written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            requestKey,
            fingerprint,
            status: 'PENDING',
            expiresAt: Math.ceil((this.clock() + ttlMs) / 1000),
            ...(creates === undefined ? {} : { creates }),
          },
          ConditionExpression: 'attribute_not_exists(requestKey) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(this.clock() / 1000) },
        }),
      ),
    );
    if (first) return { kind: 'new' };
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { requestKey }, ConsistentRead: true }),
    );
    if (Item === undefined || Item.fingerprint !== fingerprint) return { kind: 'different' };
    return {
      kind: 'repeat',
      response: Item.status === 'DONE' ? (Item.response as string) : undefined,
      sending: Item.sending as string | undefined,
      creates: Item.creates as string | undefined,
    };
  }

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
