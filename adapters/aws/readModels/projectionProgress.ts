import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import type { ProjectionProgress } from '../../../application/ports/projectionProgress';
import { written } from '../conditionalWrites';

/** Consumer progress in DynamoDB (table `consumerCheckpoints`): one item per consumer and symbol. */
export class DynamoProjectionProgress implements ProjectionProgress {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
  ) {}

  async get(consumer: string, stream: string): Promise<number> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { consumer, stream }, ConsistentRead: true }),
    );
    return (Item?.seq as number | undefined) ?? 0;
  }

  async advance(consumer: string, stream: string, from: number, to: number): Promise<boolean> {
    return written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: { consumer, stream, seq: to, time: this.clock() },
          ConditionExpression: from === 0 ? 'attribute_not_exists(seq) OR seq = :from' : 'seq = :from',
          ExpressionAttributeValues: { ':from': from },
        }),
      ),
    );
  }
}
