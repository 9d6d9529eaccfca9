// Issue 15's liquidation scenarios end to end through the risk service's use case on the in-memory exchange (the
// matcher, projector and fan-out run on every command): the liquidation price shown is the mark at which
// liquidation starts, to the tick, for a long and a short; an account with two positions stops once it is safe
// again; an unfilled liquidation the fund cannot bear deleverages the highest-ranked opposite position, then the next.

import { RecordedMarginCalls } from '../../adapters/memory/marginCalls';
import { OrderIdGenerator } from '../../application/orderEntry/orderIds';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { RiskShard } from '../../application/risk/riskShard';
import type { EngineEvent, Liquidated, PositionTransferred } from '../../core/engine/events';
import { formatScaled } from '../../core/numbers/decimal';
import { MARGIN_CALL_RATIO } from '../../core/risk/accountRisk';
import { liquidationPrice } from '../../core/risk/liquidationPrice';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';
import { callerOf, exchangeWithBtc, limit, openAdlSession } from './support/memory';

/** BTCUSDT's tick, 0.10 USDT, in mark units (10^-8 USDT). */
const TICK = 10_000_000n;
const ETHUSDT: SymbolSpec = { ...BTCUSDT, symbol: 'ETHUSDT', baseAsset: 'ETH' };

let exchange: MemoryExchange;
let risk: RiskShard;
let marginCalls: RecordedMarginCalls;

beforeEach(async () => {
  exchange = await exchangeWithBtc();
  marginCalls = new RecordedMarginCalls();
  risk = new RiskShard(
    exchange.ports,
    exchange.ctx.accounts,
    new OrderIdGenerator(exchange.ports.idSlots, exchange.ports.clock),
    marginCalls,
  );
});

async function events(symbol = 'BTCUSDT'): Promise<EngineEvent[]> {
  const found: EngineEvent[] = [];
  for await (const item of exchange.ports.events.itemsAfter(symbol, 0)) found.push(...(item.events ?? []));
  return found;
}
const liquidations = async (symbol = 'BTCUSDT') =>
  (await events(symbol)).filter((e): e is Liquidated => e.type === 'Liquidated');

async function indexTo(symbol: string, units: bigint): Promise<void> {
  await exchange.operator.setIndexPrice(symbol, formatScaled(units, 8));
  await risk.poll();
  await exchange.settle();
  await risk.poll();
}

/** `trader` opens `side` 0.1 BTC at 64,000 against a well-funded counterparty; returns the counterparty. */
async function open(trader: Trader, side: 'BUY' | 'SELL', qty = '0.1', symbol = 'BTCUSDT'): Promise<Trader> {
  const other = await exchange.trader('1000000');
  const price = symbol === 'BTCUSDT' ? '64000' : '3000';
  await submitOrder(
    exchange.ctx,
    callerOf(other),
    limit(side === 'BUY' ? 'SELL' : 'BUY', price, qty, { symbol }),
    'o',
  );
  await submitOrder(exchange.ctx, callerOf(trader), limit(side, price, qty, { symbol }), 't');
  return other;
}

describe('liquidated exactly when the mark crosses positionRisk.liquidationPrice', () => {
  test('a long: safe one tick above its liquidation price rounded down to a tick, liquidated at it', async () => {
    await exchange.operator.setIndexPrice('BTCUSDT', '64000');
    const long = await exchange.trader('400');
    await open(long, 'BUY');
    await risk.poll();
    const shown = liquidationPrice(risk.riskOf(long.accountId)!, 'BTCUSDT');
    const atTick = shown - (shown % TICK);
    await indexTo('BTCUSDT', atTick + TICK);
    expect(await liquidations()).toEqual([]);
    expect(risk.riskOf(long.accountId)!.liquidatable).toBe(false);
    // A tick short of liquidation the margin ratio is past 80 %: called, once.
    expect(marginCalls.calls.map((c) => c.accountId)).toEqual([long.accountId]);
    expect(marginCalls.calls[0]!.risk.marginRatio).toBeGreaterThanOrEqual(MARGIN_CALL_RATIO);
    await indexTo('BTCUSDT', atTick);
    expect((await liquidations()).map((l) => l.accountId)).toEqual([long.accountId]);
    expect(marginCalls.calls).toHaveLength(1);
  });

  test('a short: safe one tick below its liquidation price rounded up to a tick, liquidated at it', async () => {
    await exchange.operator.setIndexPrice('BTCUSDT', '64000');
    const short = await exchange.trader('400');
    await open(short, 'SELL');
    await risk.poll();
    const shown = liquidationPrice(risk.riskOf(short.accountId)!, 'BTCUSDT');
    const atTick = shown % TICK === 0n ? shown : shown - (shown % TICK) + TICK;
    await indexTo('BTCUSDT', atTick - TICK);
    expect(await liquidations()).toEqual([]);
    await indexTo('BTCUSDT', atTick);
    expect((await liquidations()).map((l) => [l.accountId, l.side])).toEqual([[short.accountId, 'BUY']]);
  });
});

