// The index feed's venues: how a ticker's answer is read (the documented default venues' real answer shapes),
// the seeded simulated walk, and the replay of a recorded CSV.

import { type Fetch, HttpQuoteSource, priceAt } from '../../adapters/quotes/httpQuoteSource';
import { jsonPathSteps, readJsonPath } from '../../adapters/quotes/jsonPath';
import { parseReplayCsv, ReplayQuoteSource } from '../../adapters/quotes/replayQuoteSource';
import { seededRandom } from '../../adapters/quotes/seededRandom';
import { SimulatedQuoteSource } from '../../adapters/quotes/simulatedQuoteSource';
import { defaultSources } from '../../index-feed-fargate/defaultSources';

/** The answers of each default venue's public ticker, shaped as the venues document them. */
const ANSWERS: Record<string, string> = {
  binance: '{"symbol":"BTCUSDT","price":"64012.34000000"}',
  coinbase:
    '{"ask":"64013.1","bid":"64012.9","volume":"123.4","trade_id":1,"price":"64013.00","size":"0.01","time":"2026-12-06T17:00:00Z"}',
  kraken:
    '{"error":[],"result":{"XBTUSDT":{"a":["64014.0","1","1.000"],"b":["64013.9","2","2.000"],"c":["64013.95000","0.00100000"],"v":["1","2"]}}}',
  okx: '{"code":"0","msg":"","data":[{"instType":"SPOT","instId":"BTC-USDT","last":"64012.8","askPx":"64012.9"}]}',
};

describe('reading a price out of a venue answer', () => {
  test.each(defaultSources('BTCUSDT').map((s) => [s.name, s]))(
    'the default %s ticker: its price at its documented path',
    (name, source) => {
      const expected = {
        binance: '64012.34000000',
        coinbase: '64013.00',
        kraken: '64013.95000',
        okx: '64012.8',
      };
      expect(priceAt(ANSWERS[name]!, source.jsonPath, name)).toBe(expected[name as keyof typeof expected]);
    },
  );

  test('each default venue is asked for the symbol it lists (Kraken calls bitcoin XBT)', () => {
    expect(defaultSources('ETHUSDT').map((s) => s.url)).toEqual([
      'https://api.binance.com/api/v3/ticker/price?symbol=ETHUSDT',
      'https://api.exchange.coinbase.com/products/ETH-USDT/ticker',
      'https://api.kraken.com/0/public/Ticker?pair=ETHUSDT',
      'https://www.okx.com/api/v5/market/ticker?instId=ETH-USDT',
    ]);
    expect(defaultSources('BTCUSDT')[2]!.jsonPath).toBe('result.XBTUSDT.c[0]');
  });

  test('paths are property names and [n] indexes, with an optional $. in front', () => {
    expect(jsonPathSteps('$.data[0].last')).toEqual(['data', 0, 'last']);
    expect(jsonPathSteps('result.XBTUSDT.c[1]')).toEqual(['result', 'XBTUSDT', 'c', 1]);
    expect(readJsonPath({ a: [{ b: '1' }] }, 'a[0].b')).toBe('1');
    expect(readJsonPath({ a: { 0: 'x' } }, 'a[0]')).toBeUndefined(); // an index reads arrays only
    for (const bad of ['', 'a..b', 'a.', '.a', 'a[x]', 'a b', 'a[0', '$'])
      expect(() => jsonPathSteps(bad)).toThrow('bad JSON path');
  });

  test('an answer without a usable price is a failure of that venue, never a price', () => {
    expect(() => priceAt('<html>', 'price', 'v')).toThrow('v: the answer is not JSON');
    expect(() => priceAt('{"code":"50011","data":[]}', 'data[0].last', 'okx')).toThrow(
      'okx: no price at data[0].last',
    );
    for (const price of ['"-1"', '"1e5"', '""', 'null', 'true', '"NaN"', '{"x":1}'])
      expect(() => priceAt(`{"price":${price}}`, 'price', 'v')).toThrow('no price');
    expect(priceAt('{"price":64000.5}', 'price', 'v')).toBe('64000.5');
  });

  test('an HTTP source asks its URL and reads its path; a bad status is a failure; a bad path fails at start', async () => {
    const asked: string[] = [];
    const fetcher =
      (status: number, body: string): Fetch =>
      async (url) => {
        asked.push(url);
        return { ok: status === 200, status, text: async () => body };
      };
    const [binance] = defaultSources('BTCUSDT');
    expect(await new HttpQuoteSource(binance!, 800, fetcher(200, ANSWERS.binance!)).latest()).toBe(
      '64012.34000000',
    );
    expect(asked).toEqual(['https://api.binance.com/api/v3/ticker/price?symbol=BTCUSDT']);
    await expect(new HttpQuoteSource(binance!, 800, fetcher(429, '{}')).latest()).rejects.toThrow(
      'binance: HTTP 429',
    );
    expect(() => new HttpQuoteSource({ ...binance!, jsonPath: 'a..b' })).toThrow('bad JSON path');
  });
});

