import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TradeRange } from '../../../application/ports/tradeRange';
import type { UserTradeLog } from '../../../application/ports/userTradeLog';
import type { UserTrade } from '../../../core/projections/userTrades';
import { queryItems } from '../queryPages';
import { putItems } from './batchPut';
import { putUnlessApplied } from './conditionalPut';
import { paddedId, timeFilter } from './tradeRange';
import { decodeView, encodeView } from './viewCodec';

const MONEY: (keyof UserTrade & string)[] = ['quoteQty', 'commission', 'realizedPnl'];

/** An account's fills sort by symbol, then trade id, then maker before taker (one account can be both). */
export const userTradeKey = (symbol: string, tradeId: number, maker: boolean) =>
  `${symbol}#${paddedId(tradeId)}#${maker ? 'M' : 'T'}`;

const itemOf = (fill: UserTrade) => ({
  account: fill.accountId,
  trade: userTradeKey(fill.symbol, fill.id, fill.maker),
  view: encodeView(fill),
  symbol: fill.symbol,
  orderId: fill.orderId,
  time: fill.time,
  lastSeq: fill.lastSeq,
});

/** The userTrades table: each account's fills (GET /fapi/v1/userTrades), only ever read within one account. */
export class DynamoUserTradeLog implements UserTradeLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  put(fill: UserTrade): Promise<boolean> {
    return putUnlessApplied(this.documents, this.table, itemOf(fill), fill.lastSeq);
  }

  putMany(fills: readonly UserTrade[], guarded: boolean): Promise<void> {
    return putItems(this.documents, this.table, fills.map(itemOf), guarded);
  }

  async range(
    accountId: number,
    symbol: string,
    range: TradeRange & { readonly orderId?: number },
  ): Promise<UserTrade[]> {
    const time = timeFilter(range, 'time');
    const filters = time.expression === undefined ? [] : [time.expression];
    const values: Record<string, unknown> = {
      ':account': accountId,
      ':from': `${symbol}#${paddedId(range.fromId ?? 0)}`,
      ':to': `${symbol}#${paddedId(range.toId ?? Number.MAX_SAFE_INTEGER)}#~`,
      ...time.values,
    };
    if (range.orderId !== undefined) {
      filters.push('orderId = :orderId');
      values[':orderId'] = range.orderId;
    }
    const items = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: '#account = :account AND #trade BETWEEN :from AND :to',
        FilterExpression: filters.length === 0 ? undefined : filters.join(' AND '),
        ExpressionAttributeNames: { '#account': 'account', '#trade': 'trade', ...time.names },
        ExpressionAttributeValues: values,
        ScanIndexForward: !range.newest,
        // Every fill the projector wrote before its progress moved (queries read past it: withUnprojected).
        ConsistentRead: true,
      },
      range.limit,
    );
    const fills = items.map((item) => decodeView<UserTrade>(item.view as string, MONEY));
    return range.newest ? fills.reverse() : fills;
  }

  async lastTime(accountId: number, symbol: string): Promise<number> {
    const [item] = await queryItems(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: '#account = :account AND begins_with(#trade, :symbol)',
        ExpressionAttributeNames: { '#account': 'account', '#trade': 'trade' },
        ExpressionAttributeValues: { ':account': accountId, ':symbol': `${symbol}#` },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      1,
    );
    return (item?.time as number | undefined) ?? 0;
  }
}
