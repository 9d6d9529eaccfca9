import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadModel } from '../projector';

/** The symbols table: each symbol's newest spec (exchangeInfo, ingress filters). */
export function symbolsModel(documents: DynamoDBDocumentClient, table: string): ReadModel {
  return {
    name: 'symbols',
    async apply(batch) {
      for (const event of batch.events) {
        if (event.type !== 'SymbolListed' && event.type !== 'SymbolUpdated') continue;
        try {
          // An update keeps the listing time: SET only what changes, listedAt only when listing.
          await documents.send(
            new UpdateCommand({
              TableName: table,
              Key: { symbol: batch.symbol },
              UpdateExpression:
                event.type === 'SymbolListed'
                  ? 'SET spec = :spec, lastSeq = :seq, listedAt = :time'
                  : 'SET spec = :spec, lastSeq = :seq',
              ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :seq',
              ExpressionAttributeValues: {
                ':spec': JSON.stringify(event.spec),
                ':seq': event.seq,
                ...(event.type === 'SymbolListed' ? { ':time': event.time } : {}),
              },
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    },
  };
}
