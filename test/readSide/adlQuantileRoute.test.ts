import { type RouteFixture, routeFixture } from './support/routeFixture';

/**
 * GET /fapi/v1/adlQuantile against dynalite, after the scripted session (see accountQueryRoutes.test.ts): account
 * one is the only short (0.029), accounts two and three are long. Binance's one-way answer: each held position's
 * quintile under BOTH, LONG and SHORT (hedge mode's sides) 0; signed, and only the caller's own positions.
 */
let f: RouteFixture;
beforeAll(async () => {
  f = await routeFixture();
}, 60_000);
afterAll(() => f?.emulators.stop());

const quantile = (BOTH: number) => [{ symbol: 'BTCUSDT', adlQuantile: { LONG: 0, SHORT: 0, BOTH } }];

test('the only short is first in its queue (4); each long gets its own place among the longs', async () => {
  expect(await f.client.signed('/fapi/v1/adlQuantile', f.keys.one, { symbol: 'BTCUSDT' })).toEqual({
    status: 200,
    body: quantile(4),
  });
  const two = (await f.client.signed('/fapi/v1/adlQuantile', f.keys.two)).body;
  const three = (await f.client.signed('/fapi/v1/adlQuantile', f.keys.three)).body;
  // A queue of two longs: the first is 4 (4 − ⌊0 × 5 ÷ 2⌋), the second 2 (4 − ⌊1 × 5 ÷ 2⌋).
  expect(new Set([two[0].adlQuantile.BOTH, three[0].adlQuantile.BOTH])).toEqual(new Set([4, 2]));
});

test('signed only; an unknown symbol is -1121', async () => {
  expect(await f.client.get('/fapi/v1/adlQuantile')).toMatchObject({ status: 401, body: { code: -2014 } });
  expect(await f.client.signed('/fapi/v1/adlQuantile', f.keys.one, { symbol: 'NOPEUSDT' })).toMatchObject({
    status: 400,
    body: { code: -1121 },
  });
});
