/**
 * `npm run bench:futures`: what index prices and funding cost the engine.
 *
 *  1. One index price (mark, basis and premium sample, estimated funding rate): with 10,000 and with 1,000,000
 *     resting orders behind the same top of book, with and without 100,000 open positions. It must cost the same
 *     in all: an update reads the best prices and walks the top levels only until the impact notional is filled,
 *     and keeps its averages as running sums; it never visits the book or the positions.
 *  2. One funding settlement of 100,000 positions: the one command that visits every position (three times a
 *     day), and the size of its events: 1,000 payments per FundingPaid against one event per payment, in JSON
 *     and gzipped as the event store packs them, and the items the matcher's packer makes of them.
 *
 * Environment (all optional): BENCH_UPDATES (timed index prices per setup, default 100,000), BENCH_POSITIONS
 * (default 100,000), BENCH_SETTLEMENTS (default 5). Run with --expose-gc (the npm script does).
 */
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import type { EngineCommand } from '../core/engine/commands';
import { eventsToJson } from '../core/engine/eventCodec';
import type { EngineEvent, FundingPaid } from '../core/engine/events';
import { MatchingEngine } from '../core/engine/matchingEngine';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { planItems } from '../matching-fargate/itemPacking';
import { gtcLimit } from './benchSymbol';
import { envInt } from './env';
import { collectGarbage } from './heap';
import { median } from './median';

const UPDATES = envInt('BENCH_UPDATES', 100_000);
const POSITIONS = envInt('BENCH_POSITIONS', 100_000);
const SETTLEMENTS = envInt('BENCH_SETTLEMENTS', 5);

/**
 * BTCUSDT as listed (brackets, funding terms: impact notional 25,000 USDT), with room for a million orders and
 * one-lot positions (MIN_NOTIONAL 100 USDT would refuse 0.001 BTC).
 */
const SPEC: SymbolSpec = {
  ...SYMBOL_PRESETS.BTCUSDT!,
  maxNumOrders: 1_000_000_000,
  maxQty: '1000000',
  minNotional: '5',
};
const INTERVAL = 8 * 3_600_000;
/** A funding time: the benchmark's clock starts just after it. */
const T0 = 1_750_003_200_000;
const MID = 650_000; // 65,000.0 in ticks

let commandCount = 0;
const header = (time: number) => ({ commandId: `c${++commandCount}`, time });

function limit(
  time: number,
  orderId: number,
  accountId: number,
  side: 'BUY' | 'SELL',
  price: number,
  quantity: number,
): EngineCommand {
  return gtcLimit(header(time), { orderId, accountId, side, price, quantity });
}

interface Setup {
  readonly label: string;
  readonly resting: number;
  readonly positions: number;
}

/**
 * An engine with `positions` open positions (half long, half short, one lot each, against two makers) and
 * `resting` orders: the same 50 levels a side at the touch (10 lots each, a tick apart), the rest deeper.
 */
function build(setup: Setup): { engine: MatchingEngine; time: number } {
  const engine = MatchingEngine.create(SPEC.symbol, { expectedOrders: setup.resting + 1_024 });
  let time = T0 + 1_000;
  engine.execute({ type: 'ListSymbol', ...header(time), spec: SPEC });
  let orderId = 1;
  const half = Math.floor(setup.positions / 2);
  if (half > 0) {
    // Maker 1 sells `half` lots, maker 2 buys `half`; every other account takes one lot from one of them.
    engine.executeRecorded(limit(time, orderId++, 1, 'SELL', MID, half));
    engine.executeRecorded(limit(time, orderId++, 2, 'BUY', MID - 1, half));
    for (let i = 0; i < half; i++) {
      engine.executeRecorded(limit(time, orderId++, 10 + i, 'BUY', MID, 1));
      engine.executeRecorded(limit(time, orderId++, 10 + half + i, 'SELL', MID - 1, 1));
    }
  }
  const touch = Math.min(setup.resting, 500);
  for (let i = 0; i < touch; i++) {
    // 5 orders of 2 lots per level, 50 levels a side (0.5 BTC a side): the impact notional, 25,000 USDT or
    // 0.385 BTC, fills within the touch's first 39 levels in every setup.
    const level = Math.floor(i / 10);
    const buy = i % 2 === 0;
    engine.executeRecorded(
      limit(
        time,
        orderId++,
        1_000_000 + (i % 1_000),
        buy ? 'BUY' : 'SELL',
        buy ? MID - 10 - level : MID + 10 + level,
        2,
      ),
    );
  }
  for (let i = touch; i < setup.resting; i++) {
    // Deeper: 1,000 levels a side beyond the touch.
    const level = 60 + (i % 1_000);
    const buy = i % 2 === 0;
    engine.executeRecorded(
      limit(
        time,
        orderId++,
        1_000_000 + (i % 1_000),
        buy ? 'BUY' : 'SELL',
        buy ? MID - level : MID + level,
        1 + (i % 7),
      ),
    );
  }
  time += 1_000;
  return { engine, time };
}

/** Index prices one second apart around 65,000, with 8 decimals. */
function indexCommand(time: number, i: number): EngineCommand {
  const units = 6_500_000_000_000 + ((i * 7_919) % 2_000_000_000) - 1_000_000_000;
  const price = `${Math.floor(units / 1e8)}.${String(units % 1e8).padStart(8, '0')}`;
  return { type: 'UpdateIndexPrice', ...header(time), price, sources: [{ name: 'bench', price }] };
}

