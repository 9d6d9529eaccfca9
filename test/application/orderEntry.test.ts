// Order entry as use cases (application/orderEntry), on the in-memory adapters with the matcher and projector
// running in the same process: what every handler (REST, WebSocket API) calls, without HTTP or emulators.

import {
  CLIENT_ORDER_RETRY_WINDOW_MS,
  fingerprintOf,
  requestKeyOf,
} from '../../application/orderEntry/idempotency';
import { validatedOrder } from '../../application/orderEntry/orderRequest';
import { submitAmendment } from '../../application/orderEntry/submitAmendment';
import { submitBatch } from '../../application/orderEntry/submitBatch';
import { submitCancel, submitCancelAll } from '../../application/orderEntry/submitCancel';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { loadAccountOverview } from '../../application/queries/accountOverview';
import { openOrders } from '../../application/queries/orders';
import { Rejected } from '../../application/rejected';
import { listedSymbol } from '../../application/symbols/listedSymbol';
import type { EngineEvent } from '../../core/engine/events';
import { formatMoney } from '../../core/numbers/money';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { callerOf, codeOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;
let alice: Trader;
let bob: Trader;

beforeEach(async () => {
  exchange = await exchangeWithBtc();
  alice = await exchange.trader();
  bob = await exchange.trader();
});

async function symbolEvents(): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    events.push(...(item.events ?? []));
  return events;
}

const commandsPut = () =>
  exchange.ports.commands.shardIds.reduce(
    (n, shard) => n + exchange.ports.commands.recordsOf(shard).length,
    0,
  );

describe('place', () => {
  test('ACK answers the order NEW as ingress numbered it; the engine rests it and the read model shows it', async () => {
    const { view } = await submitOrder(exchange.ctx, callerOf(alice), limit('BUY', '60000.0', '0.010'), 's1');
    expect(view).toMatchObject({ status: 'NEW', price: 600_000, origQty: 10, executedQty: 0, lastSeq: 0 });
    const open = await openOrders(exchange.ctx, callerOf(alice));
    expect(open.map((o) => [o.view.order.orderId, o.view.status])).toEqual([[view.order.orderId, 'NEW']]);
  });

  test('RESULT answers the order after matching: a taker filled against a resting maker', async () => {
    await submitOrder(exchange.ctx, callerOf(bob), limit('SELL', '60000.0', '0.010'), 's1');
    const { view } = await submitOrder(
      exchange.ctx,
      callerOf(alice),
      limit('BUY', '60000.0', '0.010', { newOrderRespType: 'RESULT' }),
      's2',
    );
    expect(view).toMatchObject({ status: 'FILLED', executedQty: 10, cumQuote: 60_000_000_000n });
  });

  test('filters refuse before anything is spent: tick, precision, minimum notional; an unknown symbol is -1121', async () => {
    const ctx = exchange.ctx;
    expect(await codeOf(submitOrder(ctx, callerOf(alice), limit('BUY', '60000.05', '0.010'), 'a'))).toBe(
      -4014,
    );
    expect(await codeOf(submitOrder(ctx, callerOf(alice), limit('BUY', '60000.0', '0.0105'), 'b'))).toBe(
      -1111,
    );
    expect(await codeOf(submitOrder(ctx, callerOf(alice), limit('BUY', '1000.0', '0.001'), 'c'))).toBe(-4164);
    expect(
      await codeOf(
        submitOrder(ctx, callerOf(alice), { ...limit('BUY', '1.0', '1'), symbol: 'NOPEUSDT' }, 'd'),
      ),
    ).toBe(-1121);
    expect(commandsPut()).toBe(1); // the listing only
  });

  test('margin: an order the balance cannot cover is -2019 and reserves nothing; a smaller one reserves its margin', async () => {
    const poor = await exchange.trader('100');
    // 0.1 × 60,000 / 20 + 0.05% taker fee = 303 USDT.
    expect(
      await codeOf(submitOrder(exchange.ctx, callerOf(poor), limit('BUY', '60000.0', '0.100'), 'a')),
    ).toBe(-2019);
    // 0.03 × 60,000 / 20 + fee = 90.9 USDT: fits, and leaves 9.1.
    await submitOrder(exchange.ctx, callerOf(poor), limit('BUY', '60000.0', '0.030'), 'b');
    const overview = await loadAccountOverview(exchange.ctx, poor.accountId);
    expect(formatMoney(overview.summary.openOrderInitialMargin)).toBe('90.90000000');
    expect(formatMoney(overview.summary.availableBalance)).toBe('9.10000000');
  });

  test('a MARKET order the read model shows no price for is -4131 and puts nothing; with a mark it is priced at the mark', async () => {
    // Neither a touch, nor a trade, nor a mark: the ingress cannot value its worst case.
    const market = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010' } as const;
    const put = commandsPut();
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(alice), market, 'm1'))).toBe(-4131);
    expect(commandsPut()).toBe(put);
    // The mark's take bound is the engine's own worst case, so the ingress reserves at it and the engine answers:
    // on an empty book the order expires, and its reservation is freed.
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    const { view } = await submitOrder(
      exchange.ctx,
      callerOf(alice),
      { ...market, newOrderRespType: 'RESULT' },
      'm2',
    );
    expect(view).toMatchObject({ status: 'EXPIRED', executedQty: 0 });
    expect((await exchange.ctx.accounts.load(alice.accountId))?.reservations).toEqual({});
  });

  test('a client order id open in the read model is -4116 at once, in ACK mode too, and puts nothing', async () => {
    await submitOrder(
      exchange.ctx,
      callerOf(alice),
      limit('BUY', '55000.0', '0.010', { newClientOrderId: 'dup' }),
      'a',
    );
    const before = commandsPut();
    for (const newOrderRespType of ['ACK', 'RESULT'] as const) {
      const again = limit('SELL', '70000.0', '0.020', { newClientOrderId: 'dup', newOrderRespType });
      expect(await codeOf(submitOrder(exchange.ctx, callerOf(alice), again, 'b'))).toBe(-4116);
    }
    expect(commandsPut()).toBe(before);
    // Another account may use the same id.
    await submitOrder(
      exchange.ctx,
      callerOf(bob),
      limit('BUY', '55000.0', '0.010', { newClientOrderId: 'dup' }),
      'c',
    );
  });

  test('a halted symbol refuses new orders with -1122', async () => {
    await exchange.operator.setSymbolStatus('BTCUSDT', 'HALT');
    expect(
      await codeOf(submitOrder(exchange.ctx, callerOf(alice), limit('BUY', '60000.0', '0.010'), 'a')),
    ).toBe(-1122);
  });
});

