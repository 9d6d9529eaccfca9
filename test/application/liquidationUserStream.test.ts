// What a liquidation tells the accounts it concerns on their user data streams, on the in-memory exchange with the
// risk service's use case: the liquidated account sees its liquidation order (ORDER_TRADE_UPDATE, client id
// autoclose-…, type LIQUIDATION) and ACCOUNT_UPDATE reason INSURANCE_CLEAR with the fee as `bc`; an ADL
// counterparty sees an adl_autoclose order filled by a CALCULATED execution and ACCOUNT_UPDATE reason ADL.

import { RecordedMarginCalls } from '../../adapters/memory/marginCalls';
import { openConnection } from '../../application/connections/connections';
import { liquidationFeeAlone } from '../../application/fanout/liquidationUpdates';
import { openListenKey } from '../../application/listenKeys/listenKeys';
import { OrderIdGenerator } from '../../application/orderEntry/orderIds';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { incomeHistory } from '../../application/queries/income';
import { RiskShard } from '../../application/risk/riskShard';
import { binanceStreams } from '../../binance/streams/streamFormat';
import type { Liquidated } from '../../core/engine/events';
import { formatMoney } from '../../core/numbers/money';
import { compileInstrument } from '../../core/symbol/instrument';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;
let long: Trader;
let maker: Trader;
let risk: RiskShard;

// biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
const received = (connectionId: string, e: string): any[] =>
  exchange.poster
    .received(connectionId)
    .map((m) => JSON.parse(m))
    .filter((m) => m.e === e);

async function listen(trader: Trader, connectionId: string): Promise<void> {
  const key = await openListenKey(exchange.ctx, trader.accountId);
  await openConnection(exchange.ctx, {
    connectionId,
    user: { listenKey: key.listenKey, accountId: trader.accountId },
  });
  exchange.poster.connect(connectionId);
}

async function liquidated(): Promise<Liquidated[]> {
  const found: Liquidated[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    for (const event of item.events ?? []) if (event.type === 'Liquidated') found.push(event);
  return found;
}

/** The maker sells 0.1 BTC to the long (400 USDT) at 64,000: the maker is short what the long is long. */
beforeEach(async () => {
  exchange = await exchangeWithBtc();
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  long = await exchange.trader('400');
  maker = await exchange.trader('1000000');
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 's');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'b');
  await listen(long, 'long');
  await listen(maker, 'maker');
  risk = new RiskShard(
    exchange.ports,
    exchange.ctx.accounts,
    new OrderIdGenerator(exchange.ports.idSlots, exchange.ports.clock),
    new RecordedMarginCalls(),
  );
  await risk.poll();
});

async function markTo(price: string): Promise<void> {
  await exchange.operator.setIndexPrice('BTCUSDT', price);
  await risk.poll();
  await exchange.settle();
}

test('liquidated into a bid: the autoclose- LIQUIDATION order fills, ACCOUNT_UPDATE INSURANCE_CLEAR, bc = − the fee', async () => {
  await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '60100', '0.1'), 'bid');
  await markTo('60150');
  const [event] = await liquidated();
  const orders = received('long', 'ORDER_TRADE_UPDATE').filter((m) => m.o.c.startsWith('autoclose-'));
  expect(orders.map((m) => [m.o.x, m.o.X, m.o.o, m.o.ot, m.o.f, m.o.S, m.o.q, m.o.p])).toEqual([
    ['NEW', 'NEW', 'LIQUIDATION', 'LIQUIDATION', 'IOC', 'SELL', '0.100', '60032.00'],
    ['TRADE', 'FILLED', 'LIQUIDATION', 'LIQUIDATION', 'IOC', 'SELL', '0.100', '60032.00'],
  ]);
  expect(orders[0].o.c).toBe(event!.clientOrderId);
  const updates = received('long', 'ACCOUNT_UPDATE');
  const update = updates[updates.length - 1];
  expect(update.a.m).toBe('INSURANCE_CLEAR');
  expect(update.a.B[0].bc).toBe(formatMoney(-BigInt(event!.liquidationFee)));
  expect(update.a.P[0]).toMatchObject({ s: 'BTCUSDT', pa: '0.000', ps: 'BOTH' });
  // GET /fapi/v1/income: the fee is the account's INSURANCE_CLEAR entry (Binance's income type for it).
  const income = await incomeHistory(exchange.ctx, callerOf(long), { incomeType: 'INSURANCE_CLEAR' });
  expect(income.map((e) => [e.symbol, e.amount])).toEqual([['BTCUSDT', -BigInt(event!.liquidationFee)]]);
  expect(BigInt(event!.liquidationFee)).toBeGreaterThan(0n);
  // The maker's bid filled like any order: its update says ORDER.
  const makerUpdates = received('maker', 'ACCOUNT_UPDATE');
  expect(makerUpdates[makerUpdates.length - 1].a.m).toBe('ORDER');
});