test('two positions: the riskier is liquidated into a bid, the account is safe again and keeps the other', async () => {
  await exchange.listSymbol(ETHUSDT);
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  await exchange.operator.setIndexPrice('ETHUSDT', '3000');
  const account = await exchange.trader('700');
  const btcMaker = await open(account, 'BUY');
  await open(account, 'BUY', '1', 'ETHUSDT');
  // A bid the BTC liquidation sells into, above where the mark will be.
  await submitOrder(exchange.ctx, callerOf(btcMaker), limit('BUY', '60400', '0.1'), 'bid');
  await risk.poll();
  expect(risk.riskOf(account.accountId)!.liquidatable).toBe(false);

  // 56,000: margin balance 695.30 − 800 < 0 ≤ maintenance (the liquidation price is about 57,396).
  await indexTo('BTCUSDT', 5_600_000_000_000n);
  const [btc] = await liquidations('BTCUSDT');
  expect(btc).toMatchObject({ accountId: account.accountId, filledQuantity: 100 });
  // Re-evaluated after the BTC events came back: safe, unfrozen, the ETH position untouched.
  const after = risk.riskOf(account.accountId)!;
  expect(after.liquidatable).toBe(false);
  expect(await liquidations('ETHUSDT')).toEqual([]);
  const state = (await exchange.ports.accountStore.load(account.accountId))!;
  expect(state.positions.ETHUSDT?.size).toBe(1000);
  expect(state.positions.BTCUSDT?.size ?? 0).toBe(0);
  expect(state.frozen).toBe(false);
});

test('unfilled and no fund: the highest-ranked short is deleveraged first, then the next', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const long = await exchange.trader('400');
  // Two shorts of 0.06 at 64,000; the one with less margin is more leveraged, so it ranks first in profit.
  const thin = await exchange.trader('2000');
  const thick = await exchange.trader('50000');
  const maker = await exchange.trader('1000000');
  for (const [short, id] of [
    [thin, 'a'],
    [thick, 'b'],
  ] as const) {
    await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '64000', '0.06'), `m${id}`);
    await submitOrder(exchange.ctx, callerOf(short), limit('SELL', '64000', '0.06'), `s${id}`);
  }
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '64000', '0.1'), 'ml');
  await submitOrder(exchange.ctx, callerOf(long), limit('BUY', '64000', '0.1'), 'l');
  await risk.poll();

  // The mark gaps below the long's bankruptcy price (60,032): the empty fund cannot take the loss over.
  await indexTo('BTCUSDT', 5_900_000_000_000n);
  const transfers = (await events()).filter(
    (e): e is PositionTransferred => e.type === 'PositionTransferred',
  );
  expect(transfers.map((t) => [t.reason, t.counterparty.accountId, t.quantity])).toEqual([
    ['ADL', thin.accountId, 60],
    ['ADL', thick.accountId, 40],
  ]);
  const [event] = await liquidations();
  expect(event).toMatchObject({ accountId: long.accountId, adlQuantity: 100, unfilledQuantity: 0 });
});

