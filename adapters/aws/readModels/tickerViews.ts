import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { EMPTY_TICKER, type TickerView, type TickerViews } from '../../../application/ports/marketData';
import { written } from '../conditionalWrites';
import { putItems } from './batchPut';

/** The tickers table: one item per symbol holding its TickerView as JSON, and the lastSeq it reflects. */
export class DynamoTickerViews implements TickerViews {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  get(symbol: string): Promise<TickerView> {
    return this.read(symbol, false);
  }

  latest(symbol: string): Promise<TickerView> {
    return this.read(symbol, true);
  }

  async put(symbol: string, view: TickerView): Promise<boolean> {
    return written(
      this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: { symbol, view: JSON.stringify(view), lastSeq: view.updateId },
          ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :last',
          ExpressionAttributeValues: { ':last': view.updateId },
        }),
      ),
    );
  }

  putMany(symbol: string, views: readonly TickerView[], guarded: boolean): Promise<void> {
    return putItems(
      this.documents,
      this.table,
      views.map((view) => ({ symbol, view: JSON.stringify(view), lastSeq: view.updateId })),
      guarded,
    );
  }

  private async read(symbol: string, consistent: boolean): Promise<TickerView> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { symbol }, ConsistentRead: consistent }),
    );
    // A ticker stored before open interest was kept does not know it (null), rather than count from 0.
    return Item === undefined
      ? EMPTY_TICKER
      : { ...EMPTY_TICKER, openInterest: null, ...JSON.parse(Item.view as string) };
  }
}
