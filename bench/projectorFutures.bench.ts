/**
 * `npm run bench:projector-futures`: what the futures market data costs the read side.
 *
 * 1. Projector: the new models (priceKlines: mark, index and premium candles of 15 intervals; fundingRates) on
 *    dynalite, per event item, against the peer the same run measures: the trade klines model on items of one
 *    crossing pair (a trade feeds the 15 intervals of one series, an index update those of three). The items are
 *    real: an in-memory exchange makes them (one index price per second, one crossing pair per item). Reported:
 *    milliseconds per item (median, p99), the ratio to the peer, DynamoDB requests per item.
 * 2. Latency on the local stack: an operator's index price → its `btcusdt@markPrice@1s` frame, against the
 *    same pipeline's peer measured in the same run: a resting limit order → its `btcusdt@depth` frame. Index
 *    prices go out just after each clock second starts (the stream pushes one per second).
 *
 * Environment (optional): BENCH_PF_ITEMS (items per model, default 300), BENCH_PF_SAMPLES (latency samples,
 * default 30).
 */
import { awsProjectorPorts } from '../adapters/aws/compose/projector';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { projectorContext } from '../application/context';
import { submitOrder } from '../application/orderEntry/submitOrder';
import type { EventItem } from '../application/ports/eventLog';
import { fundingRatesModel } from '../application/projections/fundingRatesModel';
import { klinesModel } from '../application/projections/klinesModel';
import { priceKlinesModel } from '../application/projections/priceKlinesModel';
import type { ReadModel } from '../application/projections/readModel';
import { compileInstrument } from '../core/symbol/instrument';
import { startEmulators } from '../local/emulators';
import { startLocalExchange } from '../local/localExchange';
import { startMemoryExchange } from '../local/memoryExchange';
import { BTCUSDT } from '../test/core/support/specs';
import { TestSocket } from '../test/ws/support/testSocket';
import { envInt } from './env';
import { callsPer, countCalls, fixed, machine, percentile, printTable } from './liveSupport';
import { median } from './median';

silenceSdkNodeNotice();

const ITEMS = envInt('BENCH_PF_ITEMS', 300);
const SAMPLES = envInt('BENCH_PF_SAMPLES', 30);
const START = Date.UTC(2026, 11, 6, 7, 50);

/** Real event items: ITEMS index prices a second apart, a settlement, then ITEMS crossing pairs. */
async function eventItems(): Promise<{ index: EventItem[]; trades: EventItem[] }> {
  let now = START;
  const exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
  const [maker, taker] = [await exchange.trader('100000000'), await exchange.trader('100000000')];
  const caller = (t: typeof maker) => ({
    accountId: t.accountId,
    apiKey: t.apiKey,
    permissions: ['TRADE' as const],
  });
  const order = (side: 'BUY' | 'SELL', price: string) => ({
    symbol: 'BTCUSDT',
    side,
    type: 'LIMIT' as const,
    timeInForce: 'GTC' as const,
    price,
    quantity: '0.001',
  });
  await submitOrder(exchange.ctx, caller(maker), order('SELL', '60000.0'), 'm0');
  await submitOrder(exchange.ctx, caller(taker), order('BUY', '60000.0'), 't0');
  for (let i = 0; i < ITEMS; i++) {
    now += 1_000;
    await exchange.operator.setIndexPrice('BTCUSDT', String(60_000 + (i % 50)));
  }
  now = Date.UTC(2026, 11, 6, 8, 0, 1);
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  await exchange.operator.settleFunding('BTCUSDT');
  for (let i = 0; i < ITEMS; i++) {
    now += 200;
    const price = (60_000 + (i % 50)).toFixed(1);
    await submitOrder(exchange.ctx, caller(maker), order('SELL', price), `m${i + 1}`);
    await submitOrder(exchange.ctx, caller(taker), order('BUY', price), `t${i + 1}`);
  }
  const index: EventItem[] = [];
  const trades: EventItem[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0)) {
    const events = item.events ?? [];
    if (events.some((e) => e.type === 'MarkPriceUpdated' || e.type === 'FundingSettled')) index.push(item);
    else if (events.some((e) => e.type === 'Trade')) trades.push(item);
  }
  return { index, trades };
}

