/**
 * `npm run bench`: shardex's matching engine against the npm library nodejs-order-book on the identical,
 * seeded stream of 1,000,000 operations, in two book shapes, alternating in one process.
 *
 * Then the conditional mix (bench/conditionalMix.ts): the narrow stream with 10 % conditional-order commands over
 * 100,000 untriggered conditional orders, against the plain stream in the same run; and what an index price that
 * triggers nothing costs with 100,000 untriggered conditional orders against none (bench/markUpdateCost.ts).
 *
 * Environment (all optional): BENCH_OPS (default 1,000,000), BENCH_ROUNDS (timed rounds per contender and
 * shape, default 3), BENCH_SEED, BENCH_MEMORY_ORDERS (default 1,000,000; 0 skips the memory section), BENCH_SHAPES
 * (e.g. "wide", or "none" for the memory section alone), BENCH_SETTLE_MS (see bench/heap.ts), BENCH_ALGO_ORDERS
 * (untriggered conditional orders of the conditional sections, default 100,000; 0 skips them).
 * Run with --expose-gc (the npm script does): the memory figures need a forced GC, and each timed round
 * starts from a collected heap whose background sweeping has finished (bench/heap.ts).
 */
import os from 'node:os';
import { OrderBook, Side } from 'nodejs-order-book';
import { MatchingEngine } from '../core/engine/matchingEngine';
import { commandFor, listCommand } from './benchSymbol';
import { benchConditionalMix, type ConditionalMixResult } from './conditionalMix';
import { type Contender, type Depth, PeerContender, ShardexContender, type Tally } from './contenders';
import { envInt } from './env';
import { collectGarbage } from './heap';
import { type MarkUpdateCost, markUpdateCost } from './markUpdateCost';
import { median } from './median';
import {
  clientOrderId,
  generateWorkload,
  mulberry32,
  type Op,
  type ShapeName,
  type Workload,
} from './workload';

const OPS = envInt('BENCH_OPS', 1_000_000);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const SEED = envInt('BENCH_SEED', 20_240_601);
const MEMORY_ORDERS = envInt('BENCH_MEMORY_ORDERS', 1_000_000);
const ALGO_ORDERS = envInt('BENCH_ALGO_ORDERS', 100_000);
const SHAPE_NAMES = (process.env.BENCH_SHAPES ?? 'narrow,wide')
  .split(',')
  .filter((name): name is ShapeName => name === 'narrow' || name === 'wide');

const gc = (globalThis as { gc?: () => void }).gc;