describe('retries', () => {
  test('the same client order id with the same parameters is the same order; other parameters are another', async () => {
    const request = limit('SELL', '66000.0', '0.010', { newClientOrderId: 'retry-1' });
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await submitOrder(exchange.ctx, callerOf(alice), request, `sig${i}`));
    expect(new Set(answers.map((a) => a.view.order.orderId)).size).toBe(1);
    expect(commandsPut()).toBe(2);
  });

  test('without a client order id, the same signature is the same request', async () => {
    const request = limit('SELL', '66100.0', '0.010');
    const first = await submitOrder(exchange.ctx, callerOf(alice), request, 'ABCD');
    const again = await submitOrder(exchange.ctx, callerOf(alice), request, 'abcd');
    const other = await submitOrder(exchange.ctx, callerOf(alice), request, 'ef01');
    expect(again.view.order.orderId).toBe(first.view.order.orderId);
    expect(other.view.order.orderId).not.toBe(first.view.order.orderId);
    expect(commandsPut()).toBe(3); // the listing and two orders
  });

  test('given an order answered ACK and filled since, when the client retries, then it gets the order as it stands, nothing put', async () => {
    const request = limit('SELL', '66200.0', '0.010', { newClientOrderId: 'filled-since' });
    const first = await submitOrder(exchange.ctx, callerOf(alice), request, 'a');
    expect(first.view.status).toBe('NEW');
    await submitOrder(exchange.ctx, callerOf(bob), limit('BUY', '66200.0', '0.010'), 'taker');
    const puts = commandsPut();
    const retried = await submitOrder(exchange.ctx, callerOf(alice), request, 'b');
    expect(retried.view).toMatchObject({
      order: { orderId: first.view.order.orderId },
      status: 'FILLED',
      executedQty: 10,
    });
    expect(retried.view).toEqual(
      await exchange.ctx.orders.get(alice.accountId, 'BTCUSDT', first.view.order.orderId),
    );
    expect(commandsPut()).toBe(puts);
  });

  test('a retry while the first request has put nothing (still deciding, or dead before its put) waits as RESULT does, then is "status unknown", and puts nothing', async () => {
    const request = limit('SELL', '66300.0', '0.010', { newClientOrderId: 'in-flight' });
    const orderId = await exchange.ctx.orderIds.next();
    // The first request's record, as its begin left it: it names its order, which is nowhere yet.
    await exchange.ctx.requests.begin(
      requestKeyOf(callerOf(alice), request, 'a'),
      fingerprintOf(
        request,
        validatedOrder(
          await listedSymbol(exchange.ctx, 'BTCUSDT'),
          alice.accountId,
          request,
          exchange.ctx.clock(),
        ),
      ),
      CLIENT_ORDER_RETRY_WINDOW_MS,
      String(orderId),
    );
    const puts = commandsPut();
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(alice), request, 'b'))).toBe(-1007);
    expect(commandsPut()).toBe(puts);
  });

  test('a refusal is remembered for the retry: the same answer, nothing put', async () => {
    const poor = await exchange.trader('10');
    const request = limit('BUY', '60000.0', '0.100', { newClientOrderId: 'too-big' });
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(poor), request, 'a'))).toBe(-2019);
    await exchange.operator.deposit(poor.accountId, '100000', 'top up');
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(poor), request, 'b'))).toBe(-2019);
  });

  test('a put that may not have arrived is "status unknown"; the retry sends the very same command, applied once', async () => {
    const request = limit('SELL', '67000.0', '0.010', { newClientOrderId: 'lost-answer' });
    exchange.ports.commands.failNext(1, true); // the record arrives, the answer is lost
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(alice), request, 'a'))).toBe(-1007);
    const retried = await submitOrder(exchange.ctx, callerOf(alice), request, 'a');
    expect(commandsPut()).toBe(3); // the listing, the lost put, its resend
    const open = await openOrders(exchange.ctx, callerOf(alice));
    expect(open.map((o) => o.view.order.orderId)).toEqual([retried.view.order.orderId]);
  });

  test('RESULT: given an answer lost after the put, when the client retries, then it gets the order after matching, applied once', async () => {
    await submitOrder(exchange.ctx, callerOf(bob), limit('SELL', '60000.0', '0.010'), 'maker');
    const request = limit('BUY', '60000.0', '0.010', {
      newClientOrderId: 'lost-result',
      newOrderRespType: 'RESULT',
    });
    exchange.ports.commands.failNext(1, true); // the record arrives and the matcher fills it; the answer is lost
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(alice), request, 'a'))).toBe(-1007);
    const retried = await submitOrder(exchange.ctx, callerOf(alice), request, 'a');
    expect(retried.view).toMatchObject({ status: 'FILLED', executedQty: 10, cumQuote: 60_000_000_000n });
    const placed = (await symbolEvents()).filter(
      (e) => e.type === 'OrderAccepted' && e.order.accountId === alice.accountId,
    );
    expect(placed).toHaveLength(1);
    const again = await submitOrder(exchange.ctx, callerOf(alice), request, 'a');
    expect(again.view).toEqual(retried.view);
  });

  test('a RESULT retry of a lost ACK request (which kept no place to read from) is answered as ACK, not -1007', async () => {
    const ack = limit('SELL', '68000.0', '0.010', { newClientOrderId: 'lost-ack' });
    exchange.ports.commands.failNext(1, true);
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(alice), ack, 'a'))).toBe(-1007);
    const retried = await submitOrder(
      exchange.ctx,
      callerOf(alice),
      { ...ack, newOrderRespType: 'RESULT' },
      'a',
    );
    expect(retried.view).toMatchObject({ status: 'NEW', executedQty: 0 });
    expect(commandsPut()).toBe(3); // the listing, the lost put, its resend
  });
});