async function projectorCost(): Promise<void> {
  const { index, trades } = await eventItems();
  const emulators = await startEmulators();
  try {
    const calls = countCalls(emulators.clients);
    const ports = awsProjectorPorts(emulators.clients, emulators.names);
    const ctx = projectorContext(ports);
    const instrument = compileInstrument(BTCUSDT);
    const run = async (model: ReadModel, items: readonly EventItem[]) => {
      calls.clear();
      const ms: number[] = [];
      for (const item of items) {
        const batch = {
          symbol: 'BTCUSDT',
          firstSeq: item.seq,
          lastSeq: item.last,
          events: item.events ?? [],
          recordId: `BTCUSDT:${item.seq}`,
        };
        const started = performance.now();
        await model.apply(batch, { instrument, follows: true });
        ms.push(performance.now() - started);
      }
      return { ms, calls: callsPer(calls, items.length) };
    };
    // Warm the emulator and the SDK's connections on what is not measured.
    await run(klinesModel(ctx.klines), trades.slice(0, 20));
    const peer = await run(klinesModel(ctx.klines), trades);
    const prices = await run(priceKlinesModel(ctx.priceKlines), index);
    const funding = await run(fundingRatesModel(ctx.fundingRates), index);
    const row = (name: string, r: { ms: number[]; calls: string }, items: number) => [
      name,
      String(items),
      fixed(median(r.ms), 2),
      fixed(percentile(r.ms, 99), 2),
      fixed(median(r.ms) / median(peer.ms), 2),
      r.calls,
    ];
    console.log(`\nProjector on dynalite (${machine()}), per event item:`);
    printTable(
      ['model', 'items', 'median ms', 'p99 ms', '× peer', 'DynamoDB requests per item'],
      [
        row('klines, crossing pair (peer)', peer, trades.length),
        row('priceKlines, index update', prices, index.length),
        row('fundingRates, index update', funding, index.length),
      ],
    );
  } finally {
    await emulators.stop();
  }
}

async function latency(): Promise<void> {
  const exchange = await startLocalExchange({ logLevel: 'error' });
  try {
    await exchange.listSymbol(BTCUSDT);
    const trader = await exchange.trader('100000000');
    const socket = await TestSocket.open(`${exchange.gateway.wsUrl}/ws`);
    await socket.control('SUBSCRIBE', ['btcusdt@markPrice@1s', 'btcusdt@depth']);
    const caller = { accountId: trader.accountId, apiKey: trader.apiKey, permissions: ['TRADE' as const] };
    const mark: number[] = [];
    const depth: number[] = [];
    for (let i = 0; i < SAMPLES + 2; i++) {
      // Just after the next clock second starts: the @1s stream pushes the first update of each second.
      await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 20));
      const index = (50_000 + i).toFixed(2);
      let started = performance.now();
      const sent = exchange.operator.setIndexPrice('BTCUSDT', index);
      await socket.next((f) => f.e === 'markPriceUpdate' && f.i === `${index}000000`);
      if (i >= 2) mark.push(performance.now() - started);
      await sent;
      const price = (40_000 + i).toFixed(1);
      started = performance.now();
      await submitOrder(
        exchange.ctx,
        caller,
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.001' },
        `d${i}`,
      );
      await socket.next(
        (f) => f.e === 'depthUpdate' && f.b?.some((l: string[]) => Number(l[0]) === Number(price)),
      );
      if (i >= 2) depth.push(performance.now() - started);
    }
    socket.socket.close();
    const row = (name: string, ms: number[]) => [
      name,
      String(ms.length),
      fixed(median(ms), 1),
      fixed(percentile(ms, 99), 1),
      fixed(median(ms) / median(depth), 2),
    ];
    console.log(`\nLocal stack (${machine()}), command sent → WebSocket frame:`);
    printTable(
      ['path', 'samples', 'p50 ms', 'p99 ms', '× peer'],
      [row('limit order → @depth (peer)', depth), row('index price → @markPrice@1s', mark)],
    );
  } finally {
    await exchange.stop();
  }
}

async function main(): Promise<void> {
  await projectorCost();
  await latency();
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