interface ShapeResult {
  readonly shape: ShapeName;
  readonly shardexOps: number;
  readonly peerOps: number;
  readonly ratio: number;
  readonly latency: Percentiles;
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

function main(): void {
  const cpus = os.cpus();
  line(
    `shardex engine benchmark · node ${process.version} · ${cpus[0]?.model.trim() ?? '?'} × ${cpus.length} · ` +
      `gc ${gc ? 'exposed' : 'NOT exposed (run with --expose-gc)'}`,
  );
  line(`load average ${load()} on ${cpus.length} CPUs (other processes compete for them if this is above 0)`);
  line(
    `workload: seed ${SEED}, ${fmt(OPS)} ops per shape (70% limit, ~1 in 6 crossing / 20% cancel / 10% market), ` +
      `${ROUNDS} timed rounds per contender, alternating`,
  );
  const results: ShapeResult[] = [];
  for (const shape of SHAPE_NAMES) results.push(benchShape(shape));
  const memory = MEMORY_ORDERS > 0 ? benchMemory() : undefined;
  const conditional = ALGO_ORDERS > 0 ? benchConditional() : undefined;
  summary(results, memory, conditional);
}

interface ConditionalResult {
  readonly mix: ConditionalMixResult;
  readonly mark: MarkUpdateCost;
}

function benchConditional(): ConditionalResult {
  line();
  const workload = generateWorkload('narrow', { seed: SEED, opCount: OPS });
  const mix = benchConditionalMix(workload, ALGO_ORDERS, ROUNDS);
  line(
    `[conditional mix] the narrow stream + 1 conditional command per 9 (${fmt(mix.conditionalCommands)}: places` +
      ` near the price and cancels), over ${fmt(ALGO_ORDERS)} untriggered far away; ${fmt(mix.triggered)} triggered,` +
      ` ${fmt(mix.untriggeredAtEnd)} waiting at the end`,
  );
  line(
    `  median commands/s: plain ${fmt(Math.round(mix.plainOps))}, conditional mix ${fmt(Math.round(mix.mixOps))}` +
      ` → ratio ${mix.ratio.toFixed(2)}`,
  );
  const mark = markUpdateCost(ALGO_ORDERS, 20_000, 7);
  line(
    `[index price that triggers nothing] ${fmt(Math.round(mark.peerNs))} ns with none waiting, ` +
      `${fmt(Math.round(mark.loadedNs))} ns with ${fmt(ALGO_ORDERS)} waiting → ratio ${mark.ratio.toFixed(2)}`,
  );
  return { mix, mark };
}

function benchShape(shapeName: ShapeName): ShapeResult {
  line();
  const generated = performance.now();
  const workload = generateWorkload(shapeName, { seed: SEED, opCount: OPS });
  const seconds = (performance.now() - generated) / 1000;
  const s = workload.stats;
  line(`[${shapeName}] ${workload.shape.description} (generated in ${seconds.toFixed(1)} s, not timed)`);
  line(
    `  ops: limit ${fmt(s.limits)} (crossing ${fmt(s.crossingLimits)} = ${pct(s.crossingLimits / s.limits)}` +
      ` of limits) · cancel ${fmt(s.cancels)} · market ${fmt(s.markets)} · trades ${fmt(s.trades)}`,
  );
  line(
    `  book: ${fmt(s.restingAtStart)} resting at start (min ${fmt(s.restingMin)}, max ${fmt(s.restingMax)},` +
      ` end ${fmt(s.restingAtEnd)}); ${s.levelsPerSide.toFixed(1)} levels a side, ` +
      `${fmt(Math.round(s.ordersPerLevel))} orders per level, spread ${s.bestSpreadTicks.toFixed(1)} ticks`,
  );

  const shardex = new ShardexContender(workload);
  const peer = new PeerContender(workload);
  const contenders: Contender[] = [shardex, peer];
  const n = workload.ops.length;

  // Warm-up, and the proof that both do the same work: one full counted pass each (not timed).
  const tallies: Tally[] = [];
  const depths: string[] = [];
  for (const contender of contenders) {
    contender.reset();
    tallies.push(contender.runCounted(0, n));
    depths.push(JSON.stringify(contender.depth()));
    line(`  warm-up/check ${contender.name.padEnd(18)} ${describeEnd(contender.depth(), tallies.at(-1)!)}`);
    contender.release();
  }
  checkSameWork(workload, tallies, depths);

  const opsPerSecond: number[][] = contenders.map(() => []);
  const opsPerCpuSecond: number[][] = contenders.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    const parts: string[] = [];
    contenders.forEach((contender, c) => {
      contender.reset();
      collectGarbage();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      contender.run(0, n);
      const elapsed = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      if (JSON.stringify(contender.depth()) !== depths[0]) {
        throw new Error(`${contender.name} ended round ${round} with a different book`);
      }
      contender.release();
      opsPerSecond[c]!.push((n / elapsed) * 1000);
      const cpuOps = Math.round((n / (cpu.user + cpu.system)) * 1e6);
      opsPerCpuSecond[c]!.push(cpuOps);
      parts.push(
        `${contender.name} ${fmt(Math.round((n / elapsed) * 1000)).padStart(10)} ops/s (cpu ${fmt(cpuOps)})`,
      );
    });
    line(`  round ${round}: ${parts.join('   ')}   load ${load()}`);
  }
  const shardexOps = median(opsPerSecond[0]!);
  const peerOps = median(opsPerSecond[1]!);
  line(
    `  median: shardex ${fmt(Math.round(shardexOps))} ops/s, nodejs-order-book ${fmt(Math.round(peerOps))}` +
      ` ops/s → ratio ${(shardexOps / peerOps).toFixed(1)}`,
  );
  // Each round's two runs are seconds apart, so their ratio shows how far the machine's moment moves the figure.
  const roundRatios = opsPerSecond[0]!.map((ops, round) => (ops / opsPerSecond[1]![round]!).toFixed(1));
  line(`  each round's ratio: ${roundRatios.join(', ')}`);
  const shardexCpu = median(opsPerCpuSecond[0]!);
  const peerCpu = median(opsPerCpuSecond[1]!);
  line(
    `  by process CPU time instead (robust to other processes; includes GC threads): shardex ` +
      `${fmt(Math.round(shardexCpu))}, nodejs-order-book ${fmt(Math.round(peerCpu))} → ratio ` +
      `${(shardexCpu / peerCpu).toFixed(1)}`,
  );

