// Seeded command streams for the matcher tests: several BTCUSDT-like symbols chosen so that they spread evenly
// over the stream's shards, each with a realistic order mix (passive and crossing limits of every time in force,
// market orders, reduce-only orders, self-trade prevention, cancels by id and client id, amends, cancel-all), a
// few invalid commands and deliberate duplicates (the same record put twice).

import type { Shard } from '@aws-sdk/client-kinesis';
import {
  type CommandEnvelope,
  encodeCommand,
  readCommandRecord,
} from '../../../../application/ports/commandEnvelope';
import { MatchingEngine } from '../../../../core/engine/matchingEngine';
import type { SelfTradePreventionMode, Side } from '../../../../core/orders/order';
import type { SymbolSpec } from '../../../../core/symbol/symbolSpec';
import { formatPrice, formatQuantity } from '../../../../core/symbol/units';
import { BTCUSDT } from '../../../core/support/specs';
import { type OutRecord, shardOf } from './stack';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const randInt = (random: Random, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));
export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

const BASES = [
  'BTC',
  'ETH',
  'SOL',
  'XRP',
  'BNB',
  'DOGE',
  'ADA',
  'AVAX',
  'LINK',
  'DOT',
  'LTC',
  'TRX',
  'NEAR',
  'ATOM',
  'UNI',
  'APT',
  'ARB',
  'OP',
  'FIL',
  'ETC',
  'XLM',
  'INJ',
  'SUI',
  'SEI',
  'TIA',
  'AAVE',
  'MKR',
  'RUNE',
  'GRT',
  'SAND',
];

/** `perShard` symbols on each shard, taken in a fixed order from a list of common bases. */
export function symbolsPerShard(shards: readonly Shard[], perShard: number): string[] {
  const chosen = new Map<string, string[]>(shards.map((s) => [s.ShardId!, []]));
  for (const base of BASES) {
    const symbol = `${base}USDT`;
    const list = chosen.get(shardOf(shards, symbol))!;
    if (list.length < perShard) list.push(symbol);
  }
  const symbols = [...chosen.values()].flat();
  if (symbols.length !== shards.length * perShard) throw new Error('not enough candidate symbols');
  return symbols.sort();
}

export function specFor(symbol: string): SymbolSpec {
  return { ...BTCUSDT, symbol, baseAsset: symbol.replace(/USDT$/, '') };
}

export function record(envelope: CommandEnvelope): OutRecord {
  return { partitionKey: envelope.symbol, data: encodeCommand(envelope) };
}

export function listSymbolRecord(symbol: string, commandId = `${symbol}-list`): OutRecord {
  return record({ v: 1, commandId, symbol, type: 'ListSymbol', spec: specFor(symbol) });
}

export interface WorkloadOptions {
  readonly seed: number;
  readonly symbols: readonly string[];
  readonly commandsPerSymbol: number;
  /** Share of records put a second time, a little later (a retried PutRecord). */
  readonly duplicateRate?: number;
  /** Share of commands the symbol's filters reject at read time (off-tick price, bad precision). */
  readonly invalidRate?: number;
  /** Tags command ids, so two workloads on one stream never share ids. */
  readonly tag?: string;
  /** First order id; order ids are unique across the whole workload. */
  readonly firstOrderId?: number;
  /** Start with ListSymbol (default true). */
  readonly list?: boolean;
}

export interface Workload {
  /** All records, symbols interleaved at random, each symbol's own order kept. */
  readonly records: OutRecord[];
  readonly bySymbol: Map<string, OutRecord[]>;
  readonly duplicates: number;
  readonly nextOrderId: number;
}

/** A command without its envelope header, for each command type (Omit distributed over the union). */
type CommandBody = CommandEnvelope extends infer C
  ? C extends unknown
    ? Omit<C, 'v' | 'symbol' | 'commandId'>
    : never
  : never;

const CENTER = 650_000; // 65,000.0 USDT in ticks of 0.1
const STP: readonly SelfTradePreventionMode[] = [
  'EXPIRE_MAKER',
  'EXPIRE_MAKER',
  'EXPIRE_MAKER',
  'NONE',
  'NONE',
  'EXPIRE_TAKER',
  'EXPIRE_BOTH',
];

