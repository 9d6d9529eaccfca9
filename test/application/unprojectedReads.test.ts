// Queries past the projector (application/projections/unprojected.ts): right after orders the projector has not
// applied yet, the account (accountNow) and the open orders show what they will show once it has.

import { accountNow } from '../../application/accounts/accountNow';
import { submitCancel } from '../../application/orderEntry/submitCancel';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { PROJECTOR } from '../../application/projections/projector';
import { UNPROJECTED_ITEMS_READ } from '../../application/projections/unprojected';
import { loadAccountOverview } from '../../application/queries/accountOverview';
import { findOrder, openOrders, orderHistory } from '../../application/queries/orders';
import { userTradeHistory } from '../../application/queries/userTrades';
import type { AccountState } from '../../core/accounts/account';
import { Rejections } from '../../core/errors';
import type { OrderView } from '../../core/projections/orderView';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { callerOf, codeOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;
let maker: Trader;
let taker: Trader;
beforeEach(async () => {
  exchange = await exchangeWithBtc();
  [maker, taker] = [await exchange.trader('100000'), await exchange.trader('100000')];
});

/**
 * The exchange's ports as a query sees them while the projector has stopped before `act`: its progress, and the
 * accounts as they were settled then (`act` places no new reservation: ingress writes those at once).
 */
async function projectorStoppedBefore(act: () => Promise<unknown>) {
  const progress = await exchange.ctx.progress.get(PROJECTOR, 'BTCUSDT');
  const states = new Map<number, AccountState>();
  const open = new Map<number, OrderView[]>();
  const all = new Map<number, OrderView[]>();
  for (const t of [maker, taker]) {
    states.set(t.accountId, (await exchange.ctx.accounts.load(t.accountId))!);
    open.set(t.accountId, await exchange.ctx.orders.open(t.accountId));
    all.set(t.accountId, await exchange.ctx.orders.history(t.accountId, 'BTCUSDT', { limit: 1000 }));
  }
  await act();
  return {
    progress: { get: async () => progress, advance: async () => false },
    accounts: { load: async (id: number) => states.get(id) } as unknown as typeof exchange.ctx.accounts,
    events: exchange.ports.events,
    orders: {
      ...exchange.ctx.orders,
      open: async (id: number, s?: string) => open.get(id)!.filter((v) => !s || v.symbol === s),
      // The stores' range rules are the memory store's own: only `limit` matters for these few orders.
      history: async (id: number, _s: string, q: { limit: number }) => all.get(id)!.slice(-q.limit),
    },
  };
}

const shown = (s: AccountState) => ({
  wallet: s.walletBalance,
  positions: s.positions,
  reservations: s.reservations,
});

test('given a fill the projector has not settled, when either side is read, then it shows it as settlement will', async () => {
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '60000.0', '0.050'), 'm1');
  await submitOrder(exchange.ctx, callerOf(taker), limit('BUY', '50000.0', '0.010'), 't0');
  const behind = await projectorStoppedBefore(() =>
    submitOrder(
      exchange.ctx,
      callerOf(taker),
      limit('BUY', '60000.0', '0.020', { timeInForce: 'IOC' }),
      't1',
    ),
  );
  for (const trader of [maker, taker]) {
    const settled = (await exchange.ctx.accounts.load(trader.accountId))!;
    const stale = (await behind.accounts.load(trader.accountId))!;
    expect(stale.positions).toEqual({});
    const now = (await accountNow(behind, trader.accountId, ['BTCUSDT']))!;
    expect(shown(now)).toEqual(shown(settled));
    expect(now.positions.BTCUSDT?.size).toBe(trader === maker ? -20 : 20);
  }
});

test(`a tail past ${UNPROJECTED_ITEMS_READ} items (the projector far behind) is not read: the settled state is shown`, async () => {
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '60000.0', '1.000'), 'm1');
  const behind = await projectorStoppedBefore(async () => {
    for (let i = 0; i <= UNPROJECTED_ITEMS_READ; i++)
      await submitOrder(
        exchange.ctx,
        callerOf(taker),
        limit('BUY', '60000.0', '0.001', { timeInForce: 'IOC' }),
        `t${i}`,
      );
  });
  const stale = (await behind.accounts.load(taker.accountId))!;
  expect(shown((await accountNow(behind, taker.accountId, ['BTCUSDT']))!)).toEqual(shown(stale));
});

