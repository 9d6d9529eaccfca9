// Conditional orders through ingress (application/orderEntry/submitAlgoOrder.ts) on the in-memory exchange: retries
// by clientAlgoId or signature are one order, applied once; a clientAlgoId still waiting is -4116.

import {
  type NewAlgoOrderRequest,
  submitAlgoOrder,
  submitCancelAlgo,
} from '../../application/orderEntry/submitAlgoOrder';
import { loadAccountOverview } from '../../application/queries/accountOverview';
import { algoOrderHistory, findAlgoOrder, openAlgoOrders } from '../../application/queries/algoOrders';
import type { EngineEvent } from '../../core/engine/events';
import { formatMoney } from '../../core/numbers/money';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, codeOf, exchangeWithBtc } from './support/memory';

/** A second symbol with BTCUSDT's rules. */
const ETHUSDT = { ...BTCUSDT, symbol: 'ETHUSDT', baseAsset: 'ETH' };

let exchange: MemoryExchange;
let alice: Trader;

beforeEach(async () => {
  exchange = await exchangeWithBtc();
  alice = await exchange.trader();
});

const commandsPut = () =>
  exchange.ports.commands.shardIds.reduce(
    (n, shard) => n + exchange.ports.commands.recordsOf(shard).length,
    0,
  );

async function symbolEvents(): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    events.push(...(item.events ?? []));
  return events;
}

const stop = (extra: Partial<NewAlgoOrderRequest> = {}): NewAlgoOrderRequest => ({
  symbol: 'BTCUSDT',
  side: 'SELL',
  type: 'STOP_MARKET',
  triggerPrice: '55000.0',
  quantity: '0.010',
  ...extra,
});

describe('retries of a conditional order', () => {
  test('the same clientAlgoId with the same parameters is the same conditional order, placed once', async () => {
    const request = stop({ clientAlgoId: 'sl-1' });
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await submitAlgoOrder(exchange.ctx, callerOf(alice), request, `s${i}`));
    expect(new Set(answers.map((a) => a.view.order.algoId)).size).toBe(1);
    expect(commandsPut()).toBe(2); // the listing, the order
    expect((await exchange.ctx.orders.openAlgo(alice.accountId, 'BTCUSDT')).length).toBe(1);
  });

  test('a waiting clientAlgoId used for other parameters is -4116 at once and puts nothing', async () => {
    await submitAlgoOrder(exchange.ctx, callerOf(alice), stop({ clientAlgoId: 'sl-2' }), 'a');
    const other = stop({ clientAlgoId: 'sl-2', triggerPrice: '54000.0' });
    expect(await codeOf(submitAlgoOrder(exchange.ctx, callerOf(alice), other, 'b'))).toBe(-4116);
    expect(commandsPut()).toBe(2);
  });

  test('once the first is canceled, its clientAlgoId may name a new conditional order', async () => {
    const first = await submitAlgoOrder(exchange.ctx, callerOf(alice), stop({ clientAlgoId: 'sl-3' }), 'a');
    await submitCancelAlgo(exchange.ctx, callerOf(alice), { symbol: 'BTCUSDT', clientAlgoId: 'sl-3' });
    const next = await submitAlgoOrder(
      exchange.ctx,
      callerOf(alice),
      stop({ clientAlgoId: 'sl-3', triggerPrice: '54000.0' }),
      'b',
    );
    expect(next.view.order.algoId).not.toBe(first.view.order.algoId);
  });

  test('without a clientAlgoId, the same signature is the same request', async () => {
    const first = await submitAlgoOrder(exchange.ctx, callerOf(alice), stop(), 'ABCD');
    const again = await submitAlgoOrder(exchange.ctx, callerOf(alice), stop(), 'abcd');
    const other = await submitAlgoOrder(exchange.ctx, callerOf(alice), stop(), 'ef01');
    expect(again.view).toEqual(first.view);
    expect(other.view.order.algoId).not.toBe(first.view.order.algoId);
  });

  test('given a conditional order answered and canceled since, when the client retries, then it gets it as it stands, nothing put', async () => {
    const request = stop({ clientAlgoId: 'sl-4' });
    const first = await submitAlgoOrder(exchange.ctx, callerOf(alice), request, 'a');
    await submitCancelAlgo(exchange.ctx, callerOf(alice), { symbol: 'BTCUSDT', clientAlgoId: 'sl-4' });
    const put = commandsPut();
    const retried = await submitAlgoOrder(exchange.ctx, callerOf(alice), request, 'b');
    expect(retried.view.order.algoId).toBe(first.view.order.algoId);
    expect(retried.view.status).not.toBe('NEW');
    expect(retried.view).toEqual(
      await exchange.ctx.orders.getAlgo(alice.accountId, 'BTCUSDT', first.view.order.algoId),
    );
    expect(commandsPut()).toBe(put);
  });

  test('a refusal is remembered for the retry: the same answer, nothing more put', async () => {
    const request = stop({ clientAlgoId: 'bad', quantity: '0.0001' });
    expect(await codeOf(submitAlgoOrder(exchange.ctx, callerOf(alice), request, 'a'))).toBe(-1111);
    const late = stop({ clientAlgoId: 'late', triggerPrice: '1.0' });
    expect(await codeOf(submitAlgoOrder(exchange.ctx, callerOf(alice), late, 'b'))).toBe(-4013);
    const put = commandsPut();
    expect(await codeOf(submitAlgoOrder(exchange.ctx, callerOf(alice), late, 'c'))).toBe(-4013);
    expect(commandsPut()).toBe(put);
  });

  test('an answer lost after the put is "status unknown"; the retry resends the very command, applied once, and answers it', async () => {
    const request = stop({ clientAlgoId: 'lost' });
    exchange.ports.commands.failNext(1, true); // the record arrives, the answer is lost
    expect(await codeOf(submitAlgoOrder(exchange.ctx, callerOf(alice), request, 'a'))).toBe(-1007);
    const retried = await submitAlgoOrder(exchange.ctx, callerOf(alice), request, 'a');
    expect(retried.view).toMatchObject({ status: 'NEW', order: { clientAlgoId: 'lost' } });
    expect(commandsPut()).toBe(3); // the listing, the lost put, its resend
    const placed = (await symbolEvents()).filter((e) => e.type === 'AlgoOrderPlaced');
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ algoOrder: { algoId: retried.view.order.algoId } });
  });
});

