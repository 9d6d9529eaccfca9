// The index feed's use case on the in-memory exchange: each tick composes every symbol's index from its venues
// (stale, failed and outlying venues left out) and puts UpdateIndexPrice on the symbol's key; the mark follows.

import { IndexFeed } from '../../application/marketPrices/indexFeed';
import type { CommandEnvelope } from '../../application/ports/commandEnvelope';
import type { QuoteSource } from '../../application/ports/quoteSource';
import type { EngineEvent } from '../../core/engine/events';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';

let now = Date.UTC(2026, 11, 6, 12);
let exchange: MemoryExchange;

/** A venue whose answer the test sets: a price, or an error. */
function venue(name: string, weight: string): QuoteSource & { answer: string | Error } {
  const source = {
    name,
    weight,
    answer: 'unset' as string | Error,
    async latest() {
      if (source.answer instanceof Error) throw source.answer;
      return source.answer;
    },
  };
  return source;
}

beforeEach(async () => {
  now = Date.UTC(2026, 11, 6, 12);
  exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
});

async function marks(): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
    events.push(...(item.events ?? []).filter((e) => e.type === 'MarkPriceUpdated'));
  return events;
}

describe('the index feed', () => {
  test('given three venues, a tick puts their weighted average on the symbol key, and the engine marks it', async () => {
    const [a, b, c] = [venue('binance', '2'), venue('okx', '1'), venue('kraken', '1')];
    [a.answer, b.answer, c.answer] = ['60000', '60010', '60030.5'];
    const put: CommandEnvelope[] = [];
    const commands = {
      put: (command: CommandEnvelope) => {
        put.push(command);
        return exchange.ctx.commands.put(command);
      },
    };
    const feed = new IndexFeed({ commands, clock: () => now }, [{ symbol: 'BTCUSDT', sources: [a, b, c] }]);

    const [tick] = await feed.tick();

    // (2 × 60000 + 60010 + 60030.5) / 4 = 60010.125
    expect(tick).toMatchObject({ symbol: 'BTCUSDT', published: true, failures: [] });
    expect(tick!.composition.price).toBe('60010.12500000');
    expect(put).toEqual([
      expect.objectContaining({
        symbol: 'BTCUSDT',
        type: 'UpdateIndexPrice',
        price: '60010.12500000',
        sources: [
          { name: 'binance', price: '60000.00000000' },
          { name: 'okx', price: '60010.00000000' },
          { name: 'kraken', price: '60030.50000000' },
        ],
      }),
    ]);
    expect(await marks()).toEqual([expect.objectContaining({ indexPrice: 6_001_012_500_000 })]);
  });

  test('a venue that fails keeps its last quote until it is 10 s old; an outlier beyond 5% is left out', async () => {
    const [a, b, c] = [venue('binance', '1'), venue('okx', '1'), venue('kraken', '1')];
    [a.answer, b.answer, c.answer] = ['60000', '60100', '70000'];
    const feed = new IndexFeed({ commands: exchange.ctx.commands, clock: () => now }, [
      { symbol: 'BTCUSDT', sources: [a, b, c] },
    ]);
    const first = (await feed.tick())[0]!;
    expect(first.composition.price).toBe('60050.00000000');
    expect(first.composition.leftOut).toEqual([{ source: 'kraken', reason: 'OUTLIER' }]);

    b.answer = new Error('okx: HTTP 503');
    now += 10_000;
    const second = (await feed.tick())[0]!;
    expect(second.failures).toEqual([{ source: 'okx', error: 'okx: HTTP 503' }]);
    expect(second.composition.price).toBe('60050.00000000'); // okx's quote of 10 s ago still counts

    now += 1;
    c.answer = '60020';
    const third = (await feed.tick())[0]!;
    expect(third.composition.leftOut).toContainEqual({ source: 'okx', reason: 'STALE' });
    expect(third).toMatchObject({ published: true, composition: { price: '60010.00000000' } });
  });

  test('no usable venue: nothing is put, and the mark keeps its last value', async () => {
    const a = venue('binance', '1');
    a.answer = new Error('timeout');
    const feed = new IndexFeed({ commands: exchange.ctx.commands, clock: () => now }, [
      { symbol: 'BTCUSDT', sources: [a] },
    ]);
    const [tick] = await feed.tick();
    expect(tick).toMatchObject({ published: false, composition: { price: undefined } });
    expect(await marks()).toEqual([]);
  });

  test('the dry run (--check) composes and puts nothing', async () => {
    const a = venue('binance', '1');
    a.answer = '60000';
    const feed = new IndexFeed({ commands: exchange.ctx.commands, clock: () => now }, [
      { symbol: 'BTCUSDT', sources: [a] },
    ]);
    const [tick] = await feed.tick({ publish: false });
    expect(tick).toMatchObject({ published: false, composition: { price: '60000.00000000' } });
    expect(await marks()).toEqual([]);
  });

  test('a put that fails is reported, not thrown: the next tick replaces the lost update', async () => {
    const a = venue('binance', '1');
    a.answer = '60000';
    const commands = {
      put: async () => {
        throw new Error('stream unavailable');
      },
    };
    const feed = new IndexFeed({ commands, clock: () => now }, [{ symbol: 'BTCUSDT', sources: [a] }]);
    expect((await feed.tick())[0]).toMatchObject({ published: false, publishError: 'stream unavailable' });
  });
});
