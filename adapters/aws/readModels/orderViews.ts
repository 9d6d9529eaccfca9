import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  decodeAlgoOrderView,
  decodeOrderView,
  encodeAlgoOrderView,
  encodeOrderView,
  newestAlgo,
  type OrderHistoryQuery,
  type OrderViews,
} from '../../../application/ports/orderViews';
import type { AlgoOrderView } from '../../../core/projections/algoOrderView';
import type { OrderItem } from '../../../core/projections/orderFold';
import { isOpen, type OrderView } from '../../../core/projections/orderView';
import { queryAll } from '../queryPages';
import { putItems } from './batchPut';
import { putUnlessApplied } from './conditionalPut';

/** The orders read model's keys: orders of an account sort by symbol, then order id (time order). */
export const orderSortKey = (symbol: string, orderId: number) =>
  `${symbol}#${String(orderId).padStart(16, '0')}`;
export const clientKey = (accountId: number, symbol: string, clientOrderId: string) =>
  `${accountId}#${symbol}#${clientOrderId}`;

/**
 * Conditional orders live in the same table under `~ALGO#symbol#algoId`: after every symbol's orders, outside the
 * range the order queries read, and without the attributes the `open` and `byClientOrderId` indexes key on.
 */
export const algoSortKey = (symbol: string, algoId: number) =>
  `~ALGO#${symbol}#${String(algoId).padStart(16, '0')}`;

/**
 * The orders table: one item per order under its account (sort key symbol#orderId), with the indexes `open`
 * (openAccount, set while the order is open) and `byClientOrderId` (clientKey).
 */
