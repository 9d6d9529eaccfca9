// The hash chain over a symbol's log: the matcher links every item it commits, and its recovery refuses a log
// that was changed afterwards (a byte of an item, a removed item, two items swapped, a stripped link).

import { MemoryEventLog } from '../../adapters/memory/eventLog';
import { BrokenChain, chainInput, chainLink, GENESIS } from '../../application/ports/eventChain';
import type { EventItem } from '../../application/ports/eventLog';
import type { EngineEvent } from '../../core/engine/events';
import { SymbolStream } from '../../matching-fargate/symbolStream';

const symbol = 'BTCUSDT';
const noSnapshots = { newest: async () => undefined, write: async () => undefined, prune: async () => 0 };
const writer = { id: 'matcher-a/shard-1/1', fence: 1 };

function cancelAll(seq: number): EngineEvent {
  return {
    type: 'AllOrdersCanceled',
    seq,
    time: 1_700_000_000_000 + seq,
    commandId: `c${seq}`,
    accountId: 2,
    count: 0,
  };
}

/** Four items of events, committed through the matcher's own SymbolStream (so linked as it links them). */
async function loggedItems(): Promise<{ log: MemoryEventLog; items: EventItem[] }> {
  const log = new MemoryEventLog(() => 1_700_000_000_000);
  const stream = await SymbolStream.recover(symbol, { events: log, snapshots: noSnapshots }, writer);
  for (let i = 1; i <= 4; i++) {
    stream.execute(
      { type: 'ListSymbol', commandId: `list-${i}`, time: 1_700_000_000_000 + i, spec: spec(i) } as never,
      { shardId: 'shard-1', sequenceNumber: String(i) },
    );
    await stream.commit();
  }
  const items: EventItem[] = [];
  for await (const item of log.itemsAfter(symbol, 0)) if (item.events !== null) items.push(item);
  return { log, items };
}

function spec(i: number) {
  return {
    symbol,
    status: 'TRADING',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    pricePrecision: 1,
    quantityPrecision: 3,
    tickSize: '0.1',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: String(1000 + i),
    marketMinQty: '0.001',
    marketMaxQty: '120',
    minNotional: '100',
    maxNumOrders: 200,
    percentPriceUp: '0.05',
    percentPriceDown: '0.05',
    makerFeeRate: '0.0002',
    takerFeeRate: '0.0005',
    maxLeverage: 125,
  };
}

describe('the event chain', () => {
  test('a link is SHA-256 over the canonical {events, last, prev, seq}, and pins its predecessor', () => {
    const item = { seq: 1, last: 1, events: [cancelAll(1)] };
    expect(chainInput(GENESIS, item)).toBe(
      `{"events":[{"accountId":2,"commandId":"c1","count":0,"seq":1,"time":1700000000001,"type":"AllOrdersCanceled"}],"last":1,"prev":"${GENESIS}","seq":1}`,
    );
    expect(chainLink(GENESIS, item)).toMatch(/^[0-9a-f]{64}$/);
    expect(chainLink(GENESIS, item)).not.toBe(chainLink(chainLink(GENESIS, item), item));
  });

  test('the matcher links every item it commits, each to the one before', async () => {
    const { items } = await loggedItems();
    expect(items.length).toBe(4);
    let prev = GENESIS;
    for (const item of items) {
      expect(item.chain).toBe(chainLink(prev, { seq: item.seq, last: item.last, events: item.events! }));
      prev = item.chain!;
    }
  });

  test('recovery of an intact log goes on linking where it stopped', async () => {
    const { log, items } = await loggedItems();
    const again = await SymbolStream.recover(symbol, { events: log, snapshots: noSnapshots }, writer);
    again.execute(
      { type: 'ListSymbol', commandId: 'list-5', time: 1_700_000_000_005, spec: spec(5) } as never,
      { shardId: 'shard-1', sequenceNumber: '5' },
    );
    await again.commit();
    const last = await log.lastItem(symbol);
    expect(last!.chain).toBe(
      chainLink(items[3]!.chain!, { seq: last!.seq, last: last!.last, events: last!.events! }),
    );
  });

  const tamperings: [string, (log: MemoryEventLog, items: EventItem[]) => number][] = [
    [
      'one byte of an event changed',
      (log, items) => {
        log.tamper(symbol, items[1]!.seq, (i) => ({
          ...i,
          events: i.events!.replace('"time":1700000000002', '"time":1700000000003'),
        }));
        return items[1]!.seq;
      },
    ],
    [
      'a link changed',
      (log, items) => {
        log.tamper(symbol, items[2]!.seq, (i) => ({
          ...i,
          chain:
            `${i.chain!.slice(0, 63)}0` === i.chain
              ? `${i.chain!.slice(0, 63)}1`
              : `${i.chain!.slice(0, 63)}0`,
        }));
        return items[2]!.seq;
      },
    ],
    [
      'two items swapped',
      (log, items) => {
        const [second, third] = [items[1]!, items[2]!];
        const stored = (item: EventItem) => ({
          events: JSON.stringify(item.events),
          chain: item.chain,
          last: item.last,
        });
        log.tamper(symbol, second.seq, () => stored(third));
        log.tamper(symbol, third.seq, () => stored(second));
        return second.seq;
      },
    ],
    [
      'a link stripped',
      (log, items) => {
        log.tamper(symbol, items[2]!.seq, (i) => ({ ...i, chain: null }));
        return items[2]!.seq;
      },
    ],
    [
      'an item rewritten with its link recomputed from its own content (the next link no longer follows)',
      (log, items) => {
        log.tamper(symbol, items[1]!.seq, (i) => {
          const events = i.events!.replace('"time":1700000000002', '"time":1700000000009');
          return {
            ...i,
            events,
            chain: chainLink(items[0]!.chain!, {
              seq: items[1]!.seq,
              last: i.last,
              events: JSON.parse(events),
            }),
          };
        });
        return items[2]!.seq;
      },
    ],
  ];

  test.each(tamperings)('recovery refuses a log with %s, naming the item', async (_name, tamper) => {
    const { log, items } = await loggedItems();
    const at = tamper(log, items);
    const recovered = SymbolStream.recover(symbol, { events: log, snapshots: noSnapshots }, writer);
    await expect(recovered).rejects.toThrow(BrokenChain);
    await expect(recovered).rejects.toMatchObject({ seq: at });
  });
});
