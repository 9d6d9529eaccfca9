import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DepthBook } from '../../../adapters/readModels/depthBook';
import type { TickerView } from '../../../adapters/readModels/tickerViews';
import type { ReadModel } from '../projector';

/** The latest facts of a market (TickerView): last trade and the touch (book ticker). Runs after the depth model. */
export function tickersModel(documents: DynamoDBDocumentClient, table: string, book: DepthBook): ReadModel {
  return {
    name: 'tickers',
    async apply(batch) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: table, Key: { symbol: batch.symbol }, ConsistentRead: true }),
      );
      if (Item !== undefined && (Item.lastSeq as number) >= batch.lastSeq) return;
      const previous: Partial<TickerView> = Item === undefined ? {} : JSON.parse(Item.view as string);
      let last = {
        price: previous.lastPrice ?? null,
        qty: previous.lastQty ?? null,
        time: previous.lastTime ?? null,
      };
      for (const event of batch.events) {
        if (event.type === 'Trade') last = { price: event.price, qty: event.quantity, time: event.time };
      }
      const touch = await book.touch(batch.symbol);
      const view: TickerView = {
        lastPrice: last.price,
        lastQty: last.qty,
        lastTime: last.time,
        bestBid: touch.bid?.[0] ?? null,
        bestBidQty: touch.bid?.[1] ?? null,
        bestAsk: touch.ask?.[0] ?? null,
        bestAskQty: touch.ask?.[1] ?? null,
        updateId: batch.lastSeq,
        time: batch.events[batch.events.length - 1]?.time ?? 0,
      };
      try {
        await documents.send(
          new PutCommand({
            TableName: table,
            Item: { symbol: batch.symbol, view: JSON.stringify(view), lastSeq: batch.lastSeq },
            ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :last',
            ExpressionAttributeValues: { ':last': batch.lastSeq },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