describe('margin', () => {
  test('a waiting conditional order reserves nothing and is not margin-checked, as on Binance', async () => {
    // "No margin check when placing conditional orders" (Binance FAQ, What are conditional orders): 10 USDT
    // places a stop for 1 BTC (≈ 2,750 USDT of initial margin at 20x); the balance stays all available.
    const poor = await exchange.trader('10');
    await submitAlgoOrder(exchange.ctx, callerOf(poor), stop({ quantity: '1.000' }), 'a');
    const overview = await loadAccountOverview(exchange.ctx, poor.accountId);
    expect(formatMoney(overview.summary.openOrderInitialMargin)).toBe('0.00000000');
    expect(formatMoney(overview.summary.availableBalance)).toBe('10.00000000');
  });
});

describe('query and cancel without a symbol, as Binance takes them', () => {
  test('by algo id or client algo id, the order is found in whichever symbol it waits; another account sees nothing', async () => {
    await exchange.listSymbol(ETHUSDT);
    const btc = await submitAlgoOrder(exchange.ctx, callerOf(alice), stop({ clientAlgoId: 'same' }), 'a');
    const eth = await submitAlgoOrder(
      exchange.ctx,
      callerOf(alice),
      stop({ symbol: 'ETHUSDT', triggerPrice: '55000.0', clientAlgoId: 'same' }),
      'b',
    );
    const byId = await findAlgoOrder(exchange.ctx, callerOf(alice), { algoId: btc.view.order.algoId });
    expect([byId.view.symbol, byId.instrument.spec.symbol]).toEqual(['BTCUSDT', 'BTCUSDT']);
    // A client algo id used in two symbols names the newest.
    const byClientId = await findAlgoOrder(exchange.ctx, callerOf(alice), { clientAlgoId: 'same' });
    expect(byClientId.view.order.algoId).toBe(eth.view.order.algoId);
    const bob = await exchange.trader();
    expect(await codeOf(findAlgoOrder(exchange.ctx, callerOf(bob), { algoId: btc.view.order.algoId }))).toBe(
      -2013,
    );

    const put = commandsPut();
    expect(
      await codeOf(submitCancelAlgo(exchange.ctx, callerOf(bob), { algoId: eth.view.order.algoId })),
    ).toBe(-2011);
    expect(commandsPut()).toBe(put);
    expect(await submitCancelAlgo(exchange.ctx, callerOf(alice), { algoId: eth.view.order.algoId })).toEqual({
      algoId: eth.view.order.algoId,
      clientAlgoId: 'same',
    });
    expect((await exchange.ctx.orders.openAlgo(alice.accountId)).map((v) => v.symbol)).toEqual(['BTCUSDT']);
  });
});

describe('the history and the open ones, as Binance pages and filters them', () => {
  test('allAlgoOrders: `limit` per `page`, back from the newest, or forward from an algo id; openAlgoOrders by algo id', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await submitAlgoOrder(exchange.ctx, callerOf(alice), stop(), `p${i}`)).view.order.algoId);
    const page = async (p: { page?: number; algoId?: number; startTime?: number }) =>
      (await algoOrderHistory(exchange.ctx, callerOf(alice), { symbol: 'BTCUSDT', limit: 2, ...p })).map(
        (a) => a.view.order.algoId,
      );
    expect(await page({})).toEqual(ids.slice(3, 5));
    expect(await page({ page: 2 })).toEqual(ids.slice(1, 3));
    expect(await page({ page: 3 })).toEqual(ids.slice(0, 1));
    expect(await page({ page: 4 })).toEqual([]);
    expect(await page({ algoId: ids[1] })).toEqual(ids.slice(1, 3));
    expect(await page({ algoId: ids[1], page: 2 })).toEqual(ids.slice(3, 5));
    // With a start time only, still back from the newest in it (the store's rule), page by page to the oldest.
    const startTime = exchange.ctx.clock() - 60_000;
    expect(await page({ startTime, page: 1 })).toEqual(ids.slice(3, 5));
    expect(await page({ startTime, page: 2 })).toEqual(ids.slice(1, 3));
    expect(await page({ startTime, page: 3 })).toEqual(ids.slice(0, 1));
    const one = await openAlgoOrders(exchange.ctx, callerOf(alice), undefined, ids[2]);
    expect(one.map((a) => a.view.order.algoId)).toEqual([ids[2]]);
    expect(await openAlgoOrders(exchange.ctx, callerOf(alice), 'BTCUSDT', 1)).toEqual([]);
  });
});
