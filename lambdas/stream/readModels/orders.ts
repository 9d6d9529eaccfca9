import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  clientKey,
  decodeOrderView,
  encodeOrderView,
  orderSortKey,
} from '../../../adapters/readModels/orderViews';
import type { EngineEvent } from '../../../core/engine/events';
import { applyToOrder, isOpen, type OrderView, ordersIn } from '../../../core/projections/orderView';
import type { Instrument } from '../../../core/symbol/instrument';
import type { ReadModel } from '../projector';

/**
 * Orders by account (GET /order, /openOrders, /allOrders; cancel and amend answers). For every order a batch
 * touches, its view is folded from the events and written once, conditional on the stored view being older than
 * those events: a redelivered batch finds its writes already made. Rejected orders are not kept: Binance records
 * no order for them.
 */
export function ordersModel(documents: DynamoDBDocumentClient, table: string): ReadModel {
  return {
    name: 'orders',
    async apply(batch, { instrument }) {
      const touched = new Map<number, EngineEvent[]>();
      for (const event of batch.events) {
        for (const orderId of ordersIn(event)) touched.set(orderId, [...(touched.get(orderId) ?? []), event]);
      }
      for (const [orderId, events] of touched) {
        await projectOrder(documents, table, batch.symbol, instrument, orderId, events);
      }
    },
  };
}

async function projectOrder(
  documents: DynamoDBDocumentClient,
  table: string,
  symbol: string,
  instrument: Instrument,
  orderId: number,
  events: readonly EngineEvent[],
): Promise<void> {
  const first = events[0]!;
  const accountId = events.map((e) => accountOf(e, orderId)).find((a) => a !== undefined);
  if (accountId === undefined) return;
  let view: OrderView | undefined;
  if (first.type !== 'OrderAccepted' && first.type !== 'OrderRejected') {
    const { Item } = await documents.send(
      new GetCommand({
        TableName: table,
        Key: { account: accountId, order: orderSortKey(symbol, orderId) },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return; // an order the model never saw accepted (rebuild from a later point)
    view = decodeOrderView(Item.view as string);
    if (view.lastSeq >= first.seq) return; // applied before
  }
  for (const event of events) view = applyToOrder(view, event, symbol, instrument);
  if (view === undefined || view.status === 'REJECTED') return;
  try {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: {
          account: accountId,
          order: orderSortKey(symbol, orderId),
          view: encodeOrderView(view),
          status: view.status,
          openAccount: isOpen(view.status) ? accountId : undefined,
          clientKey: clientKey(accountId, symbol, view.order.clientOrderId),
          symbol,
          orderId,
          updateTime: view.updateTime,
          lastSeq: view.lastSeq,
        },
        ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :first',
        ExpressionAttributeValues: { ':first': first.seq },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

function accountOf(event: EngineEvent, orderId: number): number | undefined {
  switch (event.type) {
    case 'OrderAccepted':
    case 'OrderRejected':
      return event.order.accountId;
    case 'Trade':
      return event.maker.orderId === orderId ? event.maker.accountId : event.taker.accountId;
    case 'OrderCanceled':
    case 'OrderExpired':
    case 'OrderAmended':
    case 'OrderRested':
      return event.accountId;
    default:
      return undefined;
  }
}
