// MARGIN_CALL on the user data stream: the risk service's margin call reaches the account's connections through
// the same connection and listen key lookup the fan-out uses, in Binance's fields, once per crossing of 80 %
// (again only after the ratio fell back below it), and never to another account or a connection whose key expired.

import { openConnection } from '../../application/connections/connections';
import { closeListenKey, openListenKey } from '../../application/listenKeys/listenKeys';
import { OrderIdGenerator } from '../../application/orderEntry/orderIds';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import type { MarginCalls } from '../../application/ports/marginCalls';
import { RiskShard } from '../../application/risk/riskShard';
import { UserStreamMarginCalls } from '../../application/risk/userStreamMarginCalls';
import { binanceStreams } from '../../binance/streams/streamFormat';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { callerOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;

// biome-ignore lint/suspicious/noExplicitAny: payloads are probed field by field
const marginCalls = (connectionId: string): any[] =>
  exchange.poster
    .received(connectionId)
    .map((m) => JSON.parse(m))
    .filter((m) => (m.data ?? m).e === 'MARGIN_CALL');

async function listen(trader: Trader, connectionId: string, combined = false): Promise<string> {
  const key = await openListenKey(exchange.ctx, trader.accountId);
  await openConnection(exchange.ctx, {
    connectionId,
    user: { listenKey: key.listenKey, accountId: trader.accountId },
    ...(combined ? { streams: [] } : {}),
  });
  exchange.poster.connect(connectionId);
  return key.listenKey;
}

function userStreams(): UserStreamMarginCalls {
  return new UserStreamMarginCalls(exchange.ports, { poster: exchange.poster, format: binanceStreams });
}

function riskShard(marginCalls: MarginCalls = userStreams()): RiskShard {
  return new RiskShard(
    exchange.ports,
    exchange.ctx.accounts,
    new OrderIdGenerator(exchange.ports.idSlots, exchange.ports.clock),
    marginCalls,
  );
}

beforeEach(async () => {
  exchange = await exchangeWithBtc();
});

test('long 0.1 BTC at 64,000 with 400 USDT: one MARGIN_CALL per crossing of 80 %, in Binance’s fields', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const long = await exchange.trader('400');
  const maker = await exchange.trader('1000000');
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 's');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'b');
  const listenKey = await listen(long, 'long-raw');
  await listen(long, 'long-combined', true);
  await listen(maker, 'maker');
  const risk = riskShard();
  const markTo = async (price: string) => {
    await exchange.operator.setIndexPrice('BTCUSDT', price);
    await risk.poll();
  };
  await risk.poll();
  expect(marginCalls('long-raw')).toEqual([]);

  // 60,300: maintenance 24.12 of a margin balance of 26.80 (400 − 3.20 taker fee − 370): 90 %.
  await markTo('60300');
  const [call] = marginCalls('long-raw');
  expect(call).toEqual({
    e: 'MARGIN_CALL',
    E: expect.any(Number),
    cw: '396.80000000',
    p: [
      {
        s: 'BTCUSDT',
        ps: 'BOTH',
        pa: '0.100',
        mt: 'CROSSED',
        iw: '0',
        mp: '60300.00000000',
        up: '-370.00000000',
        mm: '24.12000000',
      },
    ],
  });
  // A combined-stream connection gets it wrapped with its listen key as the stream name, as the fan-out does.
  expect(marginCalls('long-combined')).toEqual([{ stream: listenKey, data: call }]);

  // Still above 80 %: no second call.
  await markTo('60290');
  expect(marginCalls('long-raw')).toHaveLength(1);
  // Back below 80 % re-arms it; the next crossing calls again.
  await markTo('63000');
  await markTo('60300');
  expect(marginCalls('long-raw')).toHaveLength(2);
  // Nobody else hears of it.
  expect(marginCalls('maker')).toEqual([]);
});

test('a connection whose listen key is gone gets no MARGIN_CALL', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const long = await exchange.trader('400');
  const maker = await exchange.trader('1000000');
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 's');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'b');
  await listen(long, 'stale');
  await closeListenKey(exchange.ctx, long.accountId);
  const risk = riskShard();
  await risk.poll();
  await exchange.operator.setIndexPrice('BTCUSDT', '60300');
  await risk.poll();
  expect(marginCalls('stale')).toEqual([]);
});

test('a restarted risk service replays the log without calling for its old crossings', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const long = await exchange.trader('400');
  const maker = await exchange.trader('1000000');
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 's');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'b');
  await listen(long, 'long');
  const first = riskShard();
  const markTo = async (shard: RiskShard, price: string) => {
    await exchange.operator.setIndexPrice('BTCUSDT', price);
    await shard.poll();
  };
  // Two crossings, each called, and back below 80 %.
  for (const price of ['60300', '63000', '60300', '63000']) await markTo(first, price);
  expect(marginCalls('long')).toHaveLength(2);

  // The restart reads both crossings in the log's history, but evaluates at the end of it (RiskShard.follow):
  // the ratio now is below 80 %, so nothing is said.
  const restarted = riskShard();
  await restarted.poll();
  expect(marginCalls('long')).toHaveLength(2);
  // The next crossing is news.
  await markTo(restarted, '60300');
  expect(marginCalls('long')).toHaveLength(3);
});