describe("ADL across account shards: the counterparties are in shards other than the liquidated account's", () => {
  /**
   * A long of 0.1 at 64,000 with 400 USDT; two shorts of 0.06: "thin" (2,000 USDT) at 64,000 and "thick"
   * (50,000 USDT) at 64,500. Binance's ranking puts thin first (far more leveraged); by PnL % alone thick is first
   * (5,500/64,500 > 5,000/64,000 at 59,000). Shards of 1,000: each account in a shard of its own.
   */
  async function crossShardSession() {
    await exchange.operator.setIndexPrice('BTCUSDT', '64000');
    const long = await exchange.trader('400');
    const thin = await exchange.trader('2000');
    const thick = await exchange.trader('50000');
    const maker = await exchange.trader('1000000');
    await openAdlSession(exchange, { maker, long, thin, thick });
    return { long, thin, thick };
  }
  const SHARDS = 1000;
  const shardOf = (peers: () => RiskShard[], trader: Trader) =>
    new RiskShard(
      exchange.ports,
      exchange.ctx.accounts,
      new OrderIdGenerator(exchange.ports.idSlots, exchange.ports.clock),
      marginCalls,
      trader.accountId % SHARDS,
      SHARDS,
      peers,
    );
  async function crash(shards: RiskShard[]): Promise<PositionTransferred[]> {
    for (const shard of shards) await shard.poll();
    // The mark gaps below the long's bankruptcy price (60,032): the empty fund cannot take the loss over.
    await exchange.operator.setIndexPrice('BTCUSDT', formatScaled(5_900_000_000_000n, 8));
    for (const shard of shards) await shard.poll();
    await exchange.settle();
    for (const shard of shards) await shard.poll();
    return (await events()).filter((e): e is PositionTransferred => e.type === 'PositionTransferred');
  }

  test("another instance's shards: the engine deleverages them after the (empty) queue, by PnL %", async () => {
    const { long, thin, thick } = await crossShardSession();
    const mine = shardOf(() => [mine], long);
    const others = [thin, thick].map((t) => shardOf(() => [], t));
    const transfers = await crash([mine, ...others]);
    expect(transfers.map((t) => [t.reason, t.counterparty.accountId, t.quantity])).toEqual([
      ['ADL', thick.accountId, 60],
      ['ADL', thin.accountId, 40],
    ]);
    const [event] = await liquidations();
    expect(event).toMatchObject({ accountId: long.accountId, adlQuantity: 100, unfilledQuantity: 0 });
  });

  test("shards of one instance: the queue ranks their accounts together, by Binance's ranking", async () => {
    const { long, thin, thick } = await crossShardSession();
    const shards: RiskShard[] = [];
    for (const trader of [long, thin, thick]) shards.push(shardOf(() => shards, trader));
    const transfers = await crash(shards);
    expect(transfers.map((t) => [t.reason, t.counterparty.accountId, t.quantity])).toEqual([
      ['ADL', thin.accountId, 60],
      ['ADL', thick.accountId, 40],
    ]);
  });
});

test('the fund grows by a fill better than bankruptcy, then pays by taking over a position past its bankruptcy', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const first = await exchange.trader('400'); // bankruptcy 60,032.0
  const second = await exchange.trader('500'); // bankruptcy 59,032.0
  const maker = await open(first, 'BUY');
  await open(second, 'BUY');
  await submitOrder(exchange.ctx, callerOf(maker), limit('BUY', '61000', '0.1'), 'bid');
  await risk.poll();

  // 60,000: the first is liquidated into the 61,000 bid, 968 ticks × 0.1 better than its bankruptcy price: the fund
  // gets the liquidation fee, 1.25 % of 6,100 = 76.25 (less than the 96.80 surplus).
  await indexTo('BTCUSDT', 6_000_000_000_000n);
  const [better] = await liquidations();
  expect(better).toMatchObject({ accountId: first.accountId, filledQuantity: 100, price: 600_320 });
  expect(BigInt(better!.liquidationFee)).toBe(7_625_000_000n);
  expect(BigInt(better!.insuranceBalance)).toBe(7_625_000_000n);

  // 58,500, no bid left: the second's IOC at 59,032.0 finds nothing; at the mark its position is 53.20 short of
  // its bankruptcy value, which the fund (76.25) can bear: it takes the position over at the bankruptcy price.
  await indexTo('BTCUSDT', 5_850_000_000_000n);
  const [, worse] = await liquidations();
  expect(worse).toMatchObject({ accountId: second.accountId, filledQuantity: 0, insuranceQuantity: 100 });
  expect(BigInt(worse!.liquidationFee)).toBe(0n);
  const takeover = (await events()).find(
    (e): e is PositionTransferred => e.type === 'PositionTransferred' && e.reason === 'INSURANCE_CLEAR',
  )!;
  expect(takeover).toMatchObject({ price: 590_320, quantity: 100, counterparty: { accountId: 0 } });
  // The fund holds 0.1 BTC bought at 59,032.0: 53.20 under water at the 58,500 mark, the shortfall it paid.
  expect(BigInt(takeover.counterparty.position.entryNotional) - 585_000_000_000n).toBe(5_320_000_000n);
  // The liquidated account ends at exactly zero, never below.
  expect((await exchange.ports.accountStore.load(second.accountId))!.walletBalance).toBe(0n);
});