export class DynamoOrderViews implements OrderViews {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(accountId: number, symbol: string, orderId: number): Promise<OrderView | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.table,
        Key: { account: accountId, order: orderSortKey(symbol, orderId) },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : decodeOrderView(Item.view as string);
  }

  async byClientOrderId(
    accountId: number,
    symbol: string,
    clientOrderId: string,
  ): Promise<OrderView | undefined> {
    const newest = await this.newestWithClientOrderId(accountId, symbol, clientOrderId);
    return newest === undefined ? undefined : this.get(accountId, symbol, newest.orderId as number);
  }

  /** The index is eventually consistent: the answer may trail by a moment, as the port says. */
  async hasOpenClientOrderId(accountId: number, symbol: string, clientOrderId: string): Promise<boolean> {
    // Client order ids are unique among open orders: only the newest order with the id can still be open.
    const newest = await this.newestWithClientOrderId(accountId, symbol, clientOrderId);
    return newest !== undefined && newest.openAccount !== undefined;
  }

  /** The index item (all attributes, eventually consistent) of the newest order with this client order id. */
  private async newestWithClientOrderId(accountId: number, symbol: string, clientOrderId: string) {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byClientOrderId',
        KeyConditionExpression: 'clientKey = :key',
        ExpressionAttributeValues: { ':key': clientKey(accountId, symbol, clientOrderId) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return Items?.[0];
  }

  async open(accountId: number, symbol?: string): Promise<OrderView[]> {
    const items = await queryAll(this.documents, {
      TableName: this.table,
      IndexName: 'open',
      KeyConditionExpression: symbol
        ? 'openAccount = :account AND begins_with(#order, :symbol)'
        : 'openAccount = :account',
      ExpressionAttributeNames: symbol ? { '#order': 'order' } : undefined,
      ExpressionAttributeValues: { ':account': accountId, ...(symbol ? { ':symbol': `${symbol}#` } : {}) },
    });
    const views: OrderView[] = [];
    for (const item of items) {
      const view = item.view as string | undefined;
      views.push(view === undefined ? (await this.viewOf(item))! : decodeOrderView(view));
    }
    return views;
  }

  /**
   * Order ids are assigned in time order at ingress, so reading stops once orders are more than a minute outside
   * the time range (the matcher stamps an order a little after ingress numbered it).
   */
  async history(accountId: number, symbol: string, query: OrderHistoryQuery): Promise<OrderView[]> {
    const { fromOrderId, startTime, endTime, limit } = query;
    const ascending = fromOrderId !== undefined;
    const slack = 60_000;
    const views: OrderView[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#account = :account AND #order BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#account': 'account', '#order': 'order' },
          ExpressionAttributeValues: {
            ':account': accountId,
            ':from': orderSortKey(symbol, fromOrderId ?? 0),
            ':to': `${symbol}#~`,
          },
          ScanIndexForward: ascending,
          Limit: 100,
          ExclusiveStartKey: startKey,
          // Every write the projector made before its progress moved (queries read past it: withUnprojected).
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        const view = decodeOrderView(item.view as string);
        if (ascending && endTime !== undefined && view.time > endTime + slack) return views;
        if (!ascending && startTime !== undefined && view.time < startTime - slack) return views.reverse();
        if (
          (startTime === undefined || view.time >= startTime) &&
          (endTime === undefined || view.time <= endTime)
        )
          views.push(view);
        if (views.length === limit) return ascending ? views : views.reverse();
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return ascending ? views : views.reverse();
  }

  /** One conditional put, idempotent by the view's lastSeq. */
  put(accountId: number, view: OrderView, firstSeq: number): Promise<boolean> {
    return putUnlessApplied(this.documents, this.table, this.orderItem(accountId, view), firstSeq);
  }

  putMany(items: readonly OrderItem[], guarded: boolean): Promise<void> {
    return putItems(
      this.documents,
      this.table,
      items.map((item) =>
        item.kind === 'order'
          ? this.orderItem(item.view.order.accountId, item.view)
          : this.algoItem(item.view.order.accountId, item.view),
      ),
      guarded,
    );
  }

  private orderItem(accountId: number, view: OrderView) {
    const { symbol, order } = view;
    return {
      account: accountId,
      order: orderSortKey(symbol, order.orderId),
      view: encodeOrderView(view),
      status: view.status,
      openAccount: isOpen(view.status) ? accountId : undefined,
      clientKey: clientKey(accountId, symbol, order.clientOrderId),
      symbol,
      orderId: order.orderId,
      updateTime: view.updateTime,
      lastSeq: view.lastSeq,
    };
  }

  async getAlgo(accountId: number, symbol: string, algoId: number): Promise<AlgoOrderView | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.table,
        Key: { account: accountId, order: algoSortKey(symbol, algoId) },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : decodeAlgoOrderView(Item.view as string);
  }

  /** An account holds few conditional orders per symbol: the newest with the id is found by reading them. */
  async algoByClientId(accountId: number, symbol: string | undefined, clientAlgoId: string) {
    const items = await this.algoItems(
      accountId,
      symbol ? `~ALGO#${symbol}#` : '~ALGO#',
      'clientAlgoId = :client',
      {
        ':client': clientAlgoId,
      },
    );
    return newestAlgo(items.map((item) => decodeAlgoOrderView(item.view as string)));
  }

  async openAlgo(accountId: number, symbol?: string): Promise<AlgoOrderView[]> {
    const items = await this.algoItems(accountId, symbol ? `~ALGO#${symbol}#` : '~ALGO#', '#status = :new', {
      ':new': 'NEW',
    });
    return items.map((item) => decodeAlgoOrderView(item.view as string));
  }

  async algoHistory(accountId: number, symbol: string, query: OrderHistoryQuery): Promise<AlgoOrderView[]> {
    const { fromOrderId, startTime, endTime, limit } = query;
    const items = await queryAll(this.documents, {
      TableName: this.table,
      KeyConditionExpression: '#account = :account AND #order BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#account': 'account', '#order': 'order' },
      ExpressionAttributeValues: {
        ':account': accountId,
        ':from': algoSortKey(symbol, fromOrderId ?? 0),
        ':to': `~ALGO#${symbol}#~`,
      },
      ConsistentRead: true,
    });
    const views = items
      .map((item) => decodeAlgoOrderView(item.view as string))
      .filter(
        (v) =>
          (startTime === undefined || v.createTime >= startTime) &&
          (endTime === undefined || v.createTime <= endTime),
      );
    return fromOrderId !== undefined ? views.slice(0, limit) : views.slice(-limit);
  }

  putAlgo(accountId: number, view: AlgoOrderView, firstSeq: number): Promise<boolean> {
    return putUnlessApplied(this.documents, this.table, this.algoItem(accountId, view), firstSeq);
  }

  private algoItem(accountId: number, view: AlgoOrderView) {
    return {
      account: accountId,
      order: algoSortKey(view.symbol, view.order.algoId),
      view: encodeAlgoOrderView(view),
      status: view.status,
      clientAlgoId: view.order.clientAlgoId,
      symbol: view.symbol,
      updateTime: view.updateTime,
      lastSeq: view.lastSeq,
    };
  }

  private algoItems(
    accountId: number,
    prefix: string,
    filter: string,
    values: Record<string, unknown>,
  ): Promise<Record<string, unknown>[]> {
    return queryAll(this.documents, {
      TableName: this.table,
      KeyConditionExpression: '#account = :account AND begins_with(#order, :prefix)',
      FilterExpression: filter,
      ExpressionAttributeNames: {
        '#account': 'account',
        '#order': 'order',
        ...(filter.includes('#status') ? { '#status': 'status' } : {}),
      },
      ExpressionAttributeValues: { ':account': accountId, ':prefix': prefix, ...values },
    });
  }

  /** Index items project all attributes, but be safe if an index is keys-only. */
  private async viewOf(item: Record<string, unknown>): Promise<OrderView | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { account: item.account, order: item.order } }),
    );
    return Item === undefined ? undefined : decodeOrderView(Item.view as string);
  }
}
