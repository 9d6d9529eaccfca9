import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MarketTradeLog } from '../../../application/ports/marketData';
import type { MarketTrade } from '../../../core/projections/marketTrades';
import { queryItems } from '../queryPages';
import { putItems } from './batchPut';
import { putUnlessApplied } from './conditionalPut';
import { decodeView, encodeView } from './viewCodec';

const MONEY: (keyof MarketTrade & string)[] = ['quoteQty'];

const itemOf = (symbol: string, trade: MarketTrade) => ({
  symbol,
  tradeId: trade.id,
  view: encodeView(trade),
  time: trade.time,
  lastSeq: trade.lastSeq,
});

/** The marketTrades table: public trades per symbol by trade id (GET /fapi/v1/trades). */
export class DynamoMarketTradeLog implements MarketTradeLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  put(symbol: string, trade: MarketTrade): Promise<boolean> {
    return putUnlessApplied(this.documents, this.table, itemOf(symbol, trade), trade.lastSeq);
  }

  putMany(symbol: string, trades: readonly MarketTrade[], guarded: boolean): Promise<void> {
    return putItems(
      this.documents,
      this.table,
      trades.map((t) => itemOf(symbol, t)),
      guarded,
    );
  }

  async recent(symbol: string, limit: number): Promise<MarketTrade[]> {
    const items = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: 'symbol = :symbol',
        ExpressionAttributeValues: { ':symbol': symbol },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((item) => decodeView<MarketTrade>(item.view as string, MONEY)).reverse();
  }
}
