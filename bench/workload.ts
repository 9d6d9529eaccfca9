import { MatchingEngine } from '../core/engine/matchingEngine';
import type { Side } from '../core/orders/order';
import { commandFor, listCommand } from './benchSymbol';

/**
 * The benchmark's operation stream: seeded, deterministic, generated entirely before anything is timed.
 *
 * How it is made. Cancels must name orders that are resting *at that moment*, and "one in six limit orders
 * crosses" needs the current best prices, so the generator needs to know the book as the stream unfolds. It
 * does not guess: it drives a reference book (a private shardex MatchingEngine) with every operation it
 * generates and reads back the events (rested, filled, canceled) to keep the set of resting ids, the best
 * prices and the book size. The recorded stream is then replayed, identically, to both contenders on fresh
 * books. Using shardex as the reference is safe because both contenders implement the same price-time
 * priority for GTC limit, market and cancel: if they did not, the benchmark's end-of-run check (full depth,
 * trade count and traded volume compared between the two) would fail loudly. A hand-written model would have
 * been a third order book to trust.
 *
 * Shape of the stream:
 * - Every stream starts from the same steady book: the generator fills a book to `restingTarget` orders, runs
 *   the mix for `burnInOps` operations (not recorded), and hands the resting orders over as `book`: limit
 *   orders in book priority, which both contenders load (untimed) into a fresh book, so both start from the
 *   exact same queues.
 * - Then `opCount` operations: 70% limit, 20% cancel, 10% market. A limit crosses with probability 1/6: it is
 *   priced at the best opposite price or a few ticks through it (a marketable limit; any remainder rests, GTC).
 *   Otherwise it is passive around a fixed centre price, never crossing (clamped one tick off the best
 *   opposite price if the book has moved there).
 * - Cancels pick a uniformly random resting order: they land anywhere in the queues, not only at the front.
 * - The book stays at a steady size: each op adds about 0.58 resting orders (passive limits) and cancels take
 *   0.2, so the takers (crossing limits and markets) must consume the rest. Their size is scaled by a
 *   proportional controller on the current book size, so the book holds `restingTarget` within a few percent
 *   instead of growing or emptying.
 */

export type ShapeName = 'narrow' | 'wide';
export type OpKind = 'limit' | 'cancel' | 'market';

export interface Op {
  readonly kind: OpKind;
  readonly side: Side;
  /** Limit price in integer ticks (0 for market orders; the target's price for cancels). */
  readonly price: number;
  /** Quantity in integer lots (0 for cancels). */
  readonly qty: number;
  /** The new order's id, or for a cancel the id of the resting order it targets. */
  readonly id: number;
  readonly accountId: number;
  /** The order's Binance-style client order id ('x-' + 20 characters); for a cancel, the target's. */
  readonly clientOrderId: string;
}

export interface ShapeConfig {
  readonly name: ShapeName;
  readonly description: string;
  /** Price around which passive orders are placed, in ticks (100,000 ticks = 10,000.0 USDT). */
  readonly center: number;
  /** Book size the generator holds the stream at. */
  readonly restingTarget: number;
  /** A passive order goes 1..nearLevels ticks from the centre with probability nearShare, else 1..farLevels. */
  readonly nearLevels: number;
  readonly nearShare: number;
  readonly farLevels: number;
  /** A crossing limit is priced 0..crossTicks ticks through the best opposite price. */
  readonly crossTicks: number;
}

export const SHAPES: Record<ShapeName, ShapeConfig> = {
  narrow: {
    name: 'narrow',
    description: '5 price levels a side, ~3,000 orders per level',
    center: 100_000,
    restingTarget: 30_000,
    nearLevels: 5,
    nearShare: 1,
    farLevels: 5,
    crossTicks: 1,
  },
  wide: {
    name: 'wide',
    description: 'passive orders over 2,500 ticks a side (70% within 20 ticks of the centre)',
    center: 100_000,
    restingTarget: 30_000,
    nearLevels: 20,
    nearShare: 0.7,
    farLevels: 2_500,
    crossTicks: 3,
  },
};

export interface WorkloadOptions {
  readonly seed?: number;
  readonly opCount?: number;
  readonly burnInOps?: number;
  readonly accounts?: number;
}

