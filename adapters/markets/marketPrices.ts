import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** What ingress needs to know of a market to price margin: the last trade and the touch, in ticks. */
export interface MarketPrices {
  readonly lastPrice: number | undefined;
  readonly bestBid: number | undefined;
  readonly bestAsk: number | undefined;
}

/** Reads the `tickers` read model (kept by the projector). Absent fields: no trade yet, or an empty side. */
export class MarketPriceReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(symbol: string): Promise<MarketPrices> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { symbol } }));
    const view = Item === undefined ? {} : JSON.parse(Item.view as string);
    return {
      lastPrice: view.lastPrice ?? undefined,
      bestBid: view.bestBid ?? undefined,
      bestAsk: view.bestAsk ?? undefined,
    };
  }
}
