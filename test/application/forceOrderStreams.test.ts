// The liquidation order streams on the in-memory exchange: the risk service liquidates a long into a bid, and the
// fan-out pushes the engine's Liquidated event to `<symbol>@forceOrder` and `!forceOrder@arr` in Binance's
// forceOrder fields, at most one per symbol per 1000 ms (the latest of it), never twice for a redelivered run.

import { RecordedMarginCalls } from '../../adapters/memory/marginCalls';
import { forceOrderMessages } from '../../application/fanout/forceOrderMessages';
import { Throttle } from '../../application/fanout/rollingWindow';
import { OrderIdGenerator } from '../../application/orderEntry/orderIds';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { RiskShard } from '../../application/risk/riskShard';
import { parseStreamName } from '../../binance/streams/streamNames';
import type { EngineEvent, Liquidated } from '../../core/engine/events';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, limit, listen } from './support/memory';

const START = Date.UTC(2026, 11, 6, 7, 0, 0);
let now = START;
let exchange: MemoryExchange;

beforeEach(async () => {
  now = START;
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
});

// biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
const received = (connectionId: string): any[] =>
  exchange.poster.received(connectionId).map((m) => JSON.parse(m));

test('the stream names are Binance’s', () => {
  expect(parseStreamName('btcusdt@forceOrder')).toEqual({ kind: 'forceOrder', symbol: 'BTCUSDT' });
  expect(parseStreamName('!forceOrder@arr')).toEqual({ kind: 'allForceOrders' });
  expect(parseStreamName('btcusdt@forceorder')).toBeUndefined();
});

test('a liquidation reaches <symbol>@forceOrder and !forceOrder@arr as Binance’s forceOrder', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const long = await exchange.trader('400');
  const maker = await exchange.trader('1000000');
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 's');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'b');
  await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '60100', '0.1'), 'bid');
  await listen(exchange, 'watcher', ['btcusdt@forceOrder', '!forceOrder@arr']);
  const risk = new RiskShard(
    exchange.ports,
    exchange.ctx.accounts,
    new OrderIdGenerator(exchange.ports.idSlots, exchange.ports.clock),
    new RecordedMarginCalls(),
  );
  await risk.poll();
  now += 1_000;
  await exchange.operator.setIndexPrice('BTCUSDT', '60150');
  await risk.poll();
  await exchange.settle();

  const forceOrders = received('watcher').filter((m) => m.e === 'forceOrder');
  // Bankruptcy: (64,000 × 0.1 − (400 − 3.20 fee)) ÷ 0.1 = 60,032.0; sold to the 60,100 bid.
  const expected = {
    e: 'forceOrder',
    E: now,
    o: {
      s: 'BTCUSDT',
      S: 'SELL',
      o: 'LIMIT',
      f: 'IOC',
      q: '0.100',
      p: '60032.00',
      ap: '60100.00000',
      X: 'FILLED',
      l: '0.100',
      z: '0.100',
      T: now,
    },
  };
  // One for each stream: the symbol's and the all-symbols one.
  expect(forceOrders).toEqual([expected, expected]);
});

describe('at most one per symbol per 1000 ms', () => {
  const liquidated = (seq: number, time: number, orderId: number): Liquidated => ({
    type: 'Liquidated',
    seq,
    time,
    commandId: `c${seq}`,
    accountId: 7,
    orderId,
    clientOrderId: `autoclose-${orderId}`,
    side: 'SELL',
    price: 600_000,
    quantity: 10,
    filledQuantity: 0,
    filledNotional: 0,
    insuranceQuantity: 10,
    adlQuantity: 0,
    unfilledQuantity: 0,
    liquidationFee: 0,
    insuranceBalance: 0,
  });
  const orderIds = (events: EngineEvent[], throttle: Throttle) =>
    forceOrderMessages(events, 'BTCUSDT', ['btcusdt@forceOrder'], throttle).map((m) =>
      m.message.kind === 'forceOrder' ? m.message.liquidation.orderId : undefined,
    );

  test('the latest of a second in a run; a later run of the same second pushes nothing; the next second does', () => {
    const throttle = new Throttle();
    expect(orderIds([liquidated(1, 5_000, 1), liquidated(2, 5_400, 2)], throttle)).toEqual([2]);
    expect(orderIds([liquidated(3, 5_900, 3)], throttle)).toEqual([]);
    expect(orderIds([liquidated(4, 6_000, 4), liquidated(5, 7_100, 5)], throttle)).toEqual([4, 5]);
    // A redelivered run pushes nothing again.
    expect(orderIds([liquidated(4, 6_000, 4), liquidated(5, 7_100, 5)], throttle)).toEqual([]);
  });
});
