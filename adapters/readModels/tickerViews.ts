import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The tickers read model as queries read it (lambdas/stream/readModels/tickers.ts writes it): the last trade and
 * the touch per symbol, in ticks and lots; null where there is none yet.
 */
export interface TickerView {
  readonly lastPrice: number | null;
  readonly lastQty: number | null;
  readonly lastTime: number | null;
  readonly bestBid: number | null;
  readonly bestBidQty: number | null;
  readonly bestAsk: number | null;
  readonly bestAskQty: number | null;
  readonly updateId: number;
  readonly time: number;
}

export const EMPTY_TICKER: TickerView = {
  lastPrice: null,
  lastQty: null,
  lastTime: null,
  bestBid: null,
  bestBidQty: null,
  bestAsk: null,
  bestAskQty: null,
  updateId: 0,
  time: 0,
};

export class TickerViews {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(symbol: string): Promise<TickerView> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { symbol } }));
    return Item === undefined ? EMPTY_TICKER : { ...EMPTY_TICKER, ...JSON.parse(Item.view as string) };
  }
}
