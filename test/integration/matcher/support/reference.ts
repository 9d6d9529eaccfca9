// The yardstick: what one in-memory engine per symbol decides from the records as Kinesis holds them (in shard
// order, at their arrival times, second copies of a command id dropped), and the invariants every event table
// must satisfy whatever happened to the matchers that wrote it.

import { readCommandRecord } from '../../../../application/ports/commandEnvelope';
import { eventsToJson } from '../../../../core/engine/eventCodec';
import type { EngineEvent } from '../../../../core/engine/events';
import { MatchingEngine } from '../../../../core/engine/matchingEngine';
import type { ReadRecord, StoredItem } from './stack';

const SYMBOL_KEY = /^[A-Z0-9]{2,20}USDT$/;

export interface ReferenceSymbol {
  readonly engine: MatchingEngine;
  readonly events: EngineEvent[];
  /** Command ids applied, in order. */
  readonly commandIds: string[];
  /** Per applied command, the sequence number of the record it came from. */
  readonly recordOf: Map<string, string>;
  duplicates: number;
  poison: number;
}

export interface Reference {
  readonly symbols: Map<string, ReferenceSymbol>;
  /** Records whose partition key is no symbol. */
  readonly unroutable: number;
}

/** Runs every record through a fresh engine per symbol, as an uninterrupted matcher would. */
export function referenceRun(records: readonly ReadRecord[]): Reference {
  const symbols = new Map<string, ReferenceSymbol>();
  const seen = new Map<string, Set<string>>();
  let unroutable = 0;
  for (const r of records) {
    if (!SYMBOL_KEY.test(r.partitionKey)) {
      unroutable++;
      continue;
    }
    let symbol = symbols.get(r.partitionKey);
    if (symbol === undefined) {
      symbol = {
        engine: MatchingEngine.create(r.partitionKey),
        events: [],
        commandIds: [],
        recordOf: new Map(),
        duplicates: 0,
        poison: 0,
      };
      symbols.set(r.partitionKey, symbol);
      seen.set(r.partitionKey, new Set());
    }
    const read = readCommandRecord(r.data, r.partitionKey, r.arrival, symbol.engine.instrument);
    if (read.kind === 'poison') {
      symbol.poison++;
      continue;
    }
    const ids = seen.get(r.partitionKey)!;
    if (ids.has(read.command.commandId)) {
      symbol.duplicates++;
      continue;
    }
    ids.add(read.command.commandId);
    symbol.events.push(...symbol.engine.execute(read.command));
    symbol.commandIds.push(read.command.commandId);
    symbol.recordOf.set(read.command.commandId, r.sequenceNumber);
  }
  return { symbols, unroutable };
}

/** The reference's events per symbol. */
export function referenceEvents(reference: Reference): Map<string, EngineEvent[]> {
  return new Map([...reference.symbols].map(([symbol, s]) => [symbol, s.events]));
}

/**
 * Equal event for event, compared as the canonical JSON the store keeps. On a difference, says where: the first
 * differing sequence number with both events, not a diff of thousands.
 */
export function expectSameEvents(
  actual: ReadonlyMap<string, readonly EngineEvent[]>,
  expected: ReadonlyMap<string, readonly EngineEvent[]>,
  what = 'events',
): void {
  const problems: string[] = [];
  const symbols = new Set([...actual.keys(), ...expected.keys()]);
  for (const symbol of [...symbols].sort()) {
    const a = actual.get(symbol) ?? [];
    const e = expected.get(symbol) ?? [];
    const n = Math.max(a.length, e.length);
    for (let i = 0; i < n; i++) {
      const left = a[i] === undefined ? 'nothing' : eventsToJson([a[i]!]);
      const right = e[i] === undefined ? 'nothing' : eventsToJson([e[i]!]);
      if (left !== right) {
        problems.push(
          `${symbol}: ${a.length} vs ${e.length} events, first difference at index ${i}:\n  got      ${left}\n  expected ${right}`,
        );
        break;
      }
    }
  }
  if (problems.length > 0) throw new Error(`${what} differ:\n${problems.join('\n')}`);
}