  decodedPass(shardex, n, shardexOps);
  const latency = latencyPass(shardex, workload);
  return { shape: shapeName, shardexOps, peerOps, ratio: shardexOps / peerOps, latency };
}

/**
 * For the record: shardex with every event also read as an EngineEvent object (`execute`, as the matcher reads
 * them today before encoding them), one round after the timed ones. Not part of the ratio: the peer's own
 * results are what its API returns, and so are shardex's records.
 */
function decodedPass(shardex: ShardexContender, n: number, recordsOps: number): void {
  const rounds: number[] = [];
  for (let round = 0; round < 2; round++) {
    shardex.reset();
    collectGarbage();
    const start = performance.now();
    shardex.runDecoded(0, n);
    rounds.push((n / (performance.now() - start)) * 1000);
    shardex.release();
  }
  const ops = Math.max(...rounds);
  line(
    `  with every event decoded into an object (execute, as the matcher reads them): ${fmt(Math.round(ops))}` +
      ` ops/s, best of 2 (${((ops / recordsOps) * 100).toFixed(0)}% of the median above)`,
  );
}

/**
 * Latency against the number of makers an operation traded with: where the tail comes from. Each maker met
 * costs about the same, so an operation that sweeps many of them is slow however fast the fixed part is.
 */
function latencyBySweep(nanos: Float64Array, trades: Uint32Array): void {
  const groups: [string, (count: number) => boolean][] = [
    ['0', (c) => c === 0],
    ['1', (c) => c === 1],
    ['2–3', (c) => c >= 2 && c <= 3],
    ['4–7', (c) => c >= 4 && c <= 7],
    ['8–15', (c) => c >= 8 && c <= 15],
    ['16+', (c) => c >= 16],
  ];
  const parts = groups.map(([label, holds]) => {
    const of = nanos.filter((_, i) => holds(trades[i]!));
    const share = ((100 * of.length) / nanos.length).toFixed(of.length * 1000 < nanos.length ? 2 : 1);
    return `${label}: ${share}% p50 ${us(percentiles(of).p50)}`;
  });
  line(`    by trades made  ${parts.join(' · ')}`);
}

function describeEnd(depth: Depth, tally: Tally): string {
  const levels = depth.bids.length + depth.asks.length;
  const top = (side: readonly (readonly [number, number])[]) =>
    side
      .slice(0, 3)
      .map(([p, q]) => `${q}@${p}`)
      .join(' ');
  return (
    `trades ${fmt(tally.trades)}, lots ${fmt(tally.tradedLots)}, canceled ${fmt(tally.canceled)}` +
    ` (missed ${tally.cancelMisses}); ${levels} levels; bids ${top(depth.bids)} | asks ${top(depth.asks)}`
  );
}