test('given orders placed, filled and canceled since the projector stopped, openOrders and allOrders show them as it will', async () => {
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '60000.0', '0.010'), 'filled');
  const stays = await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '61000.0', '0.010'), 'stays');
  const canceled = await submitOrder(
    exchange.ctx,
    callerOf(maker),
    limit('SELL', '62000.0', '0.010'),
    'canceled',
  );
  let placed = 0;
  const behind = await projectorStoppedBefore(async () => {
    await submitOrder(
      exchange.ctx,
      callerOf(taker),
      limit('BUY', '60000.0', '0.010', { timeInForce: 'IOC' }),
      't1',
    );
    await submitCancel(exchange.ctx, callerOf(maker), {
      symbol: 'BTCUSDT',
      orderId: canceled.view.order.orderId,
    });
    placed = (await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '63000.0', '0.020'), 'new')).view
      .order.orderId;
    await submitOrder(exchange.ctx, callerOf(taker), limit('BUY', '59000.0', '0.010'), 'theirs');
  });
  const ids = async (ctx: typeof exchange.ctx, symbol?: string) =>
    (await openOrders(ctx, callerOf(maker), symbol)).map((a) => [a.view.order.orderId, a.view.status]);
  const stale = { ...exchange.ctx, ...behind };
  // The read model as the projector left it: the filled and the canceled order open, the new one not there.
  expect((await behind.orders.open(maker.accountId)).map((v) => v.order.orderId)).toEqual([
    expect.any(Number),
    stays.view.order.orderId,
    canceled.view.order.orderId,
  ]);
  expect(await ids(stale)).toEqual([
    [stays.view.order.orderId, 'NEW'],
    [placed, 'NEW'],
  ]);
  expect(await ids(stale, 'BTCUSDT')).toEqual(await ids(exchange.ctx, 'BTCUSDT'));
  // allOrders the same way: every order as it now stands, the new one included, in order.
  const history = async (ctx: typeof exchange.ctx, limit?: number) =>
    (await orderHistory(ctx, callerOf(maker), { symbol: 'BTCUSDT', limit })).map((a) => [
      a.view.order.orderId,
      a.view.status,
    ]);
  expect(await history(stale)).toEqual(await history(exchange.ctx));
  expect((await history(stale)).map(([, status]) => status)).toEqual(['FILLED', 'NEW', 'CANCELED', 'NEW']);
  expect(await history(stale, 2)).toEqual((await history(exchange.ctx)).slice(2));
  // The account overview (positionRisk, account) alike: the position from the fill, two orders open.
  const btc = (await loadAccountOverview(stale, maker.accountId)).symbols.find(
    (e) => e.instrument.spec.symbol === 'BTCUSDT',
  )!;
  expect([btc.position.size, btc.openOrders]).toEqual([-10, 2]);
});

test("given fills since the projector stopped, the account's trades list them, in range and order, each once", async () => {
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '60000.0', '0.050'), 'm1');
  await submitOrder(
    exchange.ctx,
    callerOf(taker),
    limit('BUY', '60000.0', '0.010', { timeInForce: 'IOC' }),
    't0',
  );
  const progress = await exchange.ctx.progress.get(PROJECTOR, 'BTCUSDT');
  const ioc = limit('BUY', '60000.0', '0.010', { timeInForce: 'IOC' });
  await submitOrder(exchange.ctx, callerOf(taker), ioc, 't1');
  // The read model has t1's fill already while the progress has not moved past it (written, not yet advanced).
  const written = await exchange.ctx.progress.get(PROJECTOR, 'BTCUSDT');
  for (let i = 2; i <= 3; i++) await submitOrder(exchange.ctx, callerOf(taker), ioc, `t${i}`);
  // The fills read model as of `written` (each fill keeps the sequence of its trade).
  const stale = {
    ...exchange.ctx,
    progress: { get: async () => progress, advance: async () => false },
    userTrades: {
      ...exchange.ctx.userTrades,
      range: async (...args: Parameters<typeof exchange.ctx.userTrades.range>) =>
        (await exchange.ctx.userTrades.range(...args)).filter((f) => f.lastSeq <= written),
    },
  };
  const ids = async (ctx: typeof exchange.ctx, p: { limit?: number; fromId?: number } = {}) =>
    (await userTradeHistory(ctx, callerOf(taker), { symbol: 'BTCUSDT', ...p })).fills.map((f) => f.id);
  // t0 and t1 in the read model; t1 to t3 past the progress.
  expect((await stale.userTrades.range(taker.accountId, 'BTCUSDT', { newest: true, limit: 10 })).length).toBe(
    2,
  );
  const all = await ids(exchange.ctx);
  expect(all).toHaveLength(4);
  expect(await ids(stale)).toEqual(all);
  expect(await ids(stale, { limit: 2 })).toEqual(all.slice(2));
  expect(await ids(stale, { fromId: all[1], limit: 2 })).toEqual(all.slice(1, 3));
});