export interface WorkloadStats {
  readonly limits: number;
  readonly crossingLimits: number;
  readonly cancels: number;
  readonly markets: number;
  /** Trades (maker fills) the stream causes. */
  readonly trades: number;
  readonly restingAtStart: number;
  readonly restingMin: number;
  readonly restingMax: number;
  readonly restingAtEnd: number;
  /** Averages over samples taken every 1,000 ops. */
  readonly levelsPerSide: number;
  readonly ordersPerLevel: number;
  readonly bestSpreadTicks: number;
}

export interface Workload {
  readonly shape: ShapeConfig;
  readonly seed: number;
  /** The starting book: non-crossing limit orders in book priority (bids best→worst, then asks). */
  readonly book: readonly Op[];
  readonly ops: readonly Op[];
  readonly stats: WorkloadStats;
}

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; the same seed always yields the same stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_CODES: number[] = Array.from(ID_ALPHABET, (c) => c.charCodeAt(0));
const idScratch: number[] = [120, 45, ...new Array<number>(20).fill(0)]; // 'x-' + 20

/**
 * A Binance-style client order id, 'x-' + 20 alphanumerics, as one flat string (String.fromCharCode builds
 * it in one piece; concatenation would leave a rope the engines then flatten, distorting memory figures).
 */
export function clientOrderId(random: () => number): string {
  for (let i = 2; i < 22; i++) idScratch[i] = ID_CODES[(random() * ID_CODES.length) | 0]!;
  return String.fromCharCode(...idScratch);
}

/** Exponentially distributed lot sizes (many small orders, a few large), at least 1 lot. */
function lots(random: () => number, mean: number): number {
  return 1 + Math.min(10_000, Math.floor(-Math.log(1 - random()) * mean));
}

const MAKER_MEAN = 4.5;
const TAKER_MEAN = 11;
const CONTROLLER_GAIN = 3;

/** Resting order ids with O(1) add, remove and uniform random pick. */
class RestingSet {
  private readonly ids: number[] = [];
  private readonly position = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  add(id: number): void {
    this.position.set(id, this.ids.length);
    this.ids.push(id);
  }

  remove(id: number): void {
    const i = this.position.get(id);
    if (i === undefined) throw new Error(`workload: order ${id} is not resting`);
    const last = this.ids.pop()!;
    if (last !== id) {
      this.ids[i] = last;
      this.position.set(last, i);
    }
    this.position.delete(id);
  }

  pick(random: () => number): number {
    return this.ids[(random() * this.ids.length) | 0]!;
  }
}

