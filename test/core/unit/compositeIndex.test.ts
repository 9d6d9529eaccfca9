import fc from 'fast-check';
import { composeIndex, type IndexSource, type SourceQuote } from '../../../core/indexPrice/compositeIndex';
import { formatScaled, parseScaled } from '../../../core/numbers/decimal';

const SOURCES: IndexSource[] = [
  { name: 'binance', weight: '0.4' },
  { name: 'coinbase', weight: '0.3' },
  { name: 'kraken', weight: '0.2' },
  { name: 'okx', weight: '0.1' },
];
const NOW = 1_760_000_000_000;
const quote = (source: string, price: string, ageMs = 0): SourceQuote => ({
  source,
  price,
  receivedAt: NOW - ageMs,
});

describe('the composite index price', () => {
  test('given four fresh sources, it is their weighted average, to 10^-8', () => {
    const index = composeIndex(
      SOURCES,
      [
        quote('binance', '64000.00'),
        quote('coinbase', '64010.00'),
        quote('kraken', '63990.50'),
        quote('okx', '64005.1'),
      ],
      NOW,
    );
    // 0.4×64000 + 0.3×64010 + 0.2×63990.5 + 0.1×64005.1 = 64001.61
    expect(index.price).toBe('64001.61000000');
    expect(index.leftOut).toEqual([]);
    expect(index.used.map((u) => [u.source, u.weight])).toEqual([
      ['binance', '0.40000000'],
      ['coinbase', '0.30000000'],
      ['kraken', '0.20000000'],
      ['okx', '0.10000000'],
    ]);
  });

  test('a source silent for more than 10 s is left out and the others are reweighted', () => {
    const index = composeIndex(
      SOURCES,
      [quote('binance', '64000'), quote('coinbase', '64030', 10_001), quote('kraken', '64010', 10_000)],
      NOW,
    );
    // binance 0.4 and kraken 0.2 → (0.4×64000 + 0.2×64010) / 0.6 = 64003.333… → rounds half up
    expect(index.price).toBe('64003.33333333');
    expect(index.leftOut).toEqual([
      { source: 'coinbase', reason: 'STALE' },
      { source: 'okx', reason: 'MISSING' },
    ]);
  });

  test('a source more than 5% from the median is an outlier and does not move the index', () => {
    const index = composeIndex(
      SOURCES,
      [
        quote('binance', '64000'),
        quote('coinbase', '64000'),
        quote('kraken', '64000'),
        quote('okx', '67200.01'),
      ],
      NOW,
    );
    expect(index.price).toBe('64000.00000000');
    expect(index.leftOut).toEqual([{ source: 'okx', reason: 'OUTLIER' }]);
  });

  test('exactly 5% from the median is still in', () => {
    const index = composeIndex(
      [
        { name: 'a', weight: '1' },
        { name: 'b', weight: '1' },
        { name: 'c', weight: '1' },
      ],
      [quote('a', '100'), quote('b', '100'), quote('c', '105')],
      NOW,
    );
    expect(index.leftOut).toEqual([]);
    expect(index.price).toBe('101.66666667');
  });

  test('with an even number of sources the median is the mean of the middle two', () => {
    // median of 100, 104, 110, 200 is 107: 100 (6.5% off) and 200 are outliers, 104 and 110 are in.
    const index = composeIndex(
      [
        { name: 'a', weight: '1' },
        { name: 'b', weight: '1' },
        { name: 'c', weight: '1' },
        { name: 'd', weight: '1' },
      ],
      [quote('a', '100'), quote('b', '104'), quote('c', '110'), quote('d', '200')],
      NOW,
    );
    expect(index.price).toBe('107.00000000');
    expect(index.leftOut.map((l) => l.source).sort()).toEqual(['a', 'd']);
  });

  test('two sources far apart cannot tell which is right: no index rather than a wrong one', () => {
    const index = composeIndex(SOURCES.slice(0, 2), [quote('binance', '100'), quote('coinbase', '120')], NOW);
    expect(index.price).toBeUndefined();
    expect(index.leftOut).toEqual([
      { source: 'binance', reason: 'OUTLIER' },
      { source: 'coinbase', reason: 'OUTLIER' },
    ]);
  });

  test('no fresh source, no index', () => {
    expect(composeIndex(SOURCES, [quote('binance', '64000', 60_000)], NOW).price).toBeUndefined();
  });

  test('a quote that is not a positive plain decimal is invalid, never parsed as a float', () => {
    const index = composeIndex(
      SOURCES.slice(0, 3),
      [quote('binance', '6.4e4'), quote('coinbase', '0'), quote('kraken', '64000.123456789')],
      NOW,
    );
    expect(index.price).toBe('64000.12345678');
    expect(index.leftOut).toEqual([
      { source: 'binance', reason: 'INVALID' },
      { source: 'coinbase', reason: 'INVALID' },
    ]);
  });

  test('the newest quote of a source counts', () => {
    const index = composeIndex(
      SOURCES.slice(0, 1),
      [quote('binance', '64000', 500), quote('binance', '64001', 100), quote('binance', '63000', 900)],
      NOW,
    );
    expect(index.price).toBe('64001.00000000');
  });

  test('property: the index lies between the lowest and highest price it used', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 10_000_000_000_000 }), fc.integer({ min: 1, max: 100 })),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (entries) => {
          const sources = entries.map((_, i) => ({ name: `s${i}`, weight: String(entries[i]![1]) }));
          const quotes = entries.map(([units], i) => quote(`s${i}`, formatScaled(BigInt(units), 8)));
          const index = composeIndex(sources, quotes, NOW);
          if (index.price === undefined) return index.used.length === 0;
          const used = index.used.map((u) => parseScaled(u.price, 8)!);
          const price = parseScaled(index.price, 8)!;
          return used.some((p) => p <= price) && used.some((p) => p >= price);
        },
      ),
    );
  });
});
