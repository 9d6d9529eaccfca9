import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OperatorLog } from '../../../application/ports/operatorLog';
import type { RecordedOperatorAction } from '../../../core/audit/operatorAction';
import { tables } from '../../../resources/declarations';
import { written } from '../conditionalWrites';

const LOG = 'operator';
const A = {
  log: tables.operatorActions.key.partition.name,
  seq: tables.operatorActions.key.sort.name,
} as const;

/** The operator's trail in DynamoDB (table `operatorActions`): one partition, keyed by sequence. */
export class DynamoOperatorLog implements OperatorLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async last(): Promise<RecordedOperatorAction | undefined> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: '#log = :log',
        ExpressionAttributeNames: { '#log': A.log },
        ExpressionAttributeValues: { ':log': LOG },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = page.Items?.[0];
    return item === undefined ? undefined : decode(item);
  }

  async append(record: RecordedOperatorAction): Promise<boolean> {
    return written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            [A.log]: LOG,
            [A.seq]: record.action.seq,
            action: JSON.stringify(record.action),
            chain: record.chain,
            time: record.action.time,
          },
          ConditionExpression: 'attribute_not_exists(#seq)',
          ExpressionAttributeNames: { '#seq': A.seq },
        }),
      ),
    );
  }

  async *entries(afterSeq = 0): AsyncGenerator<RecordedOperatorAction> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#log = :log AND #seq > :after',
          ExpressionAttributeNames: { '#log': A.log, '#seq': A.seq },
          ExpressionAttributeValues: { ':log': LOG, ':after': afterSeq },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) yield decode(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}

function decode(item: Record<string, unknown>): RecordedOperatorAction {
  return { action: JSON.parse(item.action as string), chain: item.chain as string };
}