export function generateWorkload(shapeName: ShapeName, options: WorkloadOptions = {}): Workload {
  const shape = SHAPES[shapeName];
  const seed = options.seed ?? 20_240_601;
  const opCount = options.opCount ?? 1_000_000;
  const burnInOps = options.burnInOps ?? 500_000;
  const accounts = options.accounts ?? 1_000;
  const random = mulberry32(seed ^ (shapeName === 'narrow' ? 0x6e61 : 0x7769));

  const oracle = MatchingEngine.create('BENCHUSDT', { expectedOrders: shape.restingTarget * 2 });
  oracle.execute(listCommand());
  const resting = new RestingSet();
  /** The limit op that placed each resting order: what a cancel of it names. */
  const placedBy = new Map<number, Op>();
  let nextId = 1;
  let commandIndex = 0;
  let recording = false;
  const ops: Op[] = [];
  let trades = 0;
  let crossingLimits = 0;

  /** Runs one op through the reference book and keeps the resting set in step with its events. */
  const apply = (op: Op): number => {
    let fills = 0;
    let rested = false;
    for (const event of oracle.execute(commandFor(op, commandIndex++))) {
      switch (event.type) {
        case 'OrderRested':
          resting.add(event.orderId);
          rested = true;
          break;
        case 'Trade':
          fills++;
          if (event.maker.remaining === 0) forget(event.maker.orderId);
          break;
        case 'OrderCanceled':
          forget(event.orderId);
          break;
        case 'OrderRejected':
        case 'CommandRejected':
          throw new Error(`workload: the reference book rejected ${op.kind} ${op.id}: ${event.reason}`);
        case 'OrderExpired':
          if (event.levelQuantity !== null) throw new Error(`workload: maker ${event.orderId} expired`);
          break;
        default:
          break;
      }
    }
    if (op.kind === 'limit' && !rested) placedBy.delete(op.id);
    if (recording) {
      ops.push(op);
      trades += fills;
      if (op.kind === 'limit' && fills > 0) crossingLimits++;
    }
    return fills;
  };
  const forget = (id: number) => {
    resting.remove(id);
    placedBy.delete(id);
  };

  const newOrder = (kind: 'limit' | 'market', side: Side, price: number, qty: number): Op => {
    const id = nextId++;
    const accountId = 1 + ((random() * accounts) | 0);
    const op: Op = { kind, side, price, qty, id, accountId, clientOrderId: clientOrderId(random) };
    if (kind === 'limit') placedBy.set(id, op);
    return op;
  };

  const passive = (side: Side): Op => {
    const offset =
      random() < shape.nearShare
        ? 1 + ((random() * shape.nearLevels) | 0)
        : 1 + ((random() * shape.farLevels) | 0);
    let price: number;
    if (side === 'BUY') {
      price = shape.center - offset;
      const bestAsk = oracle.bestPrice('SELL');
      if (bestAsk !== undefined && price >= bestAsk) price = bestAsk - 1;
    } else {
      price = shape.center + offset;
      const bestBid = oracle.bestPrice('BUY');
      if (bestBid !== undefined && price <= bestBid) price = bestBid + 1;
    }
    return newOrder('limit', side, price, lots(random, MAKER_MEAN));
  };

  /** Taker size: scaled up when the book is above target, down when below, so it holds its size. */
  const takerLots = (): number => {
    const error = (resting.size - shape.restingTarget) / shape.restingTarget;
    const scale = Math.min(5, Math.max(0.1, 1 + CONTROLLER_GAIN * error));
    return lots(random, TAKER_MEAN * scale);
  };

  const nextOp = (): Op => {
    const r = random();
    const side: Side = random() < 0.5 ? 'BUY' : 'SELL';
    if (r < 0.7) {
      const opposite = oracle.bestPrice(side === 'BUY' ? 'SELL' : 'BUY');
      if (random() < 1 / 6 && opposite !== undefined) {
        const through = (random() * (shape.crossTicks + 1)) | 0;
        const price = side === 'BUY' ? opposite + through : opposite - through;
        return newOrder('limit', side, price, takerLots());
      }
      return passive(side);
    }
    if (r < 0.9 && resting.size > 0) {
      const target = placedBy.get(resting.pick(random))!;
      return { ...target, kind: 'cancel', qty: 0 };
    }
    return newOrder('market', side, 0, takerLots());
  };

  // Fill, then burn in to the steady state; none of this is recorded.
  for (let i = 0; i < shape.restingTarget; i++) apply(passive(random() < 0.5 ? 'BUY' : 'SELL'));
  for (let i = 0; i < burnInOps; i++) apply(nextOp());

  const book = startingBook(oracle);
  const restingAtStart = oracle.openOrderCount;
  recording = true;
  let restingMin = restingAtStart;
  let restingMax = restingAtStart;
  let levelSum = 0;
  let orderSum = 0;
  let spreadSum = 0;
  let samples = 0;
  for (let i = 0; i < opCount; i++) {
    apply(nextOp());
    const size = oracle.openOrderCount;
    if (size < restingMin) restingMin = size;
    if (size > restingMax) restingMax = size;
    if (i % 1000 === 999) {
      const levels = oracle.depth('BUY').length + oracle.depth('SELL').length;
      levelSum += levels / 2;
      orderSum += size / levels;
      spreadSum += (oracle.bestPrice('SELL') ?? 0) - (oracle.bestPrice('BUY') ?? 0);
      samples++;
    }
  }

  const count = (kind: OpKind) => ops.reduce((n, op) => n + (op.kind === kind ? 1 : 0), 0);
  return {
    shape,
    seed,
    book,
    ops,
    stats: {
      limits: count('limit'),
      crossingLimits,
      cancels: count('cancel'),
      markets: count('market'),
      trades,
      restingAtStart,
      restingMin,
      restingMax,
      restingAtEnd: oracle.openOrderCount,
      levelsPerSide: levelSum / samples,
      ordersPerLevel: orderSum / samples,
      bestSpreadTicks: spreadSum / samples,
    },
  };
}

/** The reference book's resting orders as limit orders in book priority: loading them rebuilds its queues. */
function startingBook(oracle: MatchingEngine): Op[] {
  const book: Op[] = [];
  for (const side of ['BUY', 'SELL'] as const) {
    for (const [price] of oracle.depth(side)) {
      for (const order of oracle.queueAt(side, price)) {
        book.push({
          kind: 'limit',
          side,
          price,
          qty: order.remaining,
          id: order.orderId,
          accountId: order.accountId,
          clientOrderId: order.clientOrderId,
        });
      }
    }
  }
  return book;
}