/**
 * Generates each symbol's commands while driving a private engine with them, so cancels and amends name orders
 * that are resting at that point and crossing orders are priced against the real best prices. The matcher will
 * see other times (arrival timestamps), which changes no decision: time only stamps events.
 */
export function generateWorkload(options: WorkloadOptions): Workload {
  const random = prng(options.seed);
  const tag = options.tag ?? `s${options.seed}`;
  let orderId = options.firstOrderId ?? 1;
  const bySymbol = new Map<string, OutRecord[]>();
  let duplicates = 0;
  for (const symbol of options.symbols) {
    const out: OutRecord[] = [];
    const engine = MatchingEngine.create(symbol);
    const placed: number[] = [];
    const delayed: { at: number; record: OutRecord }[] = [];
    let commandNo = 0;
    const emit = (body: CommandBody) => {
      const envelope = {
        v: 1,
        symbol,
        commandId: `${tag}-${symbol}-${commandNo++}`,
        ...body,
      } as CommandEnvelope;
      const rec = record(envelope);
      out.push(rec);
      const read = readCommandRecord(rec.data, symbol, commandNo, engine.instrument);
      if (read.kind === 'command') engine.execute(read.command);
      if (random() < (options.duplicateRate ?? 0)) {
        delayed.push({ at: out.length + randInt(random, 0, 150), record: rec });
        duplicates++;
      }
      for (let i = delayed.length - 1; i >= 0; i--) {
        if (delayed[i]!.at <= out.length) {
          out.push(delayed[i]!.record);
          delayed.splice(i, 1);
        }
      }
    };
    if (options.list ?? true) emit({ type: 'ListSymbol', spec: specFor(symbol) });
    const instrument = engine.instrument ?? MatchingEngine.create(symbol).instrument;
    const price = (ticks: number) => (instrument ? formatPrice(instrument, ticks) : (ticks / 10).toFixed(1));
    const qty = (lots: number) => (instrument ? formatQuantity(instrument, lots) : (lots / 1000).toFixed(3));
    const account = () => randInt(random, 1, 10);
    const newOrder = (
      side: Side,
      type: 'LIMIT' | 'MARKET',
      timeInForce: 'GTC' | 'IOC' | 'FOK' | 'GTX',
      ticks: number | undefined,
      lots: number,
      accountId = account(),
      reduceOnly = false,
    ) => {
      const id = orderId++;
      placed.push(id);
      emit({
        type: 'PlaceOrder',
        order: {
          orderId: id,
          accountId,
          clientOrderId: `c${id}`,
          side,
          type,
          timeInForce,
          ...(ticks === undefined ? {} : { price: price(ticks) }),
          quantity: qty(lots),
          reduceOnly,
          selfTradePreventionMode: pick(random, STP),
        },
      });
    };
    const restingOrder = () => {
      for (let attempt = 0; attempt < 4; attempt++) {
        const id = placed[placed.length - 1 - Math.floor(random() * Math.min(placed.length, 400))];
        const open = id === undefined ? undefined : engine.openOrder(id);
        if (open !== undefined) return open;
      }
      return undefined;
    };
    while (commandNo < options.commandsPerSymbol) {
      const side: Side = random() < 0.5 ? 'BUY' : 'SELL';
      const bestBid = engine.bestPrice('BUY');
      const bestAsk = engine.bestPrice('SELL');
      const passive = () => {
        const off = randInt(random, 1, 25);
        return side === 'BUY'
          ? Math.min(CENTER - off, (bestAsk ?? Number.MAX_SAFE_INTEGER) - 1)
          : Math.max(CENTER + off, (bestBid ?? 0) + 1);
      };
      const opposite = side === 'BUY' ? bestAsk : bestBid;
      const roll = random() * 100;
      if (random() < (options.invalidRate ?? 0)) {
        const which = randInt(random, 0, 2);
        const text = which === 0 ? '65000.05' : which === 1 ? '65000.123' : '65000.0';
        const id = orderId++;
        emit({
          type: 'PlaceOrder',
          order: {
            orderId: id,
            accountId: account(),
            clientOrderId: `c${id}`,
            side,
            type: 'LIMIT',
            timeInForce: 'GTC',
            price: text,
            quantity: which === 2 ? '0.0001' : '0.010',
            reduceOnly: false,
            selfTradePreventionMode: 'NONE',
          },
        });
      } else if (roll < 36) {
        newOrder(side, 'LIMIT', 'GTC', passive(), randInt(random, 1, 40));
      } else if (roll < 40) {
        // Post-only: mostly passive, sometimes at the opposite best (rejected -5022).
        const crossing = opposite !== undefined && random() < 0.3;
        newOrder(side, 'LIMIT', 'GTX', crossing ? opposite : passive(), randInt(random, 1, 40));
      } else if (roll < 52) {
        const through = randInt(random, 0, 3);
        const ticks =
          opposite === undefined ? passive() : side === 'BUY' ? opposite + through : opposite - through;
        const tif = pick(random, ['GTC', 'GTC', 'IOC', 'IOC', 'FOK'] as const);
        newOrder(side, 'LIMIT', tif, ticks, randInt(random, 1, 80));
      } else if (roll < 59) {
        newOrder(side, 'MARKET', 'GTC', undefined, randInt(random, 1, 60));
      } else if (roll < 63) {
        // Reduce-only against an account's position (or -2022 when it is flat).
        const accountId = account();
        const size = engine.position(accountId).size;
        const closing: Side = size > 0 ? 'SELL' : 'BUY';
        const lots = Math.max(1, Math.min(Math.abs(size), randInt(random, 1, 60)));
        if (random() < 0.5) newOrder(closing, 'MARKET', 'GTC', undefined, lots, accountId, true);
        else {
          const opp = closing === 'BUY' ? bestAsk : bestBid;
          newOrder(closing, 'LIMIT', 'GTC', opp ?? CENTER, lots, accountId, true);
        }
      } else if (roll < 79) {
        const target = restingOrder();
        const byClientId = random() < 0.25;
        const accountId = target?.accountId ?? account();
        emit({
          type: 'CancelOrder',
          accountId,
          ...(target === undefined
            ? { orderId: randInt(random, 1, orderId) }
            : byClientId
              ? { clientOrderId: target.clientOrderId }
              : { orderId: target.orderId }),
        });
      } else if (roll < 88) {
        const target = restingOrder();
        if (target === undefined) continue;
        const keepPrice = random() < 0.4;
        const total = target.remaining + target.filled;
        const newTicks = keepPrice ? target.price : target.price + randInt(random, -6, 6);
        const newLots = keepPrice
          ? Math.max(1, total - randInt(random, 0, Math.max(1, total - 1)))
          : randInt(random, 1, 60);
        emit({
          type: 'AmendOrder',
          accountId: target.accountId,
          orderId: target.orderId,
          side: target.side,
          price: price(newTicks),
          quantity: qty(newLots),
        });
      } else if (roll < 90) {
        emit({ type: 'CancelAllOrders', accountId: account() });
      } else {
        newOrder(side, 'LIMIT', 'GTC', passive(), randInt(random, 1, 40));
      }
    }
    for (const late of delayed) out.push(late.record);
    bySymbol.set(symbol, out);
  }
  return { records: interleave(random, bySymbol), bySymbol, duplicates, nextOrderId: orderId };
}

/** Merges the symbols' records at random, keeping each symbol's order. */
export function interleave(random: Random, bySymbol: Map<string, OutRecord[]>): OutRecord[] {
  const cursors = [...bySymbol.values()].map((records) => ({ records, next: 0 }));
  let left = cursors.reduce((n, c) => n + c.records.length, 0);
  const merged: OutRecord[] = [];
  while (left > 0) {
    let at = Math.floor(random() * left);
    for (const cursor of cursors) {
      const remaining = cursor.records.length - cursor.next;
      if (at < remaining) {
        merged.push(cursor.records[cursor.next++]!);
        break;
      }
      at -= remaining;
    }
    left--;
  }
  return merged;
}
