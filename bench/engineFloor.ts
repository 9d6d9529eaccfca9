/**
 * `npm run bench:floor`: how much of the engine's time per operation is the order book's own mechanics?
 *
 * The "floor" drives core/book's OrderBook directly with the engine benchmark's workload: the id index, the
 * client-order-id uniqueness check, price-time matching, the queues and the accounts' lists, and nothing else (no
 * commands, admission filters, events, positions or fees). No engine built on this book can be faster than it, so
 * the gap between the two is what the engine's own work costs and the most any change above the book can win.
 * Both are timed per operation with the same timer, by kind: a limit order that rests without trading, one that
 * trades, a cancel, a market order. Both must end with the same book.
 *
 * Environment: SHAPES (default "narrow,wide"), ROUNDS (default 3, each running both).
 */
import { OrderBook } from '../core/book/orderBook';
import { NO_SLOT } from '../core/book/orderStore';
import { ShardexContender } from './contenders';
import { envInt } from './env';
import { median } from './median';
import { generateWorkload, type Op, type ShapeName, type Workload } from './workload';

const KINDS = ['rest', 'cross', 'cancel', 'market'] as const;
type Kind = (typeof KINDS)[number];

const gc = (globalThis as { gc?: () => void }).gc;
const now = process.hrtime.bigint;

/** Runs the workload on the bare book; writes each operation's nanoseconds and kind. Returns the book. */
function runFloor(workload: Workload, nanos: Float64Array, kinds: Kind[]): OrderBook {
  const book = new OrderBook(65_536);
  for (const op of workload.book) book.add(restingOrder(op, op.qty));
  gc?.();
  workload.ops.forEach((op, i) => {
    const start = now();
    let kind: Kind = op.kind === 'limit' ? 'rest' : op.kind;
    if (op.kind === 'cancel') {
      book.remove(book.slotOf(op.id));
    } else {
      if (book.mayHold(op.id) || book.slotOfClientOrderId(op.accountId, op.clientOrderId) !== NO_SLOT) {
        throw new Error(`floor: order ${op.id} is already on the book`);
      }
      const remaining = take(book, op);
      if (op.kind === 'limit' && remaining < op.qty) kind = 'cross';
      if (op.kind === 'limit' && remaining > 0) book.add(restingOrder(op, remaining));
    }
    nanos[i] = Number(now() - start);
    kinds[i] = kind;
  });
  return book;
}

/** Price-time matching against the opposite side; returns what is left of the order. */
function take(book: OrderBook, op: Op): number {
  const opposite = book.ladder(op.side === 'BUY' ? 'SELL' : 'BUY');
  let remaining = op.qty;
  while (remaining > 0) {
    const level = opposite.best();
    if (level === undefined) break;
    if (op.kind === 'limit' && (op.side === 'BUY' ? level.price > op.price : level.price < op.price)) break;
    const lots = Math.min(book.orders.remainingOf(level.head), remaining);
    remaining -= lots;
    book.fill(level.head, lots);
  }
  return remaining;
}

function restingOrder(op: Op, remaining: number) {
  return {
    orderId: op.id,
    accountId: op.accountId,
    clientOrderId: op.clientOrderId,
    side: op.side,
    price: op.price,
    remaining,
    filled: 0,
    reduceOnly: false,
    postOnly: false,
    selfTradePreventionMode: 'NONE' as const,
  };
}

function runEngine(engine: ShardexContender, nanos: Float64Array): void {
  engine.reset();
  gc?.();
  const commands = engine.commands;
  const current = engine.current;
  for (let i = 0; i < commands.length; i++) {
    const start = now();
    current.execute(commands[i]!);
    nanos[i] = Number(now() - start);
  }
}

function meanByKind(nanos: Float64Array, kinds: readonly Kind[]): Record<Kind, number> {
  const sums = { rest: 0, cross: 0, cancel: 0, market: 0 };
  const counts = { rest: 0, cross: 0, cancel: 0, market: 0 };
  nanos.forEach((ns, i) => {
    sums[kinds[i]!] += ns;
    counts[kinds[i]!]++;
  });
  return Object.fromEntries(KINDS.map((k) => [k, sums[k] / counts[k]])) as Record<Kind, number>;
}

function main(): void {
  const shapes = (process.env.SHAPES ?? 'narrow,wide').split(',') as ShapeName[];
  const rounds = envInt('ROUNDS', 3);
  for (const shape of shapes) {
    const workload = generateWorkload(shape);
    const n = workload.ops.length;
    const engine = new ShardexContender(workload);
    const kinds: Kind[] = new Array(n);
    const nanos = new Float64Array(n);
    const floorMeans: Record<Kind, number>[] = [];
    const engineMeans: Record<Kind, number>[] = [];
    const floorTotals: number[] = [];
    const engineTotals: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const book = runFloor(workload, nanos, kinds);
      floorMeans.push(meanByKind(nanos, kinds));
      floorTotals.push(nanos.reduce((a, b) => a + b, 0));
      runEngine(engine, nanos);
      engineMeans.push(meanByKind(nanos, kinds));
      engineTotals.push(nanos.reduce((a, b) => a + b, 0));
      const same = (['BUY', 'SELL'] as const).every(
        (side) => JSON.stringify(book.depth(side)) === JSON.stringify(engine.current.depth(side)),
      );
      if (!same) throw new Error(`${shape}: the floor and the engine ended with different books`);
      engine.release();
    }
    const share = (k: Kind) => kinds.filter((x) => x === k).length / n;
    console.log(
      `[${shape}] ${n.toLocaleString('en-US')} ops, medians of ${rounds} rounds (ns per op, timer included)`,
    );
    for (const k of KINDS) {
      const floor = median(floorMeans.map((m) => m[k]));
      const full = median(engineMeans.map((m) => m[k]));
      console.log(
        `  ${k.padEnd(7)} ${(share(k) * 100).toFixed(1).padStart(5)}% of ops  book ${floor.toFixed(0).padStart(5)}` +
          `  engine ${full.toFixed(0).padStart(5)}  engine's own work ${(full - floor).toFixed(0).padStart(5)}`,
      );
    }
    const floorOps = n / (median(floorTotals) / 1e9);
    const engineOps = n / (median(engineTotals) / 1e9);
    console.log(
      `  all: book ${Math.round(floorOps).toLocaleString('en-US')} ops/s, engine ` +
        `${Math.round(engineOps).toLocaleString('en-US')} ops/s: the book's mechanics are ` +
        `${((engineOps / floorOps) * 100).toFixed(0)}% of the engine's time`,
    );
  }
}

main();
