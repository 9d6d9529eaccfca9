import { type LimitOrderOptions, type MarketOrderOptions, OrderBook, Side } from 'nodejs-order-book';
import type { EngineCommand } from '../core/engine/commands';
import { MatchingEngine } from '../core/engine/matchingEngine';
import { commandFor, listCommand } from './benchSymbol';
import type { Op, Workload } from './workload';

/** Aggregated book levels, best first: [price ticks, quantity lots]. */
export interface Depth {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
}

/** What a run did, counted the same way on both sides: the proof that both did the same work. */
export interface Tally {
  /** Maker fills (one per maker order met), i.e. trades. */
  trades: number;
  tradedLots: number;
  canceled: number;
  cancelMisses: number;
}

/**
 * One order book under test. Every contender gets the same workload and converts it once, up front, into the
 * exact arguments its API takes (so building inputs is never timed, for either); `run` then only calls the
 * book's own entry points in a tight loop.
 */
export interface Contender {
  readonly name: string;
  /** A fresh book loaded with the workload's starting orders. Not timed. */
  reset(): void;
  /** Applies ops [from, to) of the stream. This is what is timed. */
  run(from: number, to: number): void;
  /** Like run, but counts trades, volume and cancels from the results (slower; for the equivalence check). */
  runCounted(from: number, to: number): Tally;
  depth(): Depth;
  /** Drops the book, so its memory can be collected. */
  release(): void;
}

const SYMBOL = 'BENCHUSDT';

/**
 * shardex's MatchingEngine: one command per operation, its events returned as the engine writes them
 * (`executeRecorded`: every field of every event, as records in the engine's reused buffer). Reading them as
 * EngineEvent objects is a reader's extra step; `runDecoded` measures it (`execute`, which the matcher uses
 * today). Commands are pre-built (ids, realistic client order ids, a command id each), as they would arrive
 * from ingress. The engine is sized for the book the workload holds (`expectedOrders`).
 */
export class ShardexContender implements Contender {
  readonly name = 'shardex';
  private readonly seedCommands: EngineCommand[];
  readonly commands: EngineCommand[];
  private engine: MatchingEngine | undefined;

  constructor(
    workload: Workload,
    private readonly expectedOrders = 65_536,
  ) {
    this.seedCommands = workload.book.map((op, i) => commandFor(op, i));
    this.commands = workload.ops.map((op, i) => commandFor(op, workload.book.length + i));
  }

  get current(): MatchingEngine {
    if (this.engine === undefined) throw new Error('shardex: reset() first');
    return this.engine;
  }

  reset(): void {
    this.engine = undefined;
    const engine = MatchingEngine.create(SYMBOL, { expectedOrders: this.expectedOrders });
    engine.execute(listCommand());
    for (const command of this.seedCommands) engine.execute(command);
    this.engine = engine;
  }

  run(from: number, to: number): void {
    const engine = this.current;
    const commands = this.commands;
    for (let i = from; i < to; i++) engine.executeRecorded(commands[i]!);
  }

  /** Like run, with every event decoded into an EngineEvent object (`execute`). */
  runDecoded(from: number, to: number): void {
    const engine = this.current;
    const commands = this.commands;
    for (let i = from; i < to; i++) engine.execute(commands[i]!);
  }

  /**
   * The latency pass: each operation timed on its own with process.hrtime.bigint(), in nanoseconds, and (outside
   * the timed part) how many trades it made.
   */
  runTimed(from: number, to: number, nanos: Float64Array, trades: Uint32Array): void {
    const engine = this.current;
    const commands = this.commands;
    for (let i = from; i < to; i++) {
      const command = commands[i]!;
      const start = process.hrtime.bigint();
      const events = engine.executeRecorded(command);
      nanos[i - from] = Number(process.hrtime.bigint() - start);
      trades[i - from] = events.trades;
    }
  }

  runCounted(from: number, to: number): Tally {
    const engine = this.current;
    const tally: Tally = { trades: 0, tradedLots: 0, canceled: 0, cancelMisses: 0 };
    for (let i = from; i < to; i++) {
      for (const event of engine.execute(this.commands[i]!)) {
        if (event.type === 'Trade') {
          tally.trades++;
          tally.tradedLots += event.quantity;
        } else if (event.type === 'OrderCanceled') {
          tally.canceled++;
        } else if (event.type === 'CommandRejected') {
          tally.cancelMisses++;
        } else if (event.type === 'OrderRejected') {
          throw new Error(`shardex rejected order ${event.order.orderId}: ${event.reason}`);
        }
      }
    }
    return tally;
  }

