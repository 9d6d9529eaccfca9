// Commands in, events out: a real matcher process on the emulators turns the records of several symbols spread
// over several shards into each symbol's gap-free log, equal event for event to what one in-memory engine per
// symbol decides from the same records; and records it cannot use are rejected or counted, never stuck.

import { encodeCommand } from '../../../application/ports/commandEnvelope';
import type { EngineEvent } from '../../../core/engine/events';
import { Rejections } from '../../../core/errors';
import { envNumber, Fixture } from './support/fixture';
import type { MatcherProcess } from './support/matcherProcess';
import { expectCorrectLog, referenceRun } from './support/reference';
import type { OutRecord } from './support/stack';
import { generateWorkload, record, symbolsPerShard } from './support/workload';

jest.setTimeout(120_000);

describe('matcher pipeline', () => {
  let fx: Fixture;
  let matcher: MatcherProcess;
  let symbols: string[];

  beforeAll(async () => {
    fx = await Fixture.start();
    symbols = symbolsPerShard(fx.shards, 2);
  });

  afterAll(() => fx?.stop());

  test('commands of 8 symbols on 4 shards become gap-free logs equal to an in-memory engine per symbol', async () => {
    const workload = generateWorkload({
      seed: 11,
      symbols,
      commandsPerSymbol: envNumber('SHARDEX_MATCHER_COMMANDS', 250, 2_500),
      duplicateRate: 0.03,
      invalidRate: 0.02,
    });
    const half = Math.floor(workload.records.length / 2);
    // Half is waiting in the stream when the matcher starts; the rest arrives while it runs.
    await fx.put(workload.records.slice(0, half));
    matcher = await fx.matcher('m1', { batchLimit: 100, snapshotEveryEvents: 500, leaseMs: 5_000 });
    await fx.put(workload.records.slice(half));
    await fx.waitCaughtUp(fx.prefix, 60_000, () => matcher.tail());
    const metrics = await matcher.metrics();
    // Undisturbed, the matcher holds each lease from start to end: no loss, no re-read.
    expect(matcher.messages('lease taken')).toHaveLength(4);
    expect(matcher.messages('consumer exited')).toEqual([]);

    const records = await fx.records();
    // The symbols really are spread: two on each shard.
    const perShard = new Map<string, Set<string>>();
    for (const r of records)
      perShard.set(r.shardId, (perShard.get(r.shardId) ?? new Set()).add(r.partitionKey));
    expect([...perShard.values()].map((s) => s.size)).toEqual([2, 2, 2, 2]);

    const reference = referenceRun(records);
    const items = await fx.items();
    expectCorrectLog(items, reference);

    // Every command id of the workload took effect in exactly one symbol's log, exactly once.
    const where = new Map<string, Set<string>>();
    for (const [symbol, list] of items)
      for (const item of list)
        for (const event of item.events ?? [])
          where.set(event.commandId, (where.get(event.commandId) ?? new Set()).add(symbol));
    const sent = new Set(
      workload.records.map((r) => JSON.parse(Buffer.from(r.data).toString()).commandId as string),
    );
    expect(sent.size).toBe(workload.records.length - workload.duplicates);
    for (const id of sent) expect([id, where.get(id)?.size]).toEqual([id, 1]);
    expect(where.size).toBe(sent.size);

    const duplicates = [...reference.symbols.values()].reduce((n, s) => n + s.duplicates, 0);
    expect(duplicates).toBe(workload.duplicates);
    expect(metrics).toMatchObject({
      recordsRead: records.length,
      commandsApplied: sent.size,
      duplicatesDropped: workload.duplicates,
      poisonRecords: 0,
      fencedWrites: 0,
    });
    // Small batches: many items, several per symbol, each under the per-item event cap.
    expect(metrics.itemsCommitted as number).toBeGreaterThan(symbols.length * 2);
    console.info(
      `pipeline on ${fx.local.kinesisEngine}: ${records.length} records, ${sent.size} commands, ${workload.duplicates} duplicates,`,
      `${[...items.values()].reduce((n, l) => n + l.length, 0)} items`,
    );
  });

  test('duplicates, malformed records and unknown symbols are rejected or counted, and what follows is processed', async () => {
    const [s] = symbols as [string];
    const before = (await matcher.metrics()) as Record<string, number>;
    const order = (commandId: string, orderId: number, fields: Record<string, unknown> = {}) =>
      ({
        v: 1,
        commandId,
        symbol: s,
        type: 'PlaceOrder',
        order: {
          orderId,
          accountId: 77,
          clientOrderId: `bad${orderId}`,
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: '60000.0',
          quantity: '0.010',
          reduceOnly: false,
          selfTradePreventionMode: 'NONE',
          ...fields,
        },
      }) as const;
    const raw = (partitionKey: string, body: unknown): OutRecord => ({
      partitionKey,
      data: typeof body === 'string' ? Buffer.from(body) : encodeCommand(body as never),
    });
    const records: OutRecord[] = [
      raw(s, order('p-ok', 900_001)),
      raw(s, { ...order('p-ok', 900_002), order: { ...order('p-ok', 900_002).order } }), // same id: dropped
      raw(s, 'this is not json {'), // poison
      { partitionKey: s, data: Uint8Array.from([0xff, 0xfe, 0x7b, 0x7d]) }, // not UTF-8: poison
      raw(s, { v: 1, symbol: s, type: 'CancelAllOrders', accountId: 77 }), // no command id: poison
      raw(s, { v: 1, commandId: 'p-type', symbol: s, type: 'Explode', accountId: 77 }),
      raw(s, order('p-tick', 900_003, { price: '60000.05' })),
      raw(s, order('p-precision', 900_004, { price: '60000.123' })),
      raw(s, order('p-negative', 900_005, { quantity: '-1' })),
      raw(s, order('p-text', 900_006, { quantity: 'lots' })),
      raw(s, order('p-missing', 900_007, { quantity: undefined })),
      raw(s, { ...order('p-version', 900_008), v: 2 }),
      raw(s, { ...order('p-symbol', 900_009), symbol: 'ZZZUSDT' }),
      raw('not-a-symbol', order('p-key', 900_010)), // no symbol: poison
      raw('ZZZUSDT', { ...order('p-unlisted', 900_011), symbol: 'ZZZUSDT' }),
      raw('ZZZUSDT', {
        v: 1,
        commandId: 'p-unlisted-cancel',
        symbol: 'ZZZUSDT',
        type: 'CancelOrder',
        accountId: 77,
        orderId: 1,
      }),
      // Work goes on after all that: a valid order on the same symbol, and on another.
      raw(s, order('p-after', 900_012, { price: '60000.1' })),
      record({ v: 1, commandId: 'p-after-2', symbol: symbols[1]!, type: 'CancelAllOrders', accountId: 77 }),
    ];
    await fx.put(records);
    await fx.waitCaughtUp(fx.prefix, 30_000, () => matcher.tail());

    const events = await fx.events();
    const of = (symbol: string, id: string) => (events.get(symbol) ?? []).filter((e) => e.commandId === id);
    const rejected = (symbol: string, id: string) => {
      const list = of(symbol, id);
      expect(list).toHaveLength(1);
      return list[0] as Extract<EngineEvent, { type: 'CommandRejected' }>;
    };
    expect(of(s, 'p-ok').map((e) => e.type)).toEqual(['OrderAccepted', 'OrderRested']);
    expect(of(s, 'p-ok')[0]).toMatchObject({ order: { orderId: 900_001 } }); // the first copy, not the second
    expect(rejected(s, 'p-type')).toMatchObject({ type: 'CommandRejected', command: 'Unknown', code: -1130 });
    expect(rejected(s, 'p-tick')).toMatchObject({
      command: 'PlaceOrder',
      code: Rejections.priceNotOnTick.code,
      orderId: 900_003,
      accountId: 77,
      clientOrderId: 'bad900003',
    });
    expect(rejected(s, 'p-precision')).toMatchObject({ code: Rejections.badPrecision.code });
    expect(rejected(s, 'p-negative')).toMatchObject({ code: Rejections.quantityNotPositive.code });
    expect(rejected(s, 'p-text')).toMatchObject({ code: -1100 });
    expect(rejected(s, 'p-missing')).toMatchObject({ code: Rejections.mandatoryParam.code });
    expect(rejected(s, 'p-version')).toMatchObject({ code: Rejections.invalidParameter.code });
    expect(rejected(s, 'p-symbol')).toMatchObject({ code: Rejections.invalidParameter.code });
    expect(rejected('ZZZUSDT', 'p-unlisted')).toMatchObject({ code: Rejections.invalidSymbol.code });
    expect(rejected('ZZZUSDT', 'p-unlisted-cancel')).toMatchObject({
      code: Rejections.unknownOrderSent.code,
    });
    expect(of(s, 'p-after').map((e) => e.type)).toEqual(['OrderAccepted', 'OrderRested']);
    expect(of(symbols[1]!, 'p-after-2').map((e) => e.type)).toEqual(['AllOrdersCanceled']);
    for (const id of ['p-key'])
      for (const list of events.values()) expect(list.some((e) => e.commandId === id)).toBe(false);

    const after = (await matcher.metrics()) as Record<string, number>;
    expect(after.poisonRecords! - before.poisonRecords!).toBe(4);
    expect(after.duplicatesDropped! - before.duplicatesDropped!).toBe(1);
    expect(matcher.messages('poison record skipped')).toHaveLength(4);

    const reference = referenceRun(await fx.records());
    expect(reference.unroutable).toBe(1);
    expectCorrectLog(await fx.items(), reference);
    expect((await matcher.health()).status).toBe(200);
  });
});
