// One command whose events do not fit one item (a market order sweeping thousands of resting orders): planItems
// cuts it into parts, only the last part carries the checkpoint, recovery never applies a half-written command,
// and deciding the command again completes it, the parts already stored counting as written.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_EVENT_BYTES, packEvents } from '../../../adapters/aws/eventStore/eventItem';
import { DynamoEventLog } from '../../../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../../../adapters/aws/eventStore/snapshotStore';
import type { CommandEnvelope } from '../../../application/ports/commandEnvelope';
import type { Checkpoint, Writer } from '../../../application/ports/eventLog';
import type { EngineCommand } from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { type CommandOutcome, planItems } from '../../../matching-fargate/itemPacking';
import { SymbolStream } from '../../../matching-fargate/symbolStream';
import { eventAttributes as E, resourceNames } from '../../../resources/declarations';
import { envNumber, Fixture } from './support/fixture';
import {
  expectCorrectLog,
  expectGapFree,
  expectSameEvents,
  type Reference,
  referenceRun,
} from './support/reference';
import { eventsOf, provisionTables, type ReadRecord, readEventItems, sleep } from './support/stack';
import { prng, randInt, record, specFor, symbolsPerShard } from './support/workload';

/**
 * Resting orders of varied size, price and account (trades then gzip to ~50 bytes each): ~7,000 of them pass the
 * 350 KB an item may hold.
 */
const RESTING = envNumber('SHARDEX_MATCHER_SWEEP', 8_000);

jest.setTimeout(180_000);

interface Resting {
  readonly envelope: Extract<CommandEnvelope, { type: 'PlaceOrder' }>;
  readonly ticks: number;
  readonly lots: number;
}

function restingOrders(symbol: string): Resting[] {
  const random = prng(77);
  return Array.from({ length: RESTING }, (_, i) => {
    const ticks = 650_000 + randInt(random, 0, 3_000);
    const lots = randInt(random, 1, 14);
    return {
      ticks,
      lots,
      envelope: {
        v: 1,
        commandId: `rest-${i}`,
        symbol,
        type: 'PlaceOrder',
        order: {
          orderId: i + 1,
          accountId: randInt(random, 1, 5_000),
          clientOrderId: `r${i}`,
          side: 'SELL',
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: (ticks / 10).toFixed(1),
          quantity: (lots / 1000).toFixed(3),
          reduceOnly: false,
          selfTradePreventionMode: 'NONE',
        },
      },
    };
  });
}

/** A market order for everything resting: one trade per resting order. */
function sweep(
  symbol: string,
  resting: readonly Resting[],
): Extract<CommandEnvelope, { type: 'PlaceOrder' }> {
  const lots = resting.reduce((n, r) => n + r.lots, 0);
  return {
    v: 1,
    commandId: 'sweep',
    symbol,
    type: 'PlaceOrder',
    order: {
      orderId: 50_000_000,
      accountId: 9_999,
      clientOrderId: 'sweep',
      side: 'BUY',
      type: 'MARKET',
      timeInForce: 'GTC',
      quantity: (lots / 1000).toFixed(3),
      reduceOnly: false,
      selfTradePreventionMode: 'NONE',
    },
  };
}

