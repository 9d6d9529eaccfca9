// What users see of a liquidation, and how soon, on the local stack (emulators, matcher, projector, fan-out, the
// risk service polling every 50 ms as the liquidation bench runs it). One BTCUSDT-like symbol (the risk service
// reads every listed symbol's log on each poll: a symbol per sample would slow the later samples). Each sample
// sets the index back to 64,000, opens a 0.1 long at the mark with 400 USDT whose owner listens on its user data
// stream, and a market connection on `<symbol>@forceOrder` and `<symbol>@markPrice@1s`; then sets an index that
// breaches the long and times, from that moment, the frame each WebSocket client receives: the breaching mark
// (the peer: the fan-out of the index update itself, which every other frame follows), MARGIN_CALL (the risk
// service's own post), the forceOrder snapshot and ACCOUNT_UPDATE INSURANCE_CLEAR (the fan-out of the
// liquidation's events). Prints p50/p99 of each and its ratio to the peer at p50.
//
//   npx tsx bench/liquidationStreams.bench.ts [samples=20]

import WebSocket from 'ws';
import { openListenKey } from '../application/listenKeys/listenKeys';
import { submitOrder } from '../application/orderEntry/submitOrder';
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import { startLocalExchange } from '../local/localExchange';
import { startLocalRiskService } from '../local/riskService';

const SAMPLES = Number(process.argv[2] ?? 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A WebSocket whose frames are timed: `when(match)` resolves with the arrival time of the first matching one. */
async function timedSocket(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // biome-ignore lint/suspicious/noExplicitAny: frames are arbitrary JSON
  const frames: { at: number; frame: any }[] = [];
  socket.on('message', (data) => frames.push({ at: Date.now(), frame: JSON.parse(data.toString()) }));
  return {
    socket,
    // biome-ignore lint/suspicious/noExplicitAny: frames are arbitrary JSON
    async when(match: (frame: any) => boolean, timeoutMs = 30_000): Promise<number> {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(2)) {
        const hit = frames.find((f) => match(f.frame));
        if (hit !== undefined) return hit.at;
      }
      throw new Error('no matching frame in time');
    },
  };
}

async function main(): Promise<void> {
  const exchange = await startLocalExchange({ logLevel: 'error' });
  const stopRisk = startLocalRiskService(exchange.ctx, {
    intervalMs: 50,
    managementEndpoint: exchange.gateway.managementEndpoint,
  });
  const maker = await exchange.trader('100000000');
  const caller = (t: { accountId: number; apiKey: string }) => ({
    accountId: t.accountId,
    apiKey: t.apiKey,
    permissions: ['READ', 'TRADE'] as ('READ' | 'TRADE')[],
  });
  const latencies = {
    mark: [] as number[],
    marginCall: [] as number[],
    forceOrder: [] as number[],
    cleared: [] as number[],
  };
  const symbol = 'LIQSUSDT';
  await exchange.listSymbol({ ...SYMBOL_PRESETS.BTCUSDT!, symbol, baseAsset: 'LIQS' });
  for (let i = 0; i < SAMPLES; i++) {
    const order = (side: 'BUY' | 'SELL', price: string, quantity: string) => ({
      symbol,
      side,
      type: 'LIMIT' as const,
      timeInForce: 'GTC' as const,
      price,
      quantity,
    });
    await exchange.operator.setIndexPrice(symbol, '64000');
    // The mark after the last sample's crash need not be back at the index (its median takes in the last trade):
    // the long opens at the mark, the bid sits 4.7 % below it, and the breach is 9.4 % below (as 64,000, 61,000
    // and 58,000), past the long's liquidation price and above its bankruptcy fill.
    await exchange.settle();
    const markUnits = (await exchange.ctx.tickers.get(symbol)).markPrice ?? 6_400_000_000_000;
    const at = (fraction: number) => String(Math.round((markUnits / 1e8) * fraction));
    const long = await exchange.trader('400');
    await submitOrder(exchange.ctx, caller(maker), order('SELL', at(1), '0.1'), `s${i}`);
    await submitOrder(exchange.ctx, caller(long), order('BUY', at(1), '0.1'), `b${i}`);
    await submitOrder(exchange.ctx, caller(maker), order('BUY', at(0.953), '0.1'), `bid${i}`);
    for (
      let waited = 0;
      (await exchange.operator.account(long.accountId))?.positions[symbol]?.size !== 100;
      waited++
    ) {
      if (waited > 2_000) throw new Error(`sample ${i}: the long did not open`);
      await sleep(5);
    }
    const key = await openListenKey(exchange.ctx, long.accountId);
    const s = symbol.toLowerCase();
    const [user, market] = await Promise.all([
      timedSocket(`${exchange.gateway.wsUrl}/private/ws?listenKey=${key.listenKey}`),
      timedSocket(`${exchange.gateway.wsUrl}/stream?streams=${s}@forceOrder/${s}@markPrice@1s`),
    ]);
    // The breaching mark in a second of its own, so the 1 s mark stream pushes it.
    await sleep(1_005 - (Date.now() % 1_000));
    const breachAt = Date.now();
    const breach = at(0.906);
    await exchange.operator.setIndexPrice(symbol, breach);
    const [mark, marginCall, forceOrder, cleared] = await Promise.all([
      market.when((f) => f.data?.e === 'markPriceUpdate' && Number(f.data.p) < Number(at(0.95))),
      user.when((f) => f.e === 'MARGIN_CALL'),
      market.when((f) => f.data?.e === 'forceOrder'),
      user.when((f) => f.e === 'ACCOUNT_UPDATE' && f.a?.m === 'INSURANCE_CLEAR'),
    ]);
    latencies.mark.push(mark - breachAt);
    latencies.marginCall.push(marginCall - breachAt);
    latencies.forceOrder.push(forceOrder - breachAt);
    latencies.cleared.push(cleared - breachAt);
    user.socket.close();
    market.socket.close();
  }
  await stopRisk();
  await exchange.stop();
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const m50 = pct(latencies.mark, 0.5);
  console.log(
    `${SAMPLES} samples on the local stack (risk service polling every 50 ms), from the breaching index:`,
  );
  const line = (name: string, xs: number[]) =>
    console.log(
      `  ${name.padEnd(40)} p50 ${String(pct(xs, 0.5)).padStart(5)} ms   p99 ${String(pct(xs, 0.99)).padStart(5)} ms   ${(pct(xs, 0.5) / m50).toFixed(1)}× the peer`,
    );
  line('peer: <symbol>@markPrice@1s frame', latencies.mark);
  line('MARGIN_CALL on the user stream', latencies.marginCall);
  line('<symbol>@forceOrder frame', latencies.forceOrder);
  line('ACCOUNT_UPDATE INSURANCE_CLEAR', latencies.cleared);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
