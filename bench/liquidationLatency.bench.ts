// Breach → liquidation latency on the local stack (emulators, matcher, projector, the risk service polling every
// 50 ms): each sample lists a BTCUSDT-like symbol and opens a 0.1 long at 64,000 with 400 USDT, then sets an index that breaches it and waits
// for its Liquidated event in the log. The peer, measured in the same run, is the operator's set-index-price
// round trip (put → matcher → MarkPriceUpdated in the log), the floor any liquidation pays before the risk service
// even sees the mark. Prints p50/p99 of both and their ratio.
//
//   npx tsx bench/liquidationLatency.bench.ts [samples=20]

import { submitOrder } from '../application/orderEntry/submitOrder';
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import { startLocalExchange } from '../local/localExchange';
import { startLocalRiskService } from '../local/riskService';

const SAMPLES = Number(process.argv[2] ?? 20);

async function main(): Promise<void> {
  const exchange = await startLocalExchange({ logLevel: 'error' });
  const stopRisk = startLocalRiskService(exchange.ctx, { intervalMs: 50 });
  const maker = await exchange.trader('100000000');
  const caller = (t: { accountId: number; apiKey: string }) => ({
    accountId: t.accountId,
    apiKey: t.apiKey,
    permissions: ['READ', 'TRADE'] as ('READ' | 'TRADE')[],
  });
  let symbol = '';
  const order = (side: 'BUY' | 'SELL', price: string, quantity: string) => ({
    symbol,
    side,
    type: 'LIMIT' as const,
    timeInForce: 'GTC' as const,
    price,
    quantity,
  });
  const liquidationLatencies: number[] = [];
  const markLatencies: number[] = [];
  let afterSeq = 0;
  for (let i = 0; i < SAMPLES; i++) {
    // A fresh symbol per sample, so no sample's trades and marks move the next one's mark.
    symbol = `LIQ${i}USDT`;
    await exchange.listSymbol({ ...SYMBOL_PRESETS.BTCUSDT!, symbol, baseAsset: `LIQ${i}` });
    const setAt = Date.now();
    await exchange.operator.setIndexPrice(symbol, '64000');
    markLatencies.push(Date.now() - setAt);
    const long = await exchange.trader('400');
    await submitOrder(exchange.ctx, caller(maker), order('SELL', '64000', '0.1'), 's');
    await submitOrder(exchange.ctx, caller(long), order('BUY', '64000', '0.1'), 'b');
    await submitOrder(exchange.ctx, caller(maker), order('BUY', '61000', '0.1'), 'bid');
    // The account is settled by the projector a little after the trade.
    for (
      let waited = 0;
      (await exchange.operator.account(long.accountId))?.positions[symbol]?.size !== 100;
      waited++
    ) {
      if (waited > 2_000) throw new Error(`sample ${i}: the long did not open`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    afterSeq = await exchange.ctx.events.lastSeq(symbol);
    const breachAt = Date.now();
    await exchange.operator.setIndexPrice(symbol, '58000');
    for (;;) {
      let found = false;
      for await (const item of exchange.ctx.events.itemsAfter(symbol, afterSeq))
        for (const event of item.events ?? [])
          if (event.type === 'Liquidated' && event.accountId === long.accountId) found = true;
      if (found) break;
      if (Date.now() - breachAt > 30_000) throw new Error(`sample ${i}: no liquidation within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    liquidationLatencies.push(Date.now() - breachAt);
  }
  await stopRisk();
  await exchange.stop();
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const l50 = pct(liquidationLatencies, 0.5);
  const l99 = pct(liquidationLatencies, 0.99);
  const m50 = pct(markLatencies, 0.5);
  const m99 = pct(markLatencies, 0.99);
  console.log(`${SAMPLES} samples on the local stack (risk service polling every 50 ms):`);
  console.log(`  breach → Liquidated in the log      p50 ${l50} ms   p99 ${l99} ms`);
  console.log(`  peer: set-index-price → mark logged  p50 ${m50} ms   p99 ${m99} ms`);
  console.log(`  ratio (p50)                          ${(l50 / m50).toFixed(1)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
