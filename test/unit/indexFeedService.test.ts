// The index feed service's own parts: its configuration (defaults, INDEX_SOURCES checked field by field), its
// metrics (the age the stale-index alarm reads, in CloudWatch's embedded metric format), and its runner's drain.

import type { IndexFeed, IndexTick } from '../../application/marketPrices/indexFeed';
import { parseSources, readIndexFeedConfig } from '../../index-feed-fargate/config';
import { FeedRunner } from '../../index-feed-fargate/feedRunner';
import { IndexFeedMetrics } from '../../index-feed-fargate/metrics';

describe('configuration', () => {
  test('defaults: three symbols on the four default venues, 1 s ticks, 10 s stale, 5% outliers', () => {
    const config = readIndexFeedConfig({});
    expect(config.symbols.map((s) => [s.symbol, s.sources.map((v) => v.name)])).toEqual([
      ['BTCUSDT', ['binance', 'coinbase', 'kraken', 'okx']],
      ['ETHUSDT', ['binance', 'coinbase', 'kraken', 'okx']],
      ['SOLUSDT', ['binance', 'coinbase', 'kraken', 'okx']],
    ]);
    expect(config).toMatchObject({
      streamName: 'shardex-commands',
      pollIntervalMs: 1_000,
      rules: { staleAfterMs: 10_000, maxDeviation: '0.05' },
    });
  });

  test('INDEX_SOURCES replaces the venues of the symbols it names; a bad entry stops the start', () => {
    const venue = { name: 'mine', url: 'https://example.com/t', jsonPath: 'p', weight: '1' };
    const config = readIndexFeedConfig({
      INDEX_SYMBOLS: 'BTCUSDT, ETHUSDT',
      INDEX_SOURCES: JSON.stringify({ BTCUSDT: [venue] }),
    });
    expect(config.symbols[0]!.sources).toEqual([venue]);
    expect(config.symbols[1]!.sources).toHaveLength(4);
    expect(() => parseSources('[]')).toThrow('object of symbol');
    expect(() => parseSources('{"BTCUSDT":[]}')).toThrow('non-empty list');
    expect(() => parseSources(JSON.stringify({ BTCUSDT: [{ ...venue, weight: 1 }] }))).toThrow(
      'BTCUSDT[0].weight must be a non-empty string',
    );
    expect(() =>
      parseSources(JSON.stringify({ BTCUSDT: [{ ...venue, url: 'http://example.com' }] })),
    ).toThrow('must be https');
    expect(
      parseSources(JSON.stringify({ BTCUSDT: [{ ...venue, url: 'http://127.0.0.1:9/t' }] })),
    ).toBeDefined();
    expect(() => readIndexFeedConfig({ INDEX_POLL_INTERVAL_MS: '0' })).toThrow('positive');
  });
});

describe('metrics', () => {
  const tick = (symbol: string, price: string | undefined, extra: Partial<IndexTick> = {}): IndexTick => ({
    symbol,
    composition: { price, used: [], leftOut: [] },
    failures: [],
    published: price !== undefined,
    ...extra,
  });

  test('IndexAgeSeconds per symbol: since its last put index, since the start before the first', () => {
    const metrics = new IndexFeedMetrics(['BTCUSDT', 'ETHUSDT'], 0);
    metrics.record([tick('BTCUSDT', '60000.00000000'), tick('ETHUSDT', undefined)], 1_000);
    metrics.record(
      [
        tick('BTCUSDT', '60001.00000000', { failures: [{ source: 'okx', error: 'HTTP 503' }] }),
        tick('ETHUSDT', '3000.00000000', { published: false, publishError: 'throttled' }),
      ],
      2_000,
    );
    expect(metrics.snapshot(31_000)).toMatchObject({
      ticks: 2,
      published: 2,
      publishErrors: 1,
      sourceFailures: { 'BTCUSDT/okx': 1 },
      symbols: {
        BTCUSDT: { indexPrice: '60001.00000000', indexAgeSeconds: 29 },
        ETHUSDT: { indexPrice: null, indexAgeSeconds: 31 },
      },
    });
    const [btc, eth] = metrics.emf('Shardex/IndexFeed', 'index-feed', 31_000).map((l) => JSON.parse(l));
    expect(btc).toMatchObject({
      Service: 'index-feed',
      Symbol: 'BTCUSDT',
      IndexAgeSeconds: 29,
      IndexUpdates: 2,
    });
    expect(btc._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Shardex/IndexFeed',
        Dimensions: [['Service', 'Symbol']],
        Metrics: [
          { Name: 'IndexAgeSeconds', Unit: 'Seconds', StorageResolution: 1 },
          { Name: 'IndexUpdates', Unit: 'Count', StorageResolution: 1 },
        ],
      },
    ]);
    expect(eth).toMatchObject({ Symbol: 'ETHUSDT', IndexAgeSeconds: 31, IndexUpdates: 0 });
    // Update counts restart at each emit.
    expect(JSON.parse(metrics.emf('Shardex/IndexFeed', 'index-feed', 32_000)[0]!).IndexUpdates).toBe(0);
  });
});

describe('the runner', () => {
  test('stop() waits for the tick in hand and starts no other (the drain on SIGTERM)', async () => {
    let release: () => void = () => {};
    let ticks = 0;
    const feed = {
      tick: () => {
        ticks++;
        return new Promise<IndexTick[]>((done) => {
          release = () => done([]);
        });
      },
    } as unknown as IndexFeed;
    const seen: number[] = [];
    const runner = new FeedRunner(feed, 0, () => seen.push(ticks));
    runner.start();
    expect(ticks).toBe(1);
    const stopped = runner.stop();
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false); // the tick in hand is still running
    release();
    await stopped;
    expect(seen).toEqual([1]);
    expect(ticks).toBe(1);
  });
});