/**
 * The log of each stream is gap-free: items follow each other (seq = previous last + 1), each item's `last`
 * matches its events, the events are numbered 1..n, and a claim (an item without events) can only be the end.
 */
export function expectGapFree(items: ReadonlyMap<string, readonly StoredItem[]>): void {
  for (const [stream, list] of items) {
    let next = 1;
    list.forEach((item, i) => {
      if (item.seq !== next) throw new Error(`${stream}: item at ${item.seq}, expected ${next}`);
      if (item.events === null) {
        if (i !== list.length - 1) throw new Error(`${stream}: a claim at ${item.seq} is followed by items`);
        return;
      }
      if (item.events.length === 0) throw new Error(`${stream}: empty item at ${item.seq}`);
      if (item.last !== item.seq + item.events.length - 1)
        throw new Error(
          `${stream}: item ${item.seq} says last ${item.last} but has ${item.events.length} events`,
        );
      item.events.forEach((event, k) => {
        if (event.seq !== item.seq + k)
          throw new Error(`${stream}: event ${event.seq} at position ${item.seq + k}`);
      });
      next = item.last + 1;
    });
  }
}

/**
 * "At any time only one matcher commits per shard": along each stream's log, the writers' fences (lease
 * counters) never go down. A zombie writing after a newer owner would show as a drop.
 */
export function expectFencesNeverDecrease(items: ReadonlyMap<string, readonly StoredItem[]>): void {
  for (const [stream, list] of items) {
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.fence < list[i - 1]!.fence) {
        throw new Error(
          `${stream}: item ${list[i]!.seq} by ${list[i]!.writer} (fence ${list[i]!.fence}) follows item ${
            list[i - 1]!.seq
          } by ${list[i - 1]!.writer} (fence ${list[i - 1]!.fence})`,
        );
      }
    }
  }
}

/** No command took effect twice: each command id's events form one contiguous run in its stream. */
export function expectEachCommandOnce(events: ReadonlyMap<string, readonly EngineEvent[]>): void {
  for (const [stream, list] of events) {
    const finished = new Set<string>();
    let current: string | undefined;
    for (const event of list) {
      if (event.commandId === current) continue;
      if (current !== undefined) finished.add(current);
      if (finished.has(event.commandId))
        throw new Error(`${stream}: command ${event.commandId} has effects at two places (seq ${event.seq})`);
      current = event.commandId;
    }
  }
}

/** Every item's checkpoint names the record of the last command in it (null only on leading parts). */
export function expectCheckpointsMatch(
  items: ReadonlyMap<string, readonly StoredItem[]>,
  reference: Reference,
): void {
  for (const [stream, list] of items) {
    const ref = reference.symbols.get(stream);
    for (const item of list) {
      if (item.events === null || item.checkpoint === null) continue;
      const lastCommand = item.events[item.events.length - 1]!.commandId;
      const expected = ref?.recordOf.get(lastCommand);
      if (item.checkpoint.sequenceNumber !== expected)
        throw new Error(
          `${stream}: item ${item.seq} checkpoints ${item.checkpoint.sequenceNumber}, its last command ${lastCommand} came from ${expected}`,
        );
    }
  }
}

/** All the invariants at once, plus equality with the reference. */
export function expectCorrectLog(
  items: ReadonlyMap<string, readonly StoredItem[]>,
  reference: Reference,
  what = 'event table',
): void {
  expectGapFree(items);
  expectFencesNeverDecrease(items);
  const events = new Map(
    [...items].map(([stream, list]) => [
      stream,
      list.flatMap((item) => (item.events === null ? [] : item.events)),
    ]),
  );
  expectEachCommandOnce(events);
  expectCheckpointsMatch(items, reference);
  expectSameEvents(events, referenceEvents(reference), what);
}
