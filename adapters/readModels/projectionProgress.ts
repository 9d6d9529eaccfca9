import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * How far a consumer of the events table has got in each symbol: the last event sequence it has fully applied.
 * Advancing is conditional on the value read, so two deliveries of one batch cannot both advance it.
 */
export class ProjectionProgress {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(consumer: string, stream: string): Promise<number> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { consumer, stream }, ConsistentRead: true }),
    );
    return (Item?.seq as number | undefined) ?? 0;
  }

  async advance(consumer: string, stream: string, from: number, to: number): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: { consumer, stream, seq: to, time: this.clock() },
          ConditionExpression: from === 0 ? 'attribute_not_exists(seq) OR seq = :from' : 'seq = :from',
          ExpressionAttributeValues: { ':from': from },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every stream the consumer has progress in (rebuilds, the local poller). */
  async reset(consumer: string, stream: string): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.table, Item: { consumer, stream, seq: 0, time: this.clock() } }),
    );
  }
}