function benchIndex(setup: Setup): number {
  const { engine, time: start } = build(setup);
  const nanos = new Float64Array(UPDATES);
  // One index price a second from the setup's clock; the first 10,000 warm up, untimed.
  const at = (i: number) => start + (i + 1) * 1_000;
  for (let i = 0; i < 10_000; i++) engine.executeRecorded(indexCommand(at(i), i));
  collectGarbage();
  for (let i = 0; i < UPDATES; i++) {
    const command = indexCommand(at(10_000 + i), i);
    const t = process.hrtime.bigint();
    engine.executeRecorded(command);
    nanos[i] = Number(process.hrtime.bigint() - t);
  }
  const sorted = [...nanos].sort((a, b) => a - b);
  const mean = nanos.reduce((a, b) => a + b, 0) / UPDATES;
  const p = (q: number) => sorted[Math.min(UPDATES - 1, Math.floor(q * UPDATES))]!;
  const events = engine.execute(indexCommand(at(10_000 + UPDATES), 0));
  const mark = events[0];
  line(
    `  ${setup.label.padEnd(44)} mean ${us(mean)}  p50 ${us(p(0.5))}  p99 ${us(p(0.99))}  p99.9 ${us(p(0.999))}` +
      `  (${fmt(engine.openOrderCount)} resting, mark ${mark?.type === 'MarkPriceUpdated' ? mark.markPrice : '?'})`,
  );
  return p(0.5);
}

function benchSettlement(): void {
  const { engine } = build({ label: '', resting: 10_000, positions: POSITIONS });
  const millis: number[] = [];
  let events: EngineEvent[] = [];
  for (let s = 1; s <= SETTLEMENTS; s++) {
    // An index price a second before each funding time, then the settlement just after it.
    engine.execute(indexCommand(T0 + s * INTERVAL - 1_000, s));
    collectGarbage();
    const command: EngineCommand = {
      type: 'SettleFunding',
      ...header(T0 + s * INTERVAL + 500),
      fundingTime: T0 + s * INTERVAL,
    };
    const t = performance.now();
    const records = engine.executeRecorded(command);
    millis.push(performance.now() - t);
    events = records.toEvents();
  }
  const paid = events.filter((e): e is FundingPaid => e.type === 'FundingPaid');
  const payments = paid.reduce((n, e) => n + e.payments.length, 0);
  line(
    `  ${fmt(payments)} payments in ${paid.length} FundingPaid events: ${millis.map((m) => `${m.toFixed(1)} ms`).join(', ')}` +
      ` (median ${median(millis).toFixed(1)} ms, ${((median(millis) * 1e6) / payments).toFixed(0)} ns a position)`,
  );

  const chunk = paid[0]!;
  const chunkJson = eventsToJson([chunk]);
  line(
    `  one FundingPaid of ${fmt(chunk.payments.length)}: ${kb(Buffer.byteLength(chunkJson))} JSON, ` +
      `${kb(gzipSync(chunkJson).length)} gzipped (an events item holds ≤ 400 KB)`,
  );
  const allJson = eventsToJson(events);
  const single: EngineEvent[] = paid.flatMap((e) =>
    e.payments.map((payment) => ({ ...e, payments: [payment] })),
  );
  const singleJson = eventsToJson(single);
  line(
    `  the settlement's events: ${fmt(events.length)} events, ${kb(Buffer.byteLength(allJson))} JSON, ` +
      `${kb(gzipSync(allJson).length)} gzipped; as one event per payment: ${fmt(single.length)} events, ` +
      `${kb(Buffer.byteLength(singleJson))} JSON, ${kb(gzipSync(singleJson).length)} gzipped`,
  );
  const items = planItems([{ events, checkpoint: { shardId: 'shard-0', sequenceNumber: '1' } }]);
  line(
    `  packed by the matcher into ${items.length} events items of ${items.map((i) => i.events.length).join(', ')} events`,
  );
}

function main(): void {
  const cpus = os.cpus();
  line(
    `shardex futures benchmark · node ${process.version} · ${cpus[0]?.model.trim() ?? '?'} × ${cpus.length}`,
  );
  line(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  line();
  line(
    `one index price (mark, basis and premium sample, funding estimate), ${fmt(UPDATES)} timed, one a second:`,
  );
  const medians = [
    benchIndex({ label: '10,000 resting orders, no positions', resting: 10_000, positions: 0 }),
    benchIndex({
      label: `10,000 resting orders, ${fmt(POSITIONS)} positions`,
      resting: 10_000,
      positions: POSITIONS,
    }),
    benchIndex({
      label: `1,000,000 resting orders, ${fmt(POSITIONS)} positions`,
      resting: 1_000_000,
      positions: POSITIONS,
    }),
  ];
  line(
    `  → p50 ratio 1,000,000 orders / 10,000 orders: ${(medians[2]! / medians[1]!).toFixed(2)}; ` +
      `with / without positions: ${(medians[1]! / medians[0]!).toFixed(2)}`,
  );
  line();
  line(
    `a funding settlement of ${fmt(POSITIONS)} positions (${SETTLEMENTS} settlements, one interval apart):`,
  );
  benchSettlement();
}

function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function us(nanos: number): string {
  return `${(nanos / 1000).toFixed(2)} µs`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

main();
