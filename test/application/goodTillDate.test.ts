// GTD on plain orders through ingress: Binance's rules for goodTillDate (mandatory with GTD, kept to the second,
// more than 600 s ahead), then the engine's expiry reaching the read model and the user data stream.

import { openConnection } from '../../application/connections/connections';
import { openListenKey } from '../../application/listenKeys/listenKeys';
import { submitIndexPrice } from '../../application/marketPrices/submitIndexPrice';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { findOrder } from '../../application/queries/orders';
import { Rejections } from '../../core/errors';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, codeOf, limit } from './support/memory';

let now = Date.UTC(2026, 11, 6, 12, 0, 0, 250);
let exchange: MemoryExchange;

beforeEach(async () => {
  now = Date.UTC(2026, 11, 6, 12, 0, 0, 250);
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
});

const gtd = (goodTillDate?: number) =>
  limit('BUY', '60000.0', '0.010', {
    timeInForce: 'GTD',
    ...(goodTillDate === undefined ? {} : { goodTillDate }),
  });

describe('goodTillDate at ingress', () => {
  test('mandatory with GTD (-1102), not wanted with another time in force (-1106), 0 allowed there', async () => {
    const trader = await exchange.trader();
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(trader), gtd(), 'a'))).toBe(-1102);
    const gtcWithDate = limit('BUY', '60000.0', '0.010', { goodTillDate: now + 3_600_000 });
    expect(await codeOf(submitOrder(exchange.ctx, callerOf(trader), gtcWithDate, 'b'))).toBe(-1106);
    const gtcWithZero = limit('BUY', '60000.0', '0.010', { goodTillDate: 0 });
    await submitOrder(exchange.ctx, callerOf(trader), gtcWithZero, 'c');
  });

  test('must be more than 600 s ahead once its milliseconds are dropped, and before the year 10000 (-5040)', async () => {
    const trader = await exchange.trader();
    const place = (date: number, signature: string) =>
      codeOf(submitOrder(exchange.ctx, callerOf(trader), gtd(date), signature));
    // now is 12:00:00.250: now + 600.5 s is 12:10:00.750, kept as 12:10:00, which is not after now + 600 s.
    expect(await place(now + 600_500, 'a')).toBe(Rejections.goodTillDateOutOfRange.code);
    expect(await place(253_402_300_800_000, 'b')).toBe(-5040);
    const { view } = await submitOrder(exchange.ctx, callerOf(trader), gtd(now + 601_999), 'c');
    // Kept to the second, as Binance keeps it.
    expect(view.order).toMatchObject({ timeInForce: 'GTD', goodTillDate: Date.UTC(2026, 11, 6, 12, 10, 2) });
  });
});

describe('GTD expiry', () => {
  test('the first command at or after the date expires the order: EXPIRED in the read model and on the user stream', async () => {
    const trader = await exchange.trader();
    const key = await openListenKey(exchange.ctx, trader.accountId);
    await openConnection(exchange.ctx, {
      connectionId: 'u1',
      user: { listenKey: key.listenKey, accountId: trader.accountId },
    });
    exchange.poster.connect('u1');
    const goodTillDate = Date.UTC(2026, 11, 6, 12, 15, 0);
    const { view } = await submitOrder(exchange.ctx, callerOf(trader), gtd(goodTillDate), 'a');

    now = goodTillDate - 1;
    await submitIndexPrice(exchange.ctx, 'BTCUSDT', '60000', [{ name: 'binance', price: '60000' }]);
    await exchange.settle();
    const ref = { symbol: 'BTCUSDT', orderId: view.order.orderId };
    expect(
      (await findOrder(exchange.ctx, callerOf(trader), ref, Rejections.mandatoryParam)).view.status,
    ).toBe('NEW');

    now = goodTillDate;
    await submitIndexPrice(exchange.ctx, 'BTCUSDT', '60000', [{ name: 'binance', price: '60000' }]);
    await exchange.settle();
    const expired = await findOrder(exchange.ctx, callerOf(trader), ref, Rejections.mandatoryParam);
    expect(expired.view).toMatchObject({ status: 'EXPIRED', expiryReason: 'GTD' });
    const updates = exchange.poster
      .received('u1')
      .map((m) => JSON.parse(m))
      .filter((m) => m.e === 'ORDER_TRADE_UPDATE');
    expect(updates.map((m) => [m.o.x, m.o.X, m.o.f, m.o.gtd])).toEqual([
      ['NEW', 'NEW', 'GTD', goodTillDate],
      ['EXPIRED', 'EXPIRED', 'GTD', goodTillDate],
    ]);
  });
});
