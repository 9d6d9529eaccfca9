// The local stack with the simulated index feed, as `npm start` runs it: the feed's updates go through the
// stream and the matcher, and premiumIndex over real HTTP shows the index and the mark moving with them. The
// funding timer's settlement reaches the log too. (Test stacks run without the feed unless a test starts it.)

import { submitDueSettlements } from '../../application/funding/fundingSchedule';
import { startLocalIndexFeed } from '../../local/indexFeed';
import { type LocalExchange, startLocalExchange } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

let exchange: LocalExchange;
let stopFeed: (() => Promise<void>) | undefined;
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
});
afterAll(async () => {
  await stopFeed?.();
  await exchange?.stop();
});

/**
 * The symbol's mark and index as the read side shows them (the tickers read model, projected from the log).
 * premiumIndex over HTTP serves the same model once the market-data side of issue 14 reads its mark fields.
 */
async function marks(): Promise<{ markPrice: number | null; indexPrice: number | null }> {
  const ticker = await exchange.ctx.tickers.get('BTCUSDT');
  return { markPrice: ticker.markPrice, indexPrice: ticker.indexPrice };
}

test('without the feed there is no index; with the simulated feed the index and the mark move', async () => {
  await exchange.settle();
  expect(await marks()).toEqual({ markPrice: null, indexPrice: null });

  const published: string[] = [];
  stopFeed = startLocalIndexFeed(exchange.ctx, {
    symbols: ['BTCUSDT'],
    seed: 9,
    startPrices: { BTCUSDT: '60000' },
    intervalMs: 100,
    onTick: (ticks) => published.push(...ticks.flatMap((t) => (t.published ? [t.composition.price!] : []))),
  });

  const first = await eventually(async () => {
    const seen = await marks();
    expect(seen.indexPrice).not.toBeNull();
    return seen;
  });
  const moved = await eventually(async () => {
    const seen = await marks();
    expect(seen.markPrice).not.toBe(first.markPrice);
    return seen;
  });
  // Each index the read side shows is one the feed put (10^-8 units), near the walk's start.
  const putUnits = published.map((price) => Number(price.replace('.', '')));
  for (const seen of [first, moved]) {
    expect(putUnits).toContain(seen.indexPrice);
    expect(Math.abs(seen.indexPrice! / 6_000_000_000_000 - 1)).toBeLessThan(0.05);
  }
});

test('the funding schedule settles the funding time that has come, once, at the feed-driven mark', async () => {
  const now = Date.now();
  const eightHours = 8 * 3_600_000;
  const scheduled = await submitDueSettlements(exchange.ctx, now - eightHours, now);
  await submitDueSettlements(exchange.ctx, now - eightHours, now); // a double fire
  expect(scheduled).toEqual([{ symbol: 'BTCUSDT', fundingTime: Math.floor(now / eightHours) * eightHours }]);
  await eventually(async () => {
    const events = [];
    for await (const item of exchange.ctx.events.itemsAfter('BTCUSDT', 0))
      events.push(...(item.events ?? []).filter((e) => e.type === 'FundingSettled'));
    expect(events).toEqual([expect.objectContaining({ fundingTime: scheduled[0]!.fundingTime })]);
  });
});
