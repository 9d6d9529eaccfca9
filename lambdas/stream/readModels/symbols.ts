import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadModel } from '../projector';

/** The symbols table: each symbol's newest spec (exchangeInfo, ingress filters). */
export function symbolsModel(documents: DynamoDBDocumentClient, table: string): ReadModel {
  return {
    name: 'symbols',
    async apply(batch) {
      for (const event of batch.events) {
        if (event.type !== 'SymbolListed' && event.type !== 'SymbolUpdated') continue;
        try {
          await documents.send(
            new PutCommand({
              TableName: table,
              Item: {
                symbol: batch.symbol,
                spec: JSON.stringify(event.spec),
                lastSeq: event.seq,
                listedAt: event.type === 'SymbolListed' ? event.time : undefined,
              },
              ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :seq',
              ExpressionAttributeValues: { ':seq': event.seq },
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    },
  };
}