describe('a command larger than one item', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await Fixture.start();
  });
  afterAll(() => fx?.stop());

  describe('in the store (SymbolStream and DynamoEventLog on dynalite, no matcher process)', () => {
    const symbol = 'UNITUSDT';
    const prefix = 'shardex-unit-';
    let stores: { events: DynamoEventLog; snapshots: DynamoSnapshotStore };
    const outcomes: CommandOutcome[] = [];
    const commands: EngineCommand[] = [];
    let reference: MatchingEngine;

    beforeAll(async () => {
      await provisionTables(fx.local.clients, prefix);
      const names = resourceNames(prefix);
      stores = {
        events: new DynamoEventLog(fx.documents, names.tables.events),
        snapshots: new DynamoSnapshotStore(fx.documents, names.tables.snapshots),
      };
      reference = MatchingEngine.create(symbol);
      const spec = specFor(symbol);
      commands.push({ type: 'ListSymbol', commandId: 'list', time: 1_000, spec });
      const resting = restingOrders(symbol);
      resting.forEach(({ envelope, ticks, lots }, i) => {
        commands.push({
          type: 'PlaceOrder',
          commandId: envelope.commandId,
          time: 2_000 + i,
          order: { ...envelope.order, price: ticks, quantity: lots },
        });
      });
      const market = sweep(symbol, resting);
      commands.push({
        type: 'PlaceOrder',
        commandId: 'sweep',
        time: 90_000,
        order: { ...market.order, price: 0, quantity: resting.reduce((n, r) => n + r.lots, 0) },
      });
      commands.forEach((command, i) => {
        const checkpoint: Checkpoint = { shardId: 'shardId-000000000009', sequenceNumber: String(1_000 + i) };
        outcomes.push({ events: reference.execute(command), checkpoint });
      });
    });

    test('planItems cuts the sweep into parts under the item limit; only the last part has the checkpoint', () => {
      const sweepOutcome = outcomes[outcomes.length - 1]!;
      expect(sweepOutcome.events.length).toBe(RESTING + 1);
      const parts = planItems([sweepOutcome]);
      expect(parts.length).toBeGreaterThanOrEqual(2);
      expect(parts.slice(0, -1).every((p) => p.checkpoint === null)).toBe(true);
      expect(parts[parts.length - 1]!.checkpoint).toEqual(sweepOutcome.checkpoint);
      for (const part of parts) expect(packEvents(part.events).length).toBeLessThanOrEqual(MAX_EVENT_BYTES);
      expect(parts.flatMap((p) => p.events)).toEqual(sweepOutcome.events);
      // Whole small commands before it are packed on command boundaries, each item with its own checkpoint.
      const all = planItems(outcomes);
      const withoutCheckpoint = all.filter((p) => p.checkpoint === null);
      expect(withoutCheckpoint).toHaveLength(parts.length - 1);
      expect(all.flatMap((p) => p.events)).toEqual(outcomes.flatMap((o) => o.events));
    });

    test('recovery stops before a half-written command; deciding it again completes the log', async () => {
      const old: Writer = { id: 'old/shardId-000000000009/1', fence: 1 };
      const planned = planItems(outcomes);
      const firstPart = planned.findIndex((p) => p.checkpoint === null);
      // A matcher wrote everything up to the sweep and its first part, then died.
      let seq = 1;
      for (const item of planned.slice(0, firstPart + 1)) {
        const written = await stores.events.append(seq, { stream: symbol, ...item }, old, false);
        expect(written).toBe('written');
        seq += item.events.length;
      }

      const next: Writer = { id: 'next/shardId-000000000009/2', fence: 2 };
      const stream = await SymbolStream.recover(symbol, stores, next);
      const sweepCheckpoint = outcomes[outcomes.length - 1]!.checkpoint;
      const beforeSweep = outcomes[outcomes.length - 2]!.checkpoint;
      expect(stream.engine.seq).toBe(2 * RESTING + 1); // listing, accepted + rested per order; nothing of the sweep
      expect(stream.reflects(beforeSweep)).toBe(true);
      expect(stream.reflects(sweepCheckpoint)).toBe(false);
      let items = (await readEventItems(fx.documents, resourceNames(prefix).tables.events)).get(symbol)!;
      expect(items.some((i) => i.events === null)).toBe(false); // no claim: the next key is not free

      const executed = stream.execute(commands[commands.length - 1]!, sweepCheckpoint);
      expect(executed).toEqual({ kind: 'applied', events: outcomes[outcomes.length - 1]!.events });
      const committed = await stream.commit();
      expect(committed.events).toBe(RESTING + 1);
      expect(stream.engine.stateHash()).toBe(reference.stateHash());

      items = (await readEventItems(fx.documents, resourceNames(prefix).tables.events)).get(symbol)!;
      expectGapFree(new Map([[symbol, items]]));
      expectSameEvents(
        eventsOf(new Map([[symbol, items]])),
        new Map([[symbol, outcomes.flatMap((o) => o.events)]]),
      );
      // The first part stayed as the old writer stored it; the rest is the new writer's.
      const parts = items.filter((i) => i.seq > 2 * RESTING + 1);
      expect(parts.map((p) => p.writer)).toEqual([old.id, ...parts.slice(1).map(() => next.id)]);
      expect(parts[parts.length - 1]!.checkpoint).toEqual(sweepCheckpoint);

      // A fresh recovery now sees the whole command and claims the next key.
      const again = await SymbolStream.recover(symbol, stores, {
        id: 'again/shardId-000000000009/3',
        fence: 3,
      });
      expect(again.engine.stateHash()).toBe(reference.stateHash());
      expect(again.reflects(sweepCheckpoint)).toBe(true);
    });

    test('identical events at a taken key count as written, except for a writer older than the one who wrote them', async () => {
      const s = 'FENCEUSDT';
      const events: EngineEvent[] = [
        { ...(outcomes[0]!.events[0] as Extract<EngineEvent, { type: 'SymbolListed' }>), spec: specFor(s) },
      ];
      const item = {
        stream: s,
        events,
        checkpoint: { shardId: 'shardId-000000000009', sequenceNumber: '1' },
      };
      const w2: Writer = { id: 'b/shardId-000000000009/2', fence: 2 };
      expect(await stores.events.append(1, item, w2, false)).toBe('written');
      // The same incarnation again (a retried write), or a later owner deciding the same command again: written.
      expect(await stores.events.append(1, item, w2, false)).toBe('written');
      expect(await stores.events.append(1, item, { id: 'c/shardId-000000000009/3', fence: 3 }, false)).toBe(
        'written',
      );
      // An earlier owner (a zombie that decided the same thing): conflict, it must stop.
      expect(await stores.events.append(1, item, { id: 'a/shardId-000000000009/1', fence: 1 }, false)).toBe(
        'conflict',
      );
      // Different events at a taken key: conflict, whoever asks.
      const other = { ...item, events: [{ ...events[0]!, time: 5 }] };
      expect(await stores.events.append(1, other, { id: 'd/shardId-000000000009/4', fence: 4 }, false)).toBe(
        'conflict',
      );
    });
  });

  describe('through a real matcher', () => {
    let symbol: string;
    let computed: Promise<{ records: ReadRecord[]; reference: Reference }> | undefined;
    /** The records as stored and the in-memory run over them, computed once. */
    const stored = () => {
      computed ??= fx.records().then((records) => ({ records, reference: referenceRun(records) }));
      return computed;
    };
    const reference = async () => (await stored()).reference;
    beforeAll(async () => {
      [symbol] = symbolsPerShard(fx.shards, 1) as [string];
      const records = [
        record({ v: 1, commandId: 'list', symbol, type: 'ListSymbol', spec: specFor(symbol) }),
      ];
      const resting = restingOrders(symbol);
      for (const r of resting) records.push(record(r.envelope));
      records.push(record(sweep(symbol, resting)));
      await fx.put(records);
    });

    test('the sweep is committed in several items, equal to the in-memory engine', async () => {
      const matcher = await fx.matcher('sweeper', { batchLimit: 1_000 });
      await fx.waitCaughtUp(fx.prefix, 120_000, () => matcher.tail());
      await matcher.kill();
      const items = await fx.items();
      expectCorrectLog(items, await reference());
      const sweepItems = items.get(symbol)!.filter((i) => i.events?.some((e) => e.commandId === 'sweep'));
      expect(sweepItems.length).toBeGreaterThanOrEqual(2);
      expect(sweepItems.slice(0, -1).every((i) => i.checkpoint === null)).toBe(true);
      expect(sweepItems[sweepItems.length - 1]!.checkpoint).not.toBeNull();
      const trades = sweepItems.flatMap((i) => i.events!).filter((e) => e.type === 'Trade');
      expect(trades).toHaveLength(RESTING);
    });

    test('a matcher finishes a command whose first part a dead matcher wrote', async () => {
      const prefix = 'shardex-half-';
      await provisionTables(fx.local.clients, prefix);
      const { records, reference: ref0 } = await stored();
      const ref = ref0.symbols.get(symbol)!;
      // Write what a matcher that died between the parts of the sweep leaves behind, all under one writer.
      const byCommand = new Map<string, EngineEvent[]>();
      for (const event of ref.events)
        byCommand.set(event.commandId, [...(byCommand.get(event.commandId) ?? []), event]);
      const shardId = records.find((r) => r.partitionKey === symbol)!.shardId;
      const outcomes = ref.commandIds.map((id) => ({
        events: byCommand.get(id)!,
        checkpoint: { shardId, sequenceNumber: ref.recordOf.get(id)! },
      }));
      const planned = planItems(outcomes);
      const firstPart = planned.findIndex((p) => p.checkpoint === null);
      const store = new DynamoEventLog(fx.documents, resourceNames(prefix).tables.events);
      const dead: Writer = { id: `dead/${shardId}/1`, fence: 1 };
      let seq = 1;
      for (const item of planned.slice(0, firstPart + 1)) {
        await store.append(seq, { stream: symbol, ...item }, dead, false);
        seq += item.events.length;
      }

      const matcher = await fx.matcher('finisher', { prefix, batchLimit: 1_000 });
      await fx.waitCaughtUp(prefix, 120_000, () => matcher.tail());
      await matcher.kill();
      const items = await fx.items(prefix);
      expectCorrectLog(items, ref0);
      const sweepItems = items.get(symbol)!.filter((i) => i.events?.some((e) => e.commandId === 'sweep'));
      expect(sweepItems[0]!.writer).toBe(dead.id);
      expect(sweepItems.slice(1).every((i) => i.writer.startsWith('finisher/'))).toBe(true);
      // It did not decide the resting orders again: their records were skipped as reflected.
      const recovered = matcher.logs.find((l) => l.message === 'symbol recovered' && l.symbol === symbol);
      expect(recovered?.seq).toBe(2 * RESTING + 1);
    });

    test('kill -9 while the sweep is being written, then restart (best effort at hitting between parts)', async () => {
      const prefix = 'shardex-kill-';
      await provisionTables(fx.local.clients, prefix);
      const table = resourceNames(prefix).tables.events;
      const firstSweepSeq = 2 * RESTING + 2;
      const matcher = await fx.matcher('victim', { prefix, batchLimit: 1_000, leaseMs: 1_500 });
      // Watch the key of the sweep's first part and kill the matcher the moment it appears.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const { Item } = await fx.documents.send(
          new GetCommand({
            TableName: table,
            Key: { [E.stream]: symbol, [E.seq]: firstSweepSeq },
            ConsistentRead: true,
          }),
        );
        if (Item?.[E.events] !== undefined) break;
        if (Date.now() > deadline) throw new Error(`the sweep never appeared\n${matcher.tail()}`);
        await sleep(1);
      }
      await matcher.kill();
      const atKill = (await readEventItems(fx.documents, table)).get(symbol)!;
      const halfWritten = atKill[atKill.length - 1]!.checkpoint === null;
      console.info(`kill -9 during the sweep: ${halfWritten ? 'between its parts' : 'after its last part'}`);

      const restarted = await fx.matcher('restarted', { prefix, batchLimit: 1_000, leaseMs: 1_500 });
      await fx.waitCaughtUp(prefix, 120_000, () => restarted.tail());
      await restarted.kill();
      expectCorrectLog(await fx.items(prefix), await reference());
    });
  });
});
