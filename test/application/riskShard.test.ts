// The risk service's use case on the in-memory exchange: it tails the symbol's log, keeps its accounts at the
// mark, calls margin once per crossing, freezes and liquidates through commands on the stream, and a second
// (restarted) shard that replays the same log sends the same command ids, so nothing is liquidated twice.

import { OrderIdGenerator } from '../../application/orderEntry/orderIds';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { forceOrders } from '../../application/queries/forceOrders';
import { RiskShard } from '../../application/risk/riskShard';
import { insuranceBalanceJson } from '../../binance/responses/futuresJson';
import type { EngineEvent, Liquidated } from '../../core/engine/events';
import { formatMoney } from '../../core/numbers/money';
import type { AccountRisk } from '../../core/risk/accountRisk';
import { liquidationPrice } from '../../core/risk/liquidationPrice';
import { compileInstrument } from '../../core/symbol/instrument';
import type { MemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;
const calls: number[] = [];

function shard(): RiskShard {
  return new RiskShard(
    exchange.ports,
    exchange.ctx.accounts,
    new OrderIdGenerator(exchange.ports.idSlots, exchange.ports.clock),
    {
      marginCall: async (accountId: number, _risk: AccountRisk) => {
        calls.push(accountId);
      },
    },
  );
}

async function symbolEvents(): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    events.push(...(item.events ?? []));
  return events;
}

beforeEach(async () => {
  calls.length = 0;
  exchange = await exchangeWithBtc();
});

test('the issue’s account (long 0.1 BTC at 64,000, 400 USDT) is called, frozen and liquidated as the mark falls', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const long = await exchange.trader('400');
  const maker = await exchange.trader('1000000');
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 's');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'b');
  await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '60100', '0.1'), 'bid');
  const risk = shard();
  await risk.poll();
  expect(calls).toEqual([]);

  // Margin ratio past 80 %: one MARGIN_CALL, not another while it stays there.
  await exchange.operator.setIndexPrice('BTCUSDT', '60300');
  await risk.poll();
  await exchange.operator.setIndexPrice('BTCUSDT', '60290');
  await risk.poll();
  expect(calls).toEqual([long.accountId]);
  const price = liquidationPrice(risk.riskOf(long.accountId)!, 'BTCUSDT');
  expect(price).toBeGreaterThan(6_020_000_000_000n);

  // Below the liquidation price: frozen (-2019), and an IOC at the bankruptcy price sells to the bid.
  await exchange.operator.setIndexPrice('BTCUSDT', '60150');
  await risk.poll();
  await exchange.settle();
  const liquidated = (await symbolEvents()).filter((e): e is Liquidated => e.type === 'Liquidated');
  expect(liquidated).toHaveLength(1);
  expect(liquidated[0]).toMatchObject({
    accountId: long.accountId,
    filledQuantity: 100,
    unfilledQuantity: 0,
  });
  expect(liquidated[0]!.clientOrderId).toMatch(/^autoclose-/);
  // GET /fapi/v1/insuranceBalance: the fund's balance after the Liquidated event, from the tickers read model.
  const ticker = await exchange.ctx.tickers.latest('BTCUSDT');
  expect(insuranceBalanceJson(compileInstrument(BTCUSDT), ticker)).toEqual({
    symbols: ['BTCUSDT'],
    assets: [
      {
        asset: 'USDT',
        marginBalance: formatMoney(BigInt(liquidated[0]!.insuranceBalance)),
        updateTime: liquidated[0]!.time,
      },
    ],
  });
  expect(BigInt(liquidated[0]!.insuranceBalance)).toBeGreaterThan(0n);
  // GET /fapi/v1/forceOrders: the account's liquidation order, and no ADL order.
  const force = await forceOrders(exchange.ctx, callerOf(long), {});
  expect(force.map((a) => a.view.order.clientOrderId)).toEqual([liquidated[0]!.clientOrderId]);
  expect(await forceOrders(exchange.ctx, callerOf(long), { autoCloseType: 'ADL' })).toEqual([]);
  expect(await forceOrders(exchange.ctx, callerOf(maker), {})).toEqual([]);
  const history = await exchange.ports.accountStore.history(long.accountId);
  expect(history.map((h) => h.event.type)).toContain('AccountFrozen');

  // Once its events are back, the account is flat, not below zero, and unfrozen.
  await risk.poll();
  const after = (await exchange.ports.accountStore.load(long.accountId))!;
  expect(after.positions.BTCUSDT?.size ?? 0).toBe(0);
  expect(after.walletBalance).toBeGreaterThanOrEqual(0n);
  expect(after.frozen).toBe(false);
  await exchange.operator.deposit(long.accountId, '100', 'top up');
  await expect(
    submitOrder(exchange.ctx, callerOf(long), limit('BUY', '60000', '0.001'), 'x'),
  ).resolves.toBeDefined();

  // A restarted shard replays the log from the start: it decides the same steps with the same command ids, and
  // the matcher applies each once.
  await shard().poll();
  await exchange.settle();
  expect((await symbolEvents()).filter((e) => e.type === 'Liquidated')).toHaveLength(1);
});
