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

/** GET /fapi/v1/premiumIndex over real HTTP: the symbol's mark and index as a Binance client reads them. */
async function premiumIndex(): Promise<{ markPrice: string; indexPrice: string }> {
  const response = await fetch(`${exchange.gateway.url}/fapi/v1/premiumIndex?symbol=BTCUSDT`);
  expect(response.status).toBe(200);
  return (await response.json()) as { markPrice: string; indexPrice: string };
}

test('without the feed there is no index; with the simulated feed the index and the mark move', async () => {
  // No index yet: Binance's "0", and the last trade (none) as the mark.
  expect(await premiumIndex()).toMatchObject({ indexPrice: '0', markPrice: '0.00000000' });

  const published: string[] = [];
  stopFeed = startLocalIndexFeed(exchange.ctx, {
    symbols: ['BTCUSDT'],
    seed: 9,
    startPrices: { BTCUSDT: '60000' },
    intervalMs: 100,
    onTick: (ticks) => published.push(...ticks.flatMap((t) => (t.published ? [t.composition.price!] : []))),
  });

  const first = await eventually(async () => {
    const seen = await premiumIndex();
    expect(seen.indexPrice).not.toBe('0');
    return seen;
  });
  const moved = await eventually(async () => {
    const seen = await premiumIndex();
    expect(seen.markPrice).not.toBe(first.markPrice);
    return seen;
  });
  // Each index the API shows is one the feed put, to the 10^-8, near the walk's start; with no book and no
  // funding rate yet, the mark is the index (Price 1).
  for (const seen of [first, moved]) {
    expect(published).toContain(seen.indexPrice);
    expect(seen.markPrice).toBe(seen.indexPrice);
    expect(Math.abs(Number(seen.indexPrice) / 60_000 - 1)).toBeLessThan(0.05);
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