describe('the simulated venue', () => {
  const walk = async (seed: number, steps: number) => {
    const source = new SimulatedQuoteSource('simulated', { startPrice: '65000' }, seededRandom(seed));
    const prices: string[] = [];
    for (let i = 0; i < steps; i++) prices.push(await source.latest());
    return prices;
  };

  test('the same seed walks the same path; another seed another', async () => {
    expect(await walk(7, 50)).toEqual(await walk(7, 50));
    expect(await walk(7, 50)).not.toEqual(await walk(8, 50));
  });

  test('each step moves at most 0.06% (0.05% and the pull back), in exact 10^-8 units, and stays near the start', async () => {
    const prices = await walk(42, 5_000);
    for (const price of prices) expect(price).toMatch(/^\d+\.\d{8}$/);
    for (let i = 1; i < prices.length; i++) {
      const [a, b] = [BigInt(prices[i - 1]!.replace('.', '')), BigInt(prices[i]!.replace('.', ''))];
      const move = a > b ? a - b : b - a;
      expect(move * 1_000_000n <= a * 600n).toBe(true); // 500 the step, at most 100 the pull within 5%
    }
    const far = prices.filter((p) => Math.abs(Number(p) / 65_000 - 1) > 0.05);
    expect(far).toEqual([]);
  });

  test('a start price that is not a positive decimal is refused', () => {
    expect(() => new SimulatedQuoteSource('s', { startPrice: '0' }, Math.random)).toThrow('not positive');
    expect(() => new SimulatedQuoteSource('s', { startPrice: 'abc' }, Math.random)).toThrow('not positive');
  });
});

describe('the replay venue', () => {
  test('a CSV of time,price: header, comments and ISO times allowed; rows sorted by time; a bad line named', () => {
    const rows = parseReplayCsv(
      'time,price\n# recorded 2026-12-06\n1000,65000.5\n\n2026-12-06T00:00:00Z,1\n500, 64999\n',
    );
    expect(rows).toEqual([
      { time: 500, price: '64999' },
      { time: 1000, price: '65000.5' },
      { time: Date.UTC(2026, 11, 6), price: '1' },
    ]);
    expect(() => parseReplayCsv('time,price\n1000,65000\n2000,abc\n')).toThrow('line 3');
    expect(() => parseReplayCsv('1000,65000,1\n')).toThrow('line 1');
    expect(() => parseReplayCsv('1000,0\n')).toThrow('line 1');
    expect(() => parseReplayCsv('time,price\n')).toThrow('no rows');
  });

  test('plays the rows at their recorded pace from the feed start, and starts over after the last', async () => {
    let now = 1_000_000;
    const source = new ReplayQuoteSource(
      'replay',
      parseReplayCsv('10000,100\n11000,101\n13000,103\n'),
      () => now,
    );
    const at = async (elapsed: number) => {
      now = 1_000_000 + elapsed;
      return source.latest();
    };
    expect(await at(0)).toBe('100');
    expect(await at(999)).toBe('100');
    expect(await at(1_000)).toBe('101');
    expect(await at(2_999)).toBe('101');
    expect(await at(3_000)).toBe('103');
    expect(await at(3_999)).toBe('103');
    expect(await at(4_000)).toBe('100'); // the recording (3 s) and one second for its last row, then again
    expect(await at(5_000)).toBe('101');
  });
});