/** Both books must end identical (every level, every quantity) after the same trades, or the race is unfair. */
function checkSameWork(workload: Workload, tallies: Tally[], depths: string[]): void {
  const [a, b] = tallies as [Tally, Tally];
  const same =
    depths[0] === depths[1] &&
    a.trades === b.trades &&
    a.tradedLots === b.tradedLots &&
    a.canceled === b.canceled &&
    a.cancelMisses === b.cancelMisses &&
    a.trades === workload.stats.trades;
  if (!same) throw new Error('the two books did different work on the same stream: the comparison is unfair');
  line(
    `  same work: full depth identical (${depths[0]!.length.toLocaleString('en-US')} bytes of JSON), trades` +
      ` ${fmt(a.trades)} = ${fmt(b.trades)}, lots ${fmt(a.tradedLots)} = ${fmt(b.tradedLots)}, every cancel hit`,
  );
}

/** Per-operation latency of shardex, each op between two process.hrtime.bigint() reads, on a fresh book. */
function latencyPass(shardex: ShardexContender, workload: Workload): Percentiles {
  const n = workload.ops.length;
  const overhead = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    overhead[i] = Number(process.hrtime.bigint() - start);
  }
  const nanos = new Float64Array(n);
  const trades = new Uint32Array(n);
  shardex.reset();
  collectGarbage();
  shardex.runTimed(0, n, nanos, trades);
  shardex.release();
  const all = percentiles(nanos);
  const timer = percentiles(overhead);
  line(
    `  latency (shardex, own pass): p50 ${us(all.p50)}  p99 ${us(all.p99)}  p99.9 ${us(all.p999)}  max ` +
      `${us(all.max)}  (timer overhead, included: p50 ${us(timer.p50)}, p99 ${us(timer.p99)})`,
  );
  for (const kind of ['limit', 'cancel', 'market'] as const) {
    const of = nanos.filter((_, i) => workload.ops[i]!.kind === kind);
    const p = percentiles(of);
    line(`    ${kind.padEnd(6)}  p50 ${us(p.p50)}  p99 ${us(p.p99)}  p99.9 ${us(p.p999)}  max ${us(p.max)}`);
  }
  latencyBySweep(nanos, trades);
  return all;
}

interface MemoryResult {
  readonly shardexBytesPerOrder: number;
  readonly peerBytesPerOrder: number;
  readonly snapshotMs: number;
  readonly restoreMs: number;
  readonly snapshotBytes: number;
  readonly hashesEqual: boolean;
}

/**
 * Heap bytes per resting order at MEMORY_ORDERS resting orders. Counted: the JS heap (heapUsed) plus memory
 * outside it (external, which includes arrayBuffers): shardex keeps its orders in typed arrays, whose
 * backing stores live outside the JS heap. Measured after minus before a forced GC, with everything the book
 * holds (its client order id strings too) created after the first reading.
 */
