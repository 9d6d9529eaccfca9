import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IdSlots } from '../../../application/ports/idSlots';
import { written } from '../conditionalWrites';

/** Order-id slot leases in DynamoDB (table `idSlots`): one conditional write per lease or renewal. */
export class DynamoIdSlots implements IdSlots {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  lease(slot: number, owner: string, now: number, until: number): Promise<boolean> {
    return written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: { slot, owner, expires: until },
          ConditionExpression: 'attribute_not_exists(slot) OR #owner = :me OR expires < :now',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':me': owner, ':now': now },
        }),
      ),
    );
  }
}