test('an order by id or client order id shows as it now stands: filled, or placed, since the projector stopped', async () => {
  const c1 = await submitOrder(
    exchange.ctx,
    callerOf(maker),
    limit('SELL', '60000.0', '0.010', { newClientOrderId: 'c1' }),
    'c1',
  );
  const progress = await exchange.ctx.progress.get(PROJECTOR, 'BTCUSDT');
  const before = (await exchange.ctx.orders.get(maker.accountId, 'BTCUSDT', c1.view.order.orderId))!;
  await submitOrder(
    exchange.ctx,
    callerOf(taker),
    limit('BUY', '60000.0', '0.010', { timeInForce: 'IOC' }),
    't1',
  );
  const c2 = await submitOrder(
    exchange.ctx,
    callerOf(maker),
    limit('SELL', '61000.0', '0.010', { newClientOrderId: 'c2' }),
    'c2',
  );
  // The orders read model as the projector left it: c1 open, c2 not there.
  const stale = {
    ...exchange.ctx,
    progress: { get: async () => progress, advance: async () => false },
    orders: {
      ...exchange.ctx.orders,
      get: async (_a: number, _s: string, id: number) => (id === before.order.orderId ? before : undefined),
      byClientOrderId: async (_a: number, _s: string, id: string) => (id === 'c1' ? before : undefined),
    },
  };
  const find = (ref: { orderId?: number; origClientOrderId?: string }) =>
    findOrder(stale, callerOf(maker), { symbol: 'BTCUSDT', ...ref }, Rejections.eitherOrderReference);
  expect((await find({ origClientOrderId: 'c1' })).view.status).toBe('FILLED');
  expect((await find({ orderId: c1.view.order.orderId })).view.status).toBe('FILLED');
  expect((await find({ origClientOrderId: 'c2' })).view).toMatchObject({
    status: 'NEW',
    order: { orderId: c2.view.order.orderId },
  });
  expect(
    await codeOf(
      findOrder(
        stale,
        callerOf(taker),
        { symbol: 'BTCUSDT', origClientOrderId: 'c2' },
        Rejections.eitherOrderReference,
      ),
    ),
  ).toBe(-2013);
});

test('allOrders with a start time only is the newest in it, while the projector lags as once it has caught up', async () => {
  for (let i = 0; i < 3; i++)
    await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', `${61000 + i * 100}.0`, '0.010'), `o${i}`);
  const progress = await exchange.ctx.progress.get(PROJECTOR, 'BTCUSDT');
  const snapshot = await exchange.ctx.orders.history(maker.accountId, 'BTCUSDT', { limit: 1000 });
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '65000.0', '0.010'), 'new');
  // The store as the projector left it, with the stores' rule: forward from an order id, else the newest.
  const behind = {
    ...exchange.ctx,
    progress: { get: async () => progress, advance: async () => false },
    orders: {
      ...exchange.ctx.orders,
      history: async (
        _a: number,
        _s: string,
        q: { fromOrderId?: number; startTime?: number; limit: number },
      ) => {
        const inRange = snapshot.filter(
          (v) =>
            (q.fromOrderId === undefined || v.order.orderId >= q.fromOrderId) &&
            (q.startTime === undefined || v.time >= q.startTime),
        );
        return q.fromOrderId !== undefined ? inRange.slice(0, q.limit) : inRange.slice(-q.limit);
      },
    },
  };
  const p = { symbol: 'BTCUSDT', startTime: exchange.ctx.clock() - 60_000, limit: 2 };
  const ids = async (ctx: typeof exchange.ctx) =>
    (await orderHistory(ctx, callerOf(maker), p)).map((a) => a.view.order.orderId);
  expect(await ids(behind)).toEqual(await ids(exchange.ctx));
});

test('an account that does not exist is undefined', async () => {
  expect(await accountNow(exchange.ctx, 999_999, ['BTCUSDT'])).toBeUndefined();
});