describe('amend, cancel, cancel all', () => {
  test('amend answers the order as amended; a bigger order tops its margin up first (-2019 if it cannot)', async () => {
    const poor = await exchange.trader('100');
    const { view } = await submitOrder(exchange.ctx, callerOf(poor), limit('BUY', '60000.0', '0.030'), 'a');
    const ref = { symbol: 'BTCUSDT', orderId: view.order.orderId, side: 'BUY' as const };
    const amended = await submitAmendment(exchange.ctx, callerOf(poor), {
      ...ref,
      price: '59000.0',
      quantity: '0.020',
    });
    expect(amended.view).toMatchObject({ status: 'NEW', price: 590_000, origQty: 20 });
    expect(
      await codeOf(
        submitAmendment(exchange.ctx, callerOf(poor), { ...ref, price: '60000.0', quantity: '0.100' }),
      ),
    ).toBe(-2019);
  });

  test('an amendment that trades answers what the order now holds: each fill once, as the order query shows it', async () => {
    await submitOrder(exchange.ctx, callerOf(bob), limit('BUY', '59900.0', '0.100'), 'b');
    const { view } = await submitOrder(exchange.ctx, callerOf(alice), limit('SELL', '60100.0', '0.100'), 'a');
    const amended = await submitAmendment(exchange.ctx, callerOf(alice), {
      symbol: 'BTCUSDT',
      orderId: view.order.orderId,
      side: 'SELL',
      price: '59800.0',
      quantity: '0.100',
    });
    // Crossed at the resting bid: 0.100 at 59900, one fill, once.
    expect(amended.view).toMatchObject({ status: 'FILLED', origQty: 100, executedQty: 100 });
    expect(formatMoney(amended.view.cumQuote)).toBe(formatMoney(599_000_000_000n));
    const shown = await exchange.ports.orders.get(alice.accountId, 'BTCUSDT', view.order.orderId);
    expect(amended.view).toEqual(shown);
    // An amended order no longer prevents self-trades, and says so (Binance sets NONE).
    expect(amended.view.order.selfTradePreventionMode).toBe('NONE');
  });

  test("cancel answers CANCELED; another account's order is -2011 and stays", async () => {
    const { view } = await submitOrder(exchange.ctx, callerOf(alice), limit('BUY', '60000.0', '0.010'), 'a');
    const ref = { symbol: 'BTCUSDT', orderId: view.order.orderId };
    expect(await codeOf(submitCancel(exchange.ctx, callerOf(bob), ref))).toBe(-2011);
    expect((await submitCancel(exchange.ctx, callerOf(alice), ref)).view.status).toBe('CANCELED');
    expect(await codeOf(submitCancel(exchange.ctx, callerOf(alice), { symbol: 'BTCUSDT' }))).toBe(-1102);
  });

  test("cancel all takes every open order of the account off, and only that account's", async () => {
    for (const [i, price] of ['59000.0', '58000.0'].entries())
      await submitOrder(exchange.ctx, callerOf(alice), limit('BUY', price, '0.010'), `a${i}`);
    await submitOrder(exchange.ctx, callerOf(bob), limit('BUY', '57000.0', '0.010'), 'b');
    await submitCancelAll(exchange.ctx, callerOf(alice), 'BTCUSDT');
    expect(await openOrders(exchange.ctx, callerOf(alice))).toEqual([]);
    expect(await openOrders(exchange.ctx, callerOf(bob))).toHaveLength(1);
  });
});

describe('batch', () => {
  test('each entry is answered on its own, in order; a refusal does not stop the others', async () => {
    const results = await submitBatch(
      exchange.ctx,
      callerOf(alice),
      [
        limit('BUY', '50000.0', '0.010'),
        new Rejected({ code: -1102, msg: 'malformed entry' }),
        limit('BUY', '50000.05', '0.010'),
        limit('BUY', '50001.0', '0.010'),
      ],
      'batch-sig',
    );
    expect(results.map((r) => (r instanceof Rejected ? r.code : r.view.status))).toEqual([
      'NEW',
      -1102,
      -4014,
      'NEW',
    ]);
    // Each entry is its own request for retries: the batch sent again places nothing new.
    const again = await submitBatch(
      exchange.ctx,
      callerOf(alice),
      [limit('BUY', '50000.0', '0.010')],
      'batch-sig',
    );
    const orderIdOf = (answer: (typeof results)[number] | undefined) =>
      answer instanceof Rejected ? answer.code : answer?.view.order.orderId;
    expect(orderIdOf(again[0])).toBe(orderIdOf(results[0]));
  });
});