function benchMemory(): MemoryResult {
  line();
  line(`[memory] ${fmt(MEMORY_ORDERS)} resting (non-crossing) orders, 1,000 levels a side, 10,000 accounts`);
  if (!gc) line('  WARNING: no --expose-gc, the figures below include uncollected garbage');

  let engine: MatchingEngine | undefined;
  const shardexBytes = measure(() => {
    engine = MatchingEngine.create('BENCHUSDT', { expectedOrders: MEMORY_ORDERS });
    engine.execute(listCommand());
    forEachRestingOrder((op, i) => engine!.execute(commandFor(op, i)));
    return engine;
  });
  const built = engine!;
  if (built.openOrderCount !== MEMORY_ORDERS) throw new Error('memory book: orders missing');
  line(`  shardex            ${bytesPerOrder(shardexBytes)}, expectedOrders ${fmt(MEMORY_ORDERS)}`);

  const snapshots: number[] = [];
  const restores: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  let restored: MatchingEngine | undefined;
  for (let i = 0; i < 3; i++) {
    restored = undefined;
    collectGarbage();
    let start = performance.now();
    bytes = built.encodedSnapshot();
    snapshots.push(performance.now() - start);
    start = performance.now();
    restored = MatchingEngine.restore(bytes);
    restores.push(performance.now() - start);
  }
  const hashesEqual = built.stateHash() === restored!.stateHash();
  line(
    `  snapshot (encodedSnapshot) ${ms(median(snapshots))}, restore (MatchingEngine.restore) ` +
      `${ms(median(restores))}, ${(bytes.length / 1e6).toFixed(1)} MB; runs ${snapshots.map(ms).join(' ')} / ` +
      `${restores.map(ms).join(' ')}; restored stateHash ${hashesEqual ? 'equals' : 'DIFFERS FROM'} the original`,
  );
  engine = undefined;
  restored = undefined;
  bytes = new Uint8Array();

  let book: OrderBook | undefined;
  const peerBytes = measure(() => {
    book = new OrderBook();
    forEachRestingOrder((op) =>
      book!.limit({
        side: op.side === 'BUY' ? Side.BUY : Side.SELL,
        id: op.clientOrderId,
        size: op.qty,
        price: op.price,
      }),
    );
    return book;
  });
  line(`  nodejs-order-book  ${bytesPerOrder(peerBytes)} (for context)`);
  let start = performance.now();
  const peerSnapshot = book!.snapshot();
  const peerSnapshotMs = performance.now() - start;
  start = performance.now();
  const peerRestored = new OrderBook({ snapshot: peerSnapshot });
  const peerRestoreMs = performance.now() - start;
  if (peerRestored.depth()[0].length === 0) throw new Error('peer restore lost its book');
  line(
    `  nodejs-order-book  snapshot() ${ms(peerSnapshotMs)}, new OrderBook({ snapshot }) ${ms(peerRestoreMs)}`,
  );
  book = undefined;

  return {
    shardexBytesPerOrder: shardexBytes.total / MEMORY_ORDERS,
    peerBytesPerOrder: peerBytes.total / MEMORY_ORDERS,
    snapshotMs: median(snapshots),
    restoreMs: median(restores),
    snapshotBytes: bytes.length,
    hashesEqual,
  };
}

/**
 * The memory book's orders, made one at a time (ids, client ids and all) so nothing the book keeps exists
 * before the "before" reading: 1..9 lots, bids 1..1,000 ticks under 100,000, asks as far above.
 */
function forEachRestingOrder(place: (op: Op, index: number) => void): void {
  const random = mulberry32(SEED);
  for (let i = 0; i < MEMORY_ORDERS; i++) {
    const buy = random() < 0.5;
    const offset = 1 + ((random() * 1000) | 0);
    place(
      {
        kind: 'limit',
        side: buy ? 'BUY' : 'SELL',
        price: buy ? 100_000 - offset : 100_000 + offset,
        qty: 1 + ((random() * 9) | 0),
        id: i + 1,
        accountId: 1 + ((random() * 10_000) | 0),
        clientOrderId: clientOrderId(random),
      },
      i,
    );
  }
}

interface Held {
  readonly heap: number;
  readonly external: number;
  readonly total: number;
}

/** Bytes held by what build() returns: (heapUsed + external) after minus before, around forced GCs. */
function measure(build: () => unknown): Held {
  const before = heldBytes();
  const kept = build();
  const after = heldBytes();
  if (kept === undefined) throw new Error('nothing built');
  const heap = after.heap - before.heap;
  const external = after.external - before.external;
  return { heap, external, total: heap + external };
}

function heldBytes(): Held {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external, total: m.heapUsed + m.external };
}

