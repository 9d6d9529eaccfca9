import type { AccountStore } from '../../../adapters/accounts/accountStore';
import type { OrderViews } from '../../../adapters/readModels/orderViews';
import { leverageOf } from '../../../core/accounts/account';
import type { EngineEvent } from '../../../core/engine/events';
import { logJson } from '../../shared/log';
import { accountFills, accountUpdateJson, walletAfterRun } from './accountUpdates';
import { orderBeforeRun } from './orderBeforeRun';
import { type OrderUpdate, orderUpdates } from './orderUpdates';
import type { RunContext } from './runContext';

export interface UserSources {
  readonly orders: OrderViews;
  readonly accounts: AccountStore;
}

/** The owner of each order a run of events concerns, orders in order of first appearance. */
export function ordersByAccount(events: readonly EngineEvent[]): Map<number, number[]> {
  const owners = new Map<number, number[]>();
  const add = (accountId: number, orderId: number) => {
    const orders = owners.get(accountId) ?? [];
    if (!orders.includes(orderId)) orders.push(orderId);
    owners.set(accountId, orders);
  };
  for (const event of events) {
    switch (event.type) {
      case 'OrderAccepted':
      case 'OrderRejected':
        add(event.order.accountId, event.order.orderId);
        break;
      case 'Trade':
        add(event.maker.accountId, event.maker.orderId);
        add(event.taker.accountId, event.taker.orderId);
        break;
      case 'OrderCanceled':
      case 'OrderExpired':
      case 'OrderAmended':
        add(event.accountId, event.orderId);
        break;
      default:
        break;
    }
  }
  return owners;
}

/**
 * One account's user data events for a run: an ORDER_TRADE_UPDATE per change of each of its orders, in event
 * order, then, if it traded, one ACCOUNT_UPDATE with its balance and position after the run.
 */
export async function userMessages(
  ctx: RunContext,
  accountId: number,
  orderIds: readonly number[],
  sources: UserSources,
): Promise<unknown[]> {
  const { run, instrument, window, now } = ctx;
  const projected = await ctx.projected();
  const updates: OrderUpdate[] = [];
  for (const orderId of orderIds) {
    const view = await sources.orders.get(accountId, run.symbol, orderId);
    const before = await orderBeforeRun(instrument, orderId, view, projected, window);
    if (before === undefined && !acceptedIn(run.events, orderId)) {
      logJson('warn', 'order updates skipped: the log is out of reach', { symbol: run.symbol, orderId });
      continue;
    }
    updates.push(...orderUpdates(instrument, orderId, before, run.events, now));
  }
  updates.sort((a, b) => a.seq - b.seq);
  const messages: unknown[] = updates.filter((u) => u.accountId === accountId).map((u) => u.payload);

  const fills = accountFills(run.events).find((f) => f.accountId === accountId);
  if (fills !== undefined) {
    const state = await sources.accounts.load(accountId);
    const wallet = state === undefined ? undefined : await walletAfterRun(state, projected, window);
    if (state !== undefined && wallet !== undefined) {
      const leverage = leverageOf(state, run.symbol, instrument.spec.maxLeverage);
      messages.push(accountUpdateJson(instrument, fills, wallet, leverage, now));
    }
  }
  return messages;
}

function acceptedIn(events: readonly EngineEvent[], orderId: number): boolean {
  return events.some(
    (e) => (e.type === 'OrderAccepted' || e.type === 'OrderRejected') && e.order.orderId === orderId,
  );
}