  depth(): Depth {
    return { bids: this.current.depth('BUY'), asks: this.current.depth('SELL') };
  }

  release(): void {
    this.engine = undefined;
  }
}

const LIMIT = 0;
const CANCEL = 1;
const MARKET = 2;

/**
 * The npm library nodejs-order-book (v10), used as its README shows: `new OrderBook()` (journaling is off by
 * default), `limit({ side, id, size, price })` with the default GTC, `market({ side, size })`, `cancel(id)`.
 * Its ids are strings: each order's is the same Binance-style client order id shardex stores, so both books
 * hold the same string per order. Prices and sizes are the same integer ticks and lots (exact in a double, so
 * no floating-point drift can make the two books disagree). No accountId is passed: the library uses it only
 * for self-trade prevention, which is off here (shardex: STP NONE).
 */
export class PeerContender implements Contender {
  readonly name = 'nodejs-order-book';
  private readonly seedOrders: LimitOrderOptions[];
  private readonly kinds: Uint8Array;
  /** Per op: limit options, market options, or the id to cancel. */
  private readonly args: (LimitOrderOptions | MarketOrderOptions | string)[];
  private book: OrderBook | undefined;

  constructor(workload: Workload) {
    this.seedOrders = workload.book.map(limitOptions);
    this.kinds = new Uint8Array(workload.ops.length);
    this.args = workload.ops.map((op, i) => {
      if (op.kind === 'limit') {
        this.kinds[i] = LIMIT;
        return limitOptions(op);
      }
      if (op.kind === 'cancel') {
        this.kinds[i] = CANCEL;
        return op.clientOrderId;
      }
      this.kinds[i] = MARKET;
      return { side: peerSide(op), size: op.qty };
    });
  }

  private get current(): OrderBook {
    if (this.book === undefined) throw new Error('nodejs-order-book: reset() first');
    return this.book;
  }

  reset(): void {
    this.book = undefined;
    const book = new OrderBook();
    for (const order of this.seedOrders) book.limit(order);
    this.book = book;
  }

  run(from: number, to: number): void {
    const book = this.current;
    const kinds = this.kinds;
    const args = this.args;
    for (let i = from; i < to; i++) {
      const kind = kinds[i];
      if (kind === LIMIT) book.limit(args[i] as LimitOrderOptions);
      else if (kind === CANCEL) book.cancel(args[i] as string);
      else book.market(args[i] as MarketOrderOptions);
    }
  }

  runCounted(from: number, to: number): Tally {
    const book = this.current;
    const tally: Tally = { trades: 0, tradedLots: 0, canceled: 0, cancelMisses: 0 };
    for (let i = from; i < to; i++) {
      const kind = this.kinds[i];
      if (kind === CANCEL) {
        if (book.cancel(this.args[i] as string) === undefined) tally.cancelMisses++;
        else tally.canceled++;
        continue;
      }
      const options = this.args[i] as MarketOrderOptions;
      const result = kind === LIMIT ? book.limit(options as LimitOrderOptions) : book.market(options);
      if (result.err !== null) throw new Error(`nodejs-order-book rejected op ${i}: ${result.err.message}`);
      // `done` lists the makers filled in full (and a limit taker itself once fully filled); `partial` is a
      // maker filled in part, or a limit taker's resting remainder.
      const takerId = kind === LIMIT ? (options as LimitOrderOptions).id : undefined;
      for (const order of result.done) if (order.id !== takerId) tally.trades++;
      if (result.partial !== null && result.partial.id !== takerId) tally.trades++;
      tally.tradedLots += options.size - result.quantityLeft;
    }
    return tally;
  }

  depth(): Depth {
    const [asks, bids] = this.current.depth();
    return { bids, asks };
  }

  release(): void {
    this.book = undefined;
  }
}

function peerSide(op: Op): Side {
  return op.side === 'BUY' ? Side.BUY : Side.SELL;
}

function limitOptions(op: Op): LimitOrderOptions {
  return { side: peerSide(op), id: op.clientOrderId, size: op.qty, price: op.price };
}