function summary(
  results: ShapeResult[],
  memory: MemoryResult | undefined,
  conditional: ConditionalResult | undefined,
): void {
  const of = (shape: ShapeName) => results.find((r) => r.shape === shape);
  const narrow = of('narrow');
  const wide = of('wide');
  const cell = (r: ShapeResult | undefined, f: (r: ShapeResult) => string) => (r ? f(r) : '-').padStart(14);
  line();
  line('summary                              narrow           wide   target');
  const row = (label: string, f: (r: ShapeResult) => string, target = '') =>
    line(`  ${label.padEnd(30)} ${cell(narrow, f)} ${cell(wide, f)}   ${target}`);
  row('shardex ops/s (median)', (r) => fmt(Math.round(r.shardexOps)), '≥ 1,000,000 (narrow)');
  row('nodejs-order-book ops/s', (r) => fmt(Math.round(r.peerOps)));
  row('ratio', (r) => `${r.ratio.toFixed(1)}×`, '≥ 50 narrow, ≥ 10 wide');
  row('shardex latency p50', (r) => us(r.latency.p50));
  row('shardex latency p99', (r) => us(r.latency.p99), '≤ 5 µs');
  row('shardex latency p99.9', (r) => us(r.latency.p999));
  if (memory) {
    line(
      `  ${'heap bytes / resting order'.padEnd(30)} ${`shardex ${memory.shardexBytesPerOrder.toFixed(0)}`.padStart(14)}` +
        ` ${`peer ${memory.peerBytesPerOrder.toFixed(0)}`.padStart(14)}   ≤ 250 (shardex)`,
    );
    line(
      `  ${`snapshot / restore @ ${fmt(MEMORY_ORDERS)}`.padEnd(30)} ${ms(memory.snapshotMs).padStart(14)}` +
        ` ${ms(memory.restoreMs).padStart(14)}   hash ${memory.hashesEqual ? 'equal' : 'DIFFERENT'}`,
    );
  }
  if (conditional) {
    line(
      `  ${'conditional mix / plain mix'.padEnd(30)} ${`${conditional.mix.ratio.toFixed(2)}×`.padStart(14)}` +
        ` ${fmt(Math.round(conditional.mix.mixOps)).padStart(14)}   ≥ 0.5 (commands/s)`,
    );
    line(
      `  ${`index price, ${fmt(ALGO_ORDERS)} waiting / 0`.padEnd(30)} ${`${conditional.mark.ratio.toFixed(2)}×`.padStart(14)}` +
        ` ${`${fmt(Math.round(conditional.mark.loadedNs))} ns`.padStart(14)}   ≤ 1.5`,
    );
  }
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const checks: string[] = [];
  if (narrow) {
    checks.push(`narrow ratio ${verdict(narrow.ratio >= 50)}`);
    checks.push(`1M ops/s ${verdict(narrow.shardexOps >= 1_000_000)}`);
  }
  if (wide) checks.push(`wide ratio ${verdict(wide.ratio >= 10)}`);
  if (results.length > 0) checks.push(`p99 ${verdict(results.every((r) => r.latency.p99 <= 5000))}`);
  if (memory) checks.push(`memory ${verdict(memory.shardexBytesPerOrder <= 250)}`);
  if (conditional) {
    checks.push(`conditional mix ${verdict(conditional.mix.ratio >= 0.5)}`);
    checks.push(`index price with waiting orders ${verdict(conditional.mark.ratio <= 1.5)}`);
  }
  line(`  targets: ${checks.join(', ')}`);
  line();
  line(
    `bench ratio narrow=${narrow ? narrow.ratio.toFixed(1) : 'n/a'} wide=${wide ? wide.ratio.toFixed(1) : 'n/a'}`,
  );
}

function percentiles(values: Float64Array): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] ?? 0 };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function us(nanos: number): string {
  return `${(nanos / 1000).toFixed(2)} µs`;
}

function ms(millis: number): string {
  return `${millis.toFixed(0)} ms`;
}

function bytesPerOrder(held: Held): string {
  const per = (bytes: number) => (bytes / MEMORY_ORDERS).toFixed(1);
  return (
    `${per(held.total)} bytes per resting order (JS heap ${per(held.heap)} + outside the heap ` +
    `${per(held.external)})`
  );
}

/** The 1-minute load average: wall-clock numbers are only comparable between runs on a quiet machine. */
function load(): string {
  return os.loadavg()[0]!.toFixed(2);
}

function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

main();
