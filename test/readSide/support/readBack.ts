import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../../../adapters/aws/accounts/accountStore';
import type { AwsClients } from '../../../adapters/aws/clients';
import { DynamoDepthBook } from '../../../adapters/aws/readModels/depthBook';
import { seriesKey } from '../../../adapters/aws/readModels/klineSeries';
import { decodeView } from '../../../adapters/aws/readModels/viewCodec';
import type { TickerView } from '../../../application/ports/marketData';
import { decodeOrderView } from '../../../application/ports/orderViews';
import type { AccountState } from '../../../core/accounts/account';
import type { AggTrade } from '../../../core/projections/aggTrades';
import type { Candle } from '../../../core/projections/candles';
import { bestLevels } from '../../../core/projections/depthFold';
import { KLINE_INTERVALS, type KlineInterval } from '../../../core/projections/intervals';
import type { MarketTrade } from '../../../core/projections/marketTrades';
import type { OrderView } from '../../../core/projections/orderView';
import type { UserTrade } from '../../../core/projections/userTrades';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import type { ResourceNames } from '../../../resources/declarations';

/** Everything the read models hold about one symbol and its accounts, decoded, in a comparable order. */
export interface ReadSnapshot {
  readonly symbol: { readonly spec: SymbolSpec; readonly lastSeq: number } | undefined;
  readonly orders: readonly { readonly view: OrderView; readonly status: string; readonly open: boolean }[];
  readonly userTrades: readonly UserTrade[];
  readonly marketTrades: readonly MarketTrade[];
  readonly aggTrades: readonly AggTrade[];
  readonly klines: Readonly<Record<KlineInterval, readonly Candle[]>>;
  readonly depth: {
    readonly lastUpdateId: number;
    readonly time: number;
    readonly bids: readonly [number, number][];
    readonly asks: readonly [number, number][];
  };
  readonly ticker: TickerView | undefined;
  readonly accounts: Readonly<
    Record<number, Pick<AccountState, 'walletBalance' | 'positions' | 'settledSeq' | 'reservations'>>
  >;
}

type Item = Record<string, unknown>;

async function queryAll(documents: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({ ...input, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

const byPartition = (table: string, name: string, value: unknown): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#p = :p',
  ExpressionAttributeNames: { '#p': name },
  ExpressionAttributeValues: { ':p': value },
});

/** The item's lastSeq attribute must agree with its view's: the condition writes rely on it. */
function checked<T extends { lastSeq: number }>(item: Item, view: T): T {
  if (item.lastSeq !== view.lastSeq) throw new Error(`item lastSeq ${item.lastSeq} ≠ view ${view.lastSeq}`);
  return view;
}

export async function readSnapshot(
  clients: AwsClients,
  names: ResourceNames,
  symbol: string,
  accounts: readonly number[],
): Promise<ReadSnapshot> {
  const documents = clients.documents;
  const t = names.tables;
  const { Item: symbolItem } = await documents.send(
    new GetCommand({ TableName: t.symbols, Key: { symbol }, ConsistentRead: true }),
  );
  const orders: ReadSnapshot['orders'][number][] = [];
  const userTrades: UserTrade[] = [];
  const accountStates: Record<number, ReadSnapshot['accounts'][number]> = {};
  const store = new DynamoAccountStore(documents, t.accounts);
  for (const account of accounts) {
    const orderItems = await queryAll(documents, {
      TableName: t.orders,
      KeyConditionExpression: '#a = :a AND begins_with(#o, :s)',
      ExpressionAttributeNames: { '#a': 'account', '#o': 'order' },
      ExpressionAttributeValues: { ':a': account, ':s': `${symbol}#` },
    });
    for (const item of orderItems) {
      const view = checked(item, decodeOrderView(item.view as string));
      orders.push({ view, status: item.status as string, open: item.openAccount !== undefined });
    }
    const fills = await queryAll(documents, {
      TableName: t.userTrades,
      KeyConditionExpression: '#a = :a AND begins_with(#t, :s)',
      ExpressionAttributeNames: { '#a': 'account', '#t': 'trade' },
      ExpressionAttributeValues: { ':a': account, ':s': `${symbol}#` },
    });
    for (const item of fills)
      userTrades.push(
        checked(item, decodeView<UserTrade>(item.view as string, ['quoteQty', 'commission', 'realizedPnl'])),
      );
    const state = await store.load(account);
    if (state !== undefined) {
      const { walletBalance, positions, settledSeq, reservations } = state;
      accountStates[account] = { walletBalance, positions, settledSeq, reservations };
    }
  }
  orders.sort((a, b) => a.view.order.orderId - b.view.order.orderId);
  userTrades.sort((a, b) => a.accountId - b.accountId || a.id - b.id || Number(b.maker) - Number(a.maker));

  const marketTrades = (await queryAll(documents, byPartition(t.marketTrades, 'symbol', symbol))).map(
    (item) => checked(item, decodeView<MarketTrade>(item.view as string, ['quoteQty'])),
  );
  const aggTrades = (await queryAll(documents, byPartition(t.aggTrades, 'symbol', symbol))).map((item) =>
    checked(item, decodeView<AggTrade>(item.view as string, [])),
  );
  const klines = {} as Record<KlineInterval, Candle[]>;
  for (const interval of KLINE_INTERVALS) {
    klines[interval] = (
      await queryAll(documents, byPartition(t.klines, 'series', seriesKey(symbol, interval)))
    ).map((item) =>
      checked(item, decodeView<Candle>(item.view as string, ['quoteVolume', 'takerBuyQuoteVolume'])),
    );
  }
  const stored = await new DynamoDepthBook(documents, t.depth).load(symbol);
  const book = {
    ...stored,
    bids: bestLevels(stored.bids, true, Number.MAX_SAFE_INTEGER),
    asks: bestLevels(stored.asks, false, Number.MAX_SAFE_INTEGER),
  };
  const { Item: tickerItem } = await documents.send(
    new GetCommand({ TableName: t.tickers, Key: { symbol }, ConsistentRead: true }),
  );
  return {
    symbol:
      symbolItem === undefined
        ? undefined
        : { spec: JSON.parse(symbolItem.spec as string), lastSeq: symbolItem.lastSeq as number },
    orders,
    userTrades,
    marketTrades,
    aggTrades,
    klines,
    depth: { lastUpdateId: book.lastUpdateId, time: book.time, bids: book.bids, asks: book.asks },
    ticker: tickerItem === undefined ? undefined : JSON.parse(tickerItem.view as string),
    accounts: accountStates,
  };
}