test('no bid, mark above bankruptcy: the fund takes the position over; ACCOUNT_UPDATE INSURANCE_CLEAR, no fee', async () => {
  await markTo('60150');
  const [event] = await liquidated();
  expect(event).toMatchObject({ filledQuantity: 0, insuranceQuantity: 100, adlQuantity: 0 });
  const updates = received('long', 'ACCOUNT_UPDATE');
  expect(updates[updates.length - 1].a).toMatchObject({
    m: 'INSURANCE_CLEAR',
    B: [{ a: 'USDT', bc: '0' }],
    P: [{ s: 'BTCUSDT', pa: '0.000' }],
  });
  // The order itself expired unfilled (its rest went to the fund, which is no fill of it).
  const orders = received('long', 'ORDER_TRADE_UPDATE').filter((m) => m.o.c.startsWith('autoclose-'));
  expect(orders.map((m) => m.o.X)).toEqual(['NEW', 'EXPIRED']);
});

test('no bid and the fund cannot bear it: the short is deleveraged (adl_autoclose, CALCULATED, ACCOUNT_UPDATE ADL)', async () => {
  // The mark gaps below the bankruptcy price (60,032): the fund (empty) would take over a loss.
  await markTo('59000');
  const [event] = await liquidated();
  expect(event).toMatchObject({ filledQuantity: 0, insuranceQuantity: 0, adlQuantity: 100 });
  const adl = received('maker', 'ORDER_TRADE_UPDATE').filter((m) => m.o.c === 'adl_autoclose');
  expect(adl).toHaveLength(1);
  expect(adl[0].o).toMatchObject({
    s: 'BTCUSDT',
    c: 'adl_autoclose',
    S: 'BUY',
    o: 'LIQUIDATION',
    f: 'IOC',
    q: '0.100',
    p: '60032.00',
    ap: '60032.00000',
    x: 'CALCULATED',
    X: 'FILLED',
    l: '0.100',
    z: '0.100',
    L: '60032.00',
    n: '0.00000000',
    R: true,
    // The short sold at 64,000 and buys back at 60,032: 396.80 realized.
    rp: '396.80000000',
  });
  const makerUpdates = received('maker', 'ACCOUNT_UPDATE');
  expect(makerUpdates[makerUpdates.length - 1].a).toMatchObject({
    m: 'ADL',
    B: [{ a: 'USDT', bc: '0' }],
    P: [{ s: 'BTCUSDT', pa: '0.000' }],
  });
  const longUpdates = received('long', 'ACCOUNT_UPDATE');
  expect(longUpdates[longUpdates.length - 1].a).toMatchObject({
    m: 'INSURANCE_CLEAR',
    P: [{ s: 'BTCUSDT', pa: '0.000' }],
  });
  // Nobody else's ADL reaches the long.
  expect(received('long', 'ORDER_TRADE_UPDATE').filter((m) => m.o.c === 'adl_autoclose')).toEqual([]);
});

describe('a Liquidated event cut off from its fills (the next run of the log)', () => {
  test('still tells the fee: a balance-only ACCOUNT_UPDATE INSURANCE_CLEAR', () => {
    const event: Liquidated = {
      type: 'Liquidated',
      seq: 9,
      time: 1_000,
      commandId: 'c',
      accountId: 7,
      orderId: 3,
      clientOrderId: 'autoclose-3',
      side: 'SELL',
      price: 600_320,
      quantity: 100,
      filledQuantity: 100,
      filledNotional: 604_000_000_000,
      insuranceQuantity: 0,
      adlQuantity: 0,
      unfilledQuantity: 0,
      liquidationFee: 7_550_000_000,
      insuranceBalance: 7_550_000_000,
    };
    expect(liquidationFeeAlone([event], 7)).toEqual({ balanceChange: -7_550_000_000n, time: 1_000 });
    expect(liquidationFeeAlone([event], 8)).toBeUndefined();
    expect(
      binanceStreams.user(
        {
          kind: 'liquidationFee',
          walletBalance: 10_000_000_000n,
          balanceChange: -7_550_000_000n,
          time: 1_000,
        },
        compileInstrument(BTCUSDT),
        2_000,
      ),
    ).toEqual({
      e: 'ACCOUNT_UPDATE',
      E: 2_000,
      T: 1_000,
      a: {
        m: 'INSURANCE_CLEAR',
        B: [{ a: 'USDT', wb: '100.00000000', cw: '100.00000000', bc: '-75.50000000' }],
        P: [],
      },
    });
  });
});
