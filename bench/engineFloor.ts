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
 * Two more runs of the floor say what handing over the events costs, once the largest single part of the
 * engine's own work: one makes the engine's event objects (the same types and fields, fees and positions as
 * plain numbers) for each operation, the way the engine did before its events became records; the other writes
 * the same fields into the engine's own EventRecords. The engine itself runs as the benchmark runs it, with its
 * events left as records (executeRecorded).
 *
 * Last, for scale: what the event store's encoding of the same events (eventsToJson, before its gzip) costs per
 * operation, against the engine's time per operation, on the first ENCODED operations (default 100,000).
 *
 * Environment: SHAPES (default "narrow,wide"), ROUNDS (default 3, each running all four; make it a multiple of
 * 3 so that each of the floor's runs comes first, second and third equally often).
 */
import { OrderBook } from '../core/book/orderBook';
import { NO_SLOT } from '../core/book/orderStore';
import type { EngineCommand, PlaceOrder } from '../core/engine/commands';
import { eventsToJson } from '../core/engine/eventCodec';
import { cancelReasonCode, EventRecords, expiryReasonCode, sideCode } from '../core/engine/eventRecords';
import type { EngineEvent } from '../core/engine/events';
import { ShardexContender } from './contenders';
import { envInt } from './env';
import { collectGarbage } from './heap';
import { median } from './median';
import { generateWorkload, type Op, type ShapeName, type Workload } from './workload';

const KINDS = ['rest', 'cross', 'cancel', 'market'] as const;
type Kind = (typeof KINDS)[number];

const now = process.hrtime.bigint;

/** How a floor run hands over each operation's events: not at all, as event objects, or as numbered records. */
type Delivery = 'none' | 'objects' | 'records';
const DELIVERIES: readonly Delivery[] = ['none', 'objects', 'records'];

/**
 * Runs the workload on the bare book; writes each operation's nanoseconds and kind. Returns the book. With a
 * delivery other than 'none', each operation also reads its command and hands over its events.
 */
function runFloor(
  workload: Workload,
  commands: readonly EngineCommand[],
  delivery: Delivery,
  nanos: Float64Array,
  kinds: Kind[],
): OrderBook {
  const book = new OrderBook(65_536);
  for (const op of workload.book) book.add(restingOrder(op, op.qty));
  const events =
    delivery === 'objects' ? new ObjectEvents() : delivery === 'records' ? new RecordEvents() : undefined;
  collectGarbage();
  workload.ops.forEach((op, i) => {
    const start = now();
    events?.begin(commands[i]!);
    let kind: Kind = op.kind === 'limit' ? 'rest' : op.kind;
    if (op.kind === 'cancel') {
      const slot = book.slotOf(op.id);
      events?.canceled(
        op,
        book.orders.remainingOf(slot),
        book.levelQuantityOf(slot) - book.orders.remainingOf(slot),
      );
      book.remove(slot);
    } else {
      if (book.mayHold(op.id) || book.slotOfClientOrderId(op.accountId, op.clientOrderId) !== NO_SLOT) {
        throw new Error(`floor: order ${op.id} is already on the book`);
      }
      events?.accepted();
      const remaining = take(book, op, events);
      if (op.kind === 'limit' && remaining < op.qty) kind = 'cross';
      if (op.kind === 'limit' && remaining > 0) {
        // The level's quantity as the book reports it after the add, as the engine's OrderRested takes it.
        const levelQuantity = book.add(restingOrder(op, remaining));
        events?.rested(op, remaining, levelQuantity);
      } else if (remaining > 0) {
        events?.expired(op, remaining);
      }
    }
    events?.end();
    nanos[i] = Number(now() - start);
    kinds[i] = kind;
  });
  if (delivery !== 'none' && handedOver === undefined) throw new Error('floor: no events were handed over');
  handedOver = undefined;
  return book;
}

/** Price-time matching against the opposite side; returns what is left of the order. */
function take(book: OrderBook, op: Op, events: EventDelivery | undefined): number {
  const opposite = book.ladder(op.side === 'BUY' ? 'SELL' : 'BUY');
  let remaining = op.qty;
  while (remaining > 0) {
    const level = opposite.best();
    if (level === undefined) break;
    if (op.kind === 'limit' && (op.side === 'BUY' ? level.price > op.price : level.price < op.price)) break;
    const lots = Math.min(book.orders.remainingOf(level.head), remaining);
    remaining -= lots;
    events?.traded(book, level.head, op, level.price, lots, remaining, level.quantity - lots);
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

/** The events of the operation in hand, handed over one way or another. */
interface EventDelivery {
  begin(command: EngineCommand): void;
  accepted(): void;
  rested(op: Op, quantity: number, levelQuantity: number): void;
  traded(
    book: OrderBook,
    makerSlot: number,
    op: Op,
    price: number,
    lots: number,
    takerRemaining: number,
    makerLevelQuantity: number,
  ): void;
  canceled(op: Op, quantity: number, levelQuantity: number): void;
  expired(op: Op, quantity: number): void;
  end(): void;
}

/** Where the last batch goes, so that no run's events can be optimised away. */
let handedOver: unknown;

/** The engine's event objects, made as the engine makes them: one array per operation, one object per event. */
class ObjectEvents implements EventDelivery {
  private command!: EngineCommand;
  private events: EngineEvent[] = [];
  private seq = 0;
  private tradeId = 0;

  begin(command: EngineCommand): void {
    this.command = command;
    this.events = [];
  }

  accepted(): void {
    const { commandId, time, order } = this.command as PlaceOrder;
    this.events.push({
      type: 'OrderAccepted',
      seq: ++this.seq,
      time,
      commandId,
      order,
      requestedQuantity: null,
    });
  }

  rested(op: Op, quantity: number, levelQuantity: number): void {
    const { commandId, time } = this.command;
    const { id: orderId, accountId, side, price } = op;
    this.events.push({
      type: 'OrderRested',
      seq: ++this.seq,
      time,
      commandId,
      orderId,
      accountId,
      side,
      price,
      quantity,
      levelQuantity,
    });
  }

  traded(
    book: OrderBook,
    makerSlot: number,
    op: Op,
    price: number,
    lots: number,
    takerRemaining: number,
    makerLevelQuantity: number,
  ): void {
    const { commandId, time } = this.command;
    const orders = book.orders;
    const notional = price * lots;
    this.events.push({
      type: 'Trade',
      seq: ++this.seq,
      time,
      commandId,
      tradeId: ++this.tradeId,
      price,
      quantity: lots,
      takerSide: op.side,
      maker: {
        orderId: orders.orderIdOf(makerSlot),
        accountId: orders.accountIdOf(makerSlot),
        remaining: orders.remainingOf(makerSlot) - lots,
        fee: notional,
        realizedPnl: 0,
        position: { size: -lots, entryNotional: notional, realizedPnl: 0 },
      },
      taker: {
        orderId: op.id,
        accountId: op.accountId,
        remaining: takerRemaining,
        fee: notional,
        realizedPnl: 0,
        position: { size: lots, entryNotional: notional, realizedPnl: 0 },
      },
      makerLevelQuantity,
    });
  }

  canceled(op: Op, quantity: number, levelQuantity: number): void {
    const { commandId, time } = this.command;
    const { id: orderId, accountId, side, price } = op;
    this.events.push({
      type: 'OrderCanceled',
      seq: ++this.seq,
      time,
      commandId,
      orderId,
      accountId,
      side,
      price,
      quantity,
      levelQuantity,
      reason: 'USER',
    });
  }

  expired(op: Op, quantity: number): void {
    const { commandId, time } = this.command;
    const { id: orderId, accountId, side, price } = op;
    this.events.push({
      type: 'OrderExpired',
      seq: ++this.seq,
      time,
      commandId,
      orderId,
      accountId,
      side,
      price,
      quantity,
      levelQuantity: null,
      reason: 'MARKET',
    });
  }

  end(): void {
    handedOver = this.events;
  }
}

/**
 * The engine's own EventRecords, written with the same fields: a reused buffer of numbers per operation; strings
 * stay in the command, which the batch keeps. Positions are objects, as the engine's come from afterFill.
 */
class RecordEvents implements EventDelivery {
  private readonly records = new EventRecords();
  private command!: EngineCommand;
  private seq = 1;
  private tradeId = 0;

  begin(command: EngineCommand): void {
    this.command = command;
    this.records.begin(command, this.seq, command.time);
  }

  accepted(): void {
    this.records.accepted((this.command as PlaceOrder).order.quantity, null);
  }

  rested(op: Op, quantity: number, levelQuantity: number): void {
    this.records.rested(op.id, op.accountId, sideCode(op.side), op.price, quantity, levelQuantity);
  }

  traded(
    book: OrderBook,
    makerSlot: number,
    op: Op,
    price: number,
    lots: number,
    takerRemaining: number,
    makerLevelQuantity: number,
  ): void {
    const orders = book.orders;
    const notional = price * lots;
    this.records.trade(
      ++this.tradeId,
      price,
      lots,
      sideCode(op.side),
      orders.orderIdOf(makerSlot),
      orders.accountIdOf(makerSlot),
      orders.remainingOf(makerSlot) - lots,
      notional,
      0,
      { size: -lots, entryNotional: notional, realizedPnl: 0 },
      op.id,
      op.accountId,
      takerRemaining,
      notional,
      0,
      { size: lots, entryNotional: notional, realizedPnl: 0 },
      makerLevelQuantity,
    );
  }

  canceled(op: Op, quantity: number, levelQuantity: number): void {
    const reason = cancelReasonCode('USER');
    this.records.canceled(op.id, op.accountId, sideCode(op.side), op.price, quantity, levelQuantity, reason);
  }

  expired(op: Op, quantity: number): void {
    const reason = expiryReasonCode('MARKET');
    this.records.expired(op.id, op.accountId, sideCode(op.side), op.price, quantity, -1, reason);
  }

  end(): void {
    this.seq += this.records.count;
    handedOver = this.records;
  }
}

function runEngine(engine: ShardexContender, nanos: Float64Array): void {
  engine.reset();
  collectGarbage();
  const commands = engine.commands;
  const current = engine.current;
  for (let i = 0; i < commands.length; i++) {
    const start = now();
    current.executeRecorded(commands[i]!);
    nanos[i] = Number(now() - start);
  }
}

/**
 * Nanoseconds per operation of eventsToJson on the events execute returned, first `count` ops. (Execute itself is
 * not timed here: keeping every batch for the encoding makes it slower than the engine's run.)
 */
function encodingPass(engine: ShardexContender, count: number): number {
  engine.reset();
  collectGarbage();
  const commands = engine.commands;
  const current = engine.current;
  const batches: EngineEvent[][] = new Array(count);
  for (let i = 0; i < count; i++) batches[i] = current.execute(commands[i]!);
  let characters = 0;
  const start = now();
  for (let i = 0; i < count; i++) characters += eventsToJson(batches[i]!).length;
  const encode = Number(now() - start) / count;
  engine.release();
  if (characters === 0) throw new Error('floor: nothing was encoded');
  return encode;
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
  const encoded = envInt('ENCODED', 100_000);
  for (const shape of shapes) {
    const workload = generateWorkload(shape);
    const n = workload.ops.length;
    const engine = new ShardexContender(workload);
    const kinds: Kind[] = new Array(n);
    const nanos = new Float64Array(n);
    const floorMeans = new Map<Delivery, Record<Kind, number>[]>(DELIVERIES.map((d) => [d, []]));
    const floorTotals = new Map<Delivery, number[]>(DELIVERIES.map((d) => [d, []]));
    const engineMeans: Record<Kind, number>[] = [];
    const engineTotals: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let book: OrderBook | undefined;
      // Each delivery runs first, second and third in turn: the run right after another one is the slowest.
      for (let d = 0; d < DELIVERIES.length; d++) {
        const delivery = DELIVERIES[(round + d) % DELIVERIES.length]!;
        book = runFloor(workload, engine.commands, delivery, nanos, kinds);
        floorMeans.get(delivery)!.push(meanByKind(nanos, kinds));
        floorTotals.get(delivery)!.push(nanos.reduce((a, b) => a + b, 0));
      }
      runEngine(engine, nanos);
      engineMeans.push(meanByKind(nanos, kinds));
      engineTotals.push(nanos.reduce((a, b) => a + b, 0));
      const same = (['BUY', 'SELL'] as const).every(
        (side) => JSON.stringify(book!.depth(side)) === JSON.stringify(engine.current.depth(side)),
      );
      if (!same) throw new Error(`${shape}: the floor and the engine ended with different books`);
      engine.release();
    }
    const share = (k: Kind) => kinds.filter((x) => x === k).length / n;
    const floor = (delivery: Delivery, k: Kind) => median(floorMeans.get(delivery)!.map((m) => m[k]));
    const ns = (value: number) => value.toFixed(0).padStart(5);
    console.log(
      `[${shape}] ${n.toLocaleString('en-US')} ops, medians of ${rounds} rounds (ns per op, timer included)`,
    );
    console.log("                         book  +event objects  +event records  engine  engine's own work");
    for (const k of KINDS) {
      const full = median(engineMeans.map((m) => m[k]));
      console.log(
        `  ${k.padEnd(7)} ${(share(k) * 100).toFixed(1).padStart(5)}%  ${ns(floor('none', k))}` +
          `  ${ns(floor('objects', k)).padStart(14)}  ${ns(floor('records', k)).padStart(14)}  ${ns(full).padStart(6)}` +
          `  ${ns(full - floor('none', k)).padStart(17)}`,
      );
    }
    const opsPerSecond = (totals: number[]) => n / (median(totals) / 1e9);
    const floorOps = opsPerSecond(floorTotals.get('none')!);
    const objectOps = opsPerSecond(floorTotals.get('objects')!);
    const recordOps = opsPerSecond(floorTotals.get('records')!);
    const engineOps = opsPerSecond(engineTotals);
    const perOp = (ops: number) => 1e9 / ops;
    const fmt = (ops: number) => Math.round(ops).toLocaleString('en-US');
    console.log(
      `  all: book ${fmt(floorOps)} ops/s, engine ${fmt(engineOps)} ops/s: the book's mechanics are ` +
        `${((engineOps / floorOps) * 100).toFixed(0)}% of the engine's time`,
    );
    console.log(
      `  handing over the events: as objects ${fmt(objectOps)} ops/s (+${ns(perOp(objectOps) - perOp(floorOps)).trim()} ns` +
        ` per op over the book), as records ${fmt(recordOps)} ops/s (+${ns(perOp(recordOps) - perOp(floorOps)).trim()} ns)`,
    );
    if (encoded > 0) {
      const encode = encodingPass(engine, Math.min(encoded, n));
      console.log(
        `  for scale: the event store's eventsToJson of the events of the first ${fmt(Math.min(encoded, n))} ops ` +
          `costs ${ns(encode).trim()} ns per op, ${(encode / perOp(engineOps)).toFixed(1)}× the engine's time ` +
          `(before its gzip)`,
      );
    }
  }
}

main();
