import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AggTradeLog } from '../../../application/ports/marketData';
import type { TradeRange } from '../../../application/ports/tradeRange';
import type { AggTrade } from '../../../core/projections/aggTrades';
import { queryItems } from '../queryPages';
import { putItems } from './batchPut';
import { putUnlessApplied } from './conditionalPut';
import { timeFilter } from './tradeRange';
import { decodeView, encodeView } from './viewCodec';

const itemOf = (symbol: string, aggregate: AggTrade) => ({
  symbol,
  aggId: aggregate.a,
  view: encodeView(aggregate),
  time: aggregate.T,
  lastSeq: aggregate.lastSeq,
});

/** The aggTrades table: aggregate trades per symbol, keyed by their first trade id. */
export class DynamoAggTradeLog implements AggTradeLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  put(symbol: string, aggregate: AggTrade, firstSeq: number): Promise<boolean> {
    return putUnlessApplied(this.documents, this.table, itemOf(symbol, aggregate), firstSeq);
  }

  putMany(symbol: string, aggregates: readonly AggTrade[], guarded: boolean): Promise<void> {
    return putItems(
      this.documents,
      this.table,
      aggregates.map((a) => itemOf(symbol, a)),
      guarded,
    );
  }

  async atOrBefore(symbol: string, tradeId: number): Promise<AggTrade | undefined> {
    const [item] = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: 'symbol = :symbol AND aggId <= :id',
        ExpressionAttributeValues: { ':symbol': symbol, ':id': tradeId },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      1,
    );
    return item === undefined ? undefined : decodeView<AggTrade>(item.view as string, []);
  }

  async range(symbol: string, range: TradeRange): Promise<AggTrade[]> {
    const time = timeFilter(range, 'time');
    const from = range.fromId ?? 0;
    const to = range.toId ?? Number.MAX_SAFE_INTEGER;
    const items = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: 'symbol = :symbol AND aggId BETWEEN :from AND :to',
        FilterExpression: time.expression,
        ExpressionAttributeNames: time.expression === undefined ? undefined : time.names,
        ExpressionAttributeValues: { ':symbol': symbol, ':from': from, ':to': to, ...time.values },
        ScanIndexForward: !range.newest,
      },
      range.limit,
    );
    const aggregates = items.map((item) => decodeView<AggTrade>(item.view as string, []));
    return range.newest ? aggregates.reverse() : aggregates;
  }
}
