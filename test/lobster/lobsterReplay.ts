import type { RestingOrderFields } from '../../core/book/orderStore';
import type { EngineCommand } from '../../core/engine/commands';
import type { EngineEvent, Trade } from '../../core/engine/events';
import { MatchingEngine } from '../../core/engine/matchingEngine';
import { opposite, type Side } from '../../core/orders/order';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';
import {
  type BookRow,
  type Levels,
  type LobsterDay,
  type LobsterMessage,
  type LobsterPair,
  MessageType,
  readDay,
} from './lobsterFiles';

/**
 * Replays a LOBSTER day (NASDAQ TotalView-ITCH, rebuilt by LOBSTER) through shardex's matching engine and checks
 * the engine against what really happened:
 *
 * - 1 (new limit order) → a resting LIMIT GTC order with LOBSTER's order id. It must rest without trading: on
 *   NASDAQ a marketable order shows up as executions, and only its rest as a type 1.
 * - 3 (deletion) → CancelOrder; 2 (partial cancellation of s shares) → AmendOrder to (quantity − s) at the same
 *   price, which in shardex keeps time priority, exactly NASDAQ's partial cancel.
 * - 4 (visible execution: s shares of resting order X at price p) → an IOC order of s at p from a separate taker
 *   account. The engine must fill it with exactly one trade, against X, of s at p. That only happens if p is
 *   the best price and X is at the head of the level's queue (or, for several messages of one sweep, becomes
 *   the head once the ones before it filled): the price-time priority check against reality.
 * - 5 (hidden execution) and 7 (halt indicator) change no visible order: skipped and counted.
 * - After every message the engine's top N levels on both sides (price and aggregated size) must equal the
 *   orderbook file's row for that message.
 *
 * What the data cannot tell us. A LOBSTER file with N levels only contains messages that change the top N levels
 * (every message in the samples changes its row, except hidden executions). So:
 *
 * 1. The book before the first message is not in the files. It is rebuilt as the first orderbook row with the
 *    first message undone, one anonymous order per level (the orders' ids and split are unknown).
 * 2. While a price level is beyond the N-th level ("outside the window"), its cancellations, partial
 *    cancellations and new orders are not reported. When it comes back into view, its size in the orderbook
 *    file is the truth, but which orders make it up is not known.
 *
 * Hence every resting order is CERTAIN or UNCERTAIN. Certain: its level has been inside the window the whole
 * time since the order was placed (or since the day's first row, for the anonymous seed orders), so every
 * change to it was reported. Uncertain: its level has left the window since (it may have been canceled or cut
 * without a message), plus the anonymous orders that stand for unreported arrivals. Everything the test does
 * to the engine beyond the plain translation above touches uncertain orders only, and is counted per class:
 *
 * - reveal: a level re-enters the window with a size the engine disagrees with → an anonymous order is added
 *   at the back of the level (arrivals while out of view), or uncertain orders are taken off, newest first
 *   (silent cancellations while out of view). All of the level's orders are uncertain then, so the order of
 *   certain-before-uncertain orders is never touched: at every level, uncertain orders precede certain ones.
 * - a message names an order the engine does not hold (placed while out of view, or before the first message)
 *   → its size is taken from the level's anonymous orders, then from its uncertain ones.
 * - a message names an uncertain order with a size it cannot have (a deletion of a different size, an
 *   execution larger than it) → the order was cut or swapped while out of view; the difference moves to or
 *   from the level's other uncertain orders.
 * - an uncertain order executes with uncertain orders ahead of it → those were canceled while out of view; the
 *   level is rebuilt (cancel and re-place, relative order kept) with the executed order first and their size
 *   behind it as an anonymous order (arrivals must have made up the size the window showed).
 *
 * Two facts about how NASDAQ events reach the file, both visible as messages sharing one timestamp:
 *
 * - One aggressive order that fills several resting orders at a price is one event, but its executions are not
 *   always listed in queue order. An execution of an order with others ahead of it is accepted when every order
 *   ahead is filled completely by the executions that follow with the same timestamp (anonymous ones by
 *   executions of orders the engine does not know); the executed order is then moved to the front.
 * - An ITCH Order Replace is a deletion and a submission with one timestamp. With replaceKeepsPriority, one at
 *   the same price that does not add shares is an amend that keeps the original's place (see the test for the
 *   evidence that NASDAQ did so); the row between the two halves is not compared.
 *
 * Anything else is a MISMATCH, and those are what the test asserts to be zero: a certain order that executes
 * with anything ahead of it, at a price that is not the best, or for more than it has; a deletion of a certain
 * order of another size; a type 1 that trades or is rejected; a level that was in view before and after the
 * message and whose size differs from the file; a message whose size no uncertain orders can account for.
 */

export interface ReplayOptions {
  /** Replay at most this many messages. */
  readonly limit?: number;
  /** The engine symbol; must look like XXXUSDT. */
  readonly symbol: string;
  /** Midnight of the trading day, epoch ms (messages carry seconds after midnight). */
  readonly midnight: number;
  /** How many mismatches to keep in full (all are counted). */
  readonly keepMismatches?: number;
  /**
   * An ITCH Order Replace reaches LOBSTER as a deletion and a submission with one timestamp. With this option,
   * a replace at the same price that does not add shares keeps the original's place in the queue (an amend in
   * shardex); without it, it is a cancel and a new order at the back, like any other.
   */
  readonly replaceKeepsPriority?: boolean;
}

export interface Mismatch {
  readonly index: number;
  readonly kind: string;
  readonly message: LobsterMessage;
  readonly detail: string;
}

export interface ReplayReport {
  readonly messages: number;
  /** Messages by LOBSTER event type. */
  readonly byType: Record<number, number>;
  /** Orderbook rows compared with the engine's depth (one per message but rowsSkipped). */
  readonly rowsCompared: number;
  /** Rows between the two halves of a priority-keeping replace (see ReplayOptions.replaceKeepsPriority). */
  readonly rowsSkipped: number;
  /**
   * Executions of certain orders with nothing ahead of them (or only orders the same event fills completely),
   * filled by one trade with exactly that order: the strict check.
   */
  readonly strictExecutions: number;
  /** Executions of uncertain orders or of orders the engine never saw (see the classes). */
  readonly looseExecutions: number;
  /** Partial cancellations of certain orders, checked to keep the order's place in the queue. */
  readonly priorityKeepingAmends: number;
  /** Data-window classes: how often each inference about the unreported part of the book was made. */
  readonly inferences: Record<string, number>;
  readonly mismatchCounts: Record<string, number>;
  readonly mismatches: Mismatch[];
  /** Resting orders at the end (anonymous and out-of-view ones included). */
  readonly openOrders: number;
  readonly milliseconds: number;
}

const MAKER = 1;
const ANONYMOUS = 3;
const TAKER = 2;
const FIRST_ANONYMOUS_ID = 1_000_000_000_000;
const FIRST_TAKER_ID = 2_000_000_000_000;
/** addedAt of orders that are never certain (they stand for arrivals nobody reported). */
const NEVER = Number.NEGATIVE_INFINITY;
const NEW_ANONYMOUS = -1;
const ANONYMOUS_META: OrderMeta = { lobsterId: null, addedAt: NEVER };

/**
 * An equity as a shardex symbol whose ticks and lots are LOBSTER's integers one to one: tick 0.0001 (LOBSTER
 * prices are dollars × 10000), step 1 share. Filters are out of the way (the exchange, not shardex, decided
 * which orders were valid): a PERCENT_PRICE band of 1/100×..100× the last trade, no minimum notional, no
 * practical open-order limit; no fees.
 */
export function equitySpec(symbol: string, onboardDate: number): SymbolSpec {
  return {
    symbol,
    baseAsset: symbol.replace(/USDT$/, ''),
    quoteAsset: 'USDT',
    status: 'TRADING',
    tickSize: '0.0001',
    minPrice: '0.0001',
    maxPrice: '100000',
    pricePrecision: 4,
    stepSize: '1',
    minQty: '1',
    maxQty: '100000000',
    quantityPrecision: 0,
    marketMinQty: '1',
    marketMaxQty: '100000000',
    minNotional: '0',
    maxNumOrders: 100_000_000,
    percentPrice: { multiplierUp: '100.0000', multiplierDown: '0.0100', multiplierDecimal: 4 },
    marketTakeBound: '0.50',
    makerFeeRate: '0',
    takerFeeRate: '0',
    maxLeverage: 1,
    onboardDate,
  };
}

interface OrderMeta {
  /** The LOBSTER order this engine order is known to be; null for anonymous orders. */
  lobsterId: number | null;
  /** Message index at which it was placed (-1: the seed). Certain iff later than its level's last exit. */
  readonly addedAt: number;
}

interface QueueEntry {
  readonly id: number;
  qty: number;
  meta: OrderMeta;
  readonly certain: boolean;
}

export async function replayDay(day: LobsterDay, options: ReplayOptions): Promise<ReplayReport> {
  const started = performance.now();
  const replay = new Replay(day.levels, options);
  // Messages with one timestamp are one exchange event (a sweep, a replace) and are stepped with a view of the
  // rest of their group.
  let group: LobsterPair[] = [];
  for await (const pair of readDay(day, options.limit)) {
    if (group.length > 0 && pair.message.time !== group[0]!.message.time) {
      replay.group(group);
      group = [];
    }
    group.push(pair);
  }
  replay.group(group);
  return replay.report(performance.now() - started);
}

class Replay {
  private readonly engine: MatchingEngine;
  private readonly meta = new Map<number, OrderMeta>();
  /** `${side}:${price}` → index of the message after which the level was last outside the window. */
  private readonly lastExit = new Map<string, number>();
  /** Worst price inside the window after the previous message; ±Infinity when the whole side was shown. */
  private readonly window: Record<Side, number> = {
    BUY: Number.NEGATIVE_INFINITY,
    SELL: Number.POSITIVE_INFINITY,
  };
  private nextAnonymous = FIRST_ANONYMOUS_ID;
  private nextTaker = FIRST_TAKER_ID;
  private commandCount = 0;
  private index = -1;
  private message: LobsterMessage | undefined;

  private messages = 0;
  private readonly byType: Record<number, number> = {};
  private rowsCompared = 0;
  private rowsSkipped = 0;
  /** LOBSTER order id → engine order id, where they differ (replacements that kept the original's place). */
  private readonly alias = new Map<number, number>();
  private pendingReplace: { readonly engineId: number; readonly newId: number } | undefined;
  private strictExecutions = 0;
  private looseExecutions = 0;
  private priorityKeepingAmends = 0;
  private readonly inferences: Record<string, number> = {};
  private readonly mismatchCounts: Record<string, number> = {};
  private readonly mismatches: Mismatch[] = [];

  constructor(
    private readonly levels: number,
    private readonly options: ReplayOptions,
  ) {
    this.engine = MatchingEngine.create(options.symbol, { expectedOrders: 1 << 16 });
    const listed = this.run({
      type: 'ListSymbol',
      commandId: 'list',
      time: options.midnight,
      spec: equitySpec(options.symbol, options.midnight),
    });
    if (listed[0]?.type !== 'SymbolListed') throw new Error(`listing failed: ${JSON.stringify(listed)}`);
  }

  group(pairs: LobsterPair[]): void {
    for (let i = 0; i < pairs.length; i++) this.step(pairs[i]!, pairs.slice(i + 1));
  }

  private step(pair: LobsterPair, later: LobsterPair[]): void {
    const { index, message, book } = pair;
    if (index === 0) this.seed(message, book);
    this.index = index;
    this.message = message;
    this.messages++;
    this.byType[message.type] = (this.byType[message.type] ?? 0) + 1;
    switch (message.type) {
      case MessageType.Submit:
        if (this.pendingReplace?.newId === message.orderId) this.completeReplace(message);
        else this.submit(message);
        break;
      case MessageType.PartialCancel:
        this.partialCancel(message);
        break;
      case MessageType.Delete:
        if (this.startReplace(message, later[0]?.message)) {
          // The row in between shows the book without the replaced order, a state the engine never has.
          this.rowsSkipped++;
          return;
        }
        this.delete(message);
        break;
      case MessageType.ExecuteVisible:
        this.execute(message, later);
        break;
      case MessageType.ExecuteHidden:
      case MessageType.Halt:
        break;
      default:
        throw new Error(`message ${index}: unknown event type ${message.type}`);
    }
    if (this.pendingReplace !== undefined) throw new Error(`message ${index}: replace left half done`);
    this.compare(book);
  }

  report(milliseconds: number): ReplayReport {
    return {
      messages: this.messages,
      byType: this.byType,
      rowsCompared: this.rowsCompared,
      rowsSkipped: this.rowsSkipped,
      strictExecutions: this.strictExecutions,
      looseExecutions: this.looseExecutions,
      priorityKeepingAmends: this.priorityKeepingAmends,
      inferences: this.inferences,
      mismatchCounts: this.mismatchCounts,
      mismatches: this.mismatches,
      openOrders: this.engine.openOrderCount,
      milliseconds,
    };
  }

  // ---- the book before the first message ----

  /**
   * The first row with the first message undone, one anonymous order per level. The window before the first
   * message is that of the rebuilt row: if the first row showed all N levels of a side, whatever lay beyond the
   * rebuilt N-th level (or its last one, if undoing the message took a level away) was out of view.
   */
  private seed(first: LobsterMessage, row: BookRow): void {
    const before: Record<Side, Map<number, number>> = {
      BUY: new Map(row.bids),
      SELL: new Map(row.asks),
    };
    if (first.type !== MessageType.ExecuteHidden && first.type !== MessageType.Halt) {
      const side = before[sideOf(first)];
      const undone =
        (side.get(first.price) ?? 0) + (first.type === MessageType.Submit ? -first.size : first.size);
      if (undone < 0) throw new Error('the first message does not fit the first row');
      if (undone === 0) side.delete(first.price);
      else side.set(first.price, undone);
    }
    for (const side of ['BUY', 'SELL'] as const) {
      const levels = [...before[side]].sort(([a], [b]) => (side === 'BUY' ? b - a : a - b));
      for (const [price, size] of levels) this.placeAnonymous(side, price, size, -1);
      const shown = side === 'BUY' ? row.bids : row.asks;
      if (shown.length === this.levels && levels.length > 0) {
        this.window[side] = levels[Math.min(this.levels, levels.length) - 1]![0];
      }
    }
  }

  // ---- messages ----

  /** A deletion that is the first half of a same-price replace that keeps priority: nothing happens yet. */
  private startReplace(m: LobsterMessage, next: LobsterMessage | undefined): boolean {
    if (!this.options.replaceKeepsPriority || next === undefined || next.type !== MessageType.Submit)
      return false;
    if (next.direction !== m.direction || next.price !== m.price || next.size > m.size) return false;
    const order = this.known(m.orderId);
    if (order === undefined || order.price !== m.price || order.remaining !== m.size) return false;
    this.pendingReplace = { engineId: order.orderId, newId: next.orderId };
    return true;
  }

  /** The replacement takes over the original's engine order, cut to its size in place. */
  private completeReplace(m: LobsterMessage): void {
    const { engineId } = this.pendingReplace!;
    this.pendingReplace = undefined;
    this.infer('replace at the same price kept its place');
    const order = this.engine.openOrder(engineId)!;
    if (m.size < order.remaining) this.reduce(order, order.remaining - m.size);
    this.meta.get(engineId)!.lobsterId = m.orderId;
    this.alias.set(m.orderId, engineId);
  }

  private submit(m: LobsterMessage): void {
    const side = sideOf(m);
    if (this.known(m.orderId) !== undefined) {
      this.mismatch('submit: order id already resting', `order ${m.orderId}`);
      return;
    }
    const events = this.place(m.orderId, MAKER, side, m.price, m.size, 'GTC');
    const types = events.map((e) => e.type).join(',');
    if (types !== 'OrderAccepted,OrderRested') {
      this.mismatch('submit: did not just rest', types);
      // Keep the book in step with the data: whatever traded is not what NASDAQ did.
      return;
    }
    this.meta.set(m.orderId, { lobsterId: m.orderId, addedAt: this.index });
  }

  private delete(m: LobsterMessage): void {
    const side = sideOf(m);
    const order = this.known(m.orderId);
    if (order === undefined) {
      this.infer('delete: order not in the engine (placed out of view or before the first message)');
      this.takeFromUncertain(side, m.price, m.size);
      return;
    }
    if (!this.sameLevel(order, side, m.price)) return;
    if (order.remaining === m.size) {
      this.cancel(order.orderId);
      return;
    }
    if (this.isCertain(order)) {
      this.mismatch('delete: size differs from a certain order', `engine ${order.remaining}, file ${m.size}`);
      this.reduce(order, Math.min(m.size, order.remaining));
    } else if (m.size < order.remaining) {
      // Cut while out of view; what is left of it in the engine is someone else's unreported size.
      this.infer('delete: uncertain order was smaller (cut while out of view)');
      this.reduce(order, m.size);
      this.forget(order.orderId);
    } else {
      this.infer('delete: uncertain order was larger (size attributed elsewhere at a reveal)');
      this.cancel(order.orderId);
      this.takeFromUncertain(side, m.price, m.size - order.remaining);
    }
  }

  private partialCancel(m: LobsterMessage): void {
    const side = sideOf(m);
    const order = this.known(m.orderId);
    if (order === undefined) {
      this.infer('partial cancel: order not in the engine');
      this.takeFromUncertain(side, m.price, m.size);
      return;
    }
    if (!this.sameLevel(order, side, m.price)) return;
    if (m.size < order.remaining) {
      const before = this.queuePosition(order);
      this.reduce(order, m.size);
      if (this.isCertain(order)) {
        this.priorityKeepingAmends++;
        const after = this.queuePosition(order);
        if (after !== before)
          this.mismatch('partial cancel: lost its place', `position ${before} → ${after}`);
      }
      return;
    }
    if (this.isCertain(order)) {
      this.mismatch(
        'partial cancel: not less than a certain order',
        `engine ${order.remaining}, file ${m.size}`,
      );
      this.cancel(order.orderId);
      return;
    }
    this.infer('partial cancel: uncertain order was larger');
    this.cancel(order.orderId);
    this.takeFromUncertain(side, m.price, m.size - order.remaining);
  }

  private execute(m: LobsterMessage, later: LobsterPair[]): void {
    const side = sideOf(m);
    const best = this.engine.bestPrice(side);
    if (best !== m.price) {
      this.mismatch('execute: not at the best price', `best ${best}, file ${m.price}`);
      const order = this.known(m.orderId);
      if (order !== undefined) this.reduce(order, Math.min(m.size, order.remaining));
      else this.takeFromUncertain(side, m.price, m.size);
      return;
    }
    const order = this.known(m.orderId);
    if (order === undefined) {
      this.executeUnknown(m, side);
      return;
    }
    if (!this.sameLevel(order, side, m.price)) return;
    const queue = this.queue(side, m.price);
    let at = queue.findIndex((e) => e.id === order.orderId);
    if (at > 0 && this.sweepTakesAll(queue.slice(0, at), m, later)) {
      // One aggressive order filled them all; LOBSTER lists the fills of one event in another order.
      this.infer('execute: fills of one sweep listed out of queue order');
      queue.unshift(...queue.splice(at, 1));
      this.rebuildLevel(side, m.price, queue);
      at = 0;
    }
    const target = queue[at]!;
    let strict = target.certain;
    if (target.certain) {
      if (at > 0) {
        const ahead = queue.slice(0, at);
        this.mismatch(
          'execute: certain order had orders ahead of it',
          `${ahead.length} ahead (${ahead.filter((e) => e.certain).length} certain): ${ahead.map(describe).join(' ')}`,
        );
        this.rebuildWithFirst(side, m.price, queue, at, m.size);
      } else if (m.size > target.qty) {
        this.mismatch('execute: more than a certain order has', `engine ${target.qty}, file ${m.size}`);
        this.rebuildWithFirst(side, m.price, queue, at, m.size);
      }
    } else if (at > 0 || m.size > target.qty) {
      if (at > 0) this.infer('execute: uncertain order had uncertain orders ahead (canceled out of view)');
      if (m.size > target.qty) this.infer('execute: uncertain order was larger');
      this.rebuildWithFirst(side, m.price, queue, at, m.size);
      strict = false;
    }
    const trades = this.take(side, m);
    const only = trades[0];
    if (
      trades.length !== 1 ||
      only?.maker.orderId !== order.orderId ||
      only.quantity !== m.size ||
      only.price !== m.price
    ) {
      this.mismatch(
        'execute: the engine filled another order',
        trades.map((t) => `${t.maker.orderId}×${t.quantity}@${t.price}`).join(' '),
      );
      return;
    }
    if (strict) this.strictExecutions++;
    else this.looseExecutions++;
  }

  /**
   * Whether the orders ahead of the executed one are all filled completely by later executions of the same
   * event (same timestamp, the run of executions that follows, hidden ones included): then one aggressive
   * order took the whole front of the queue and only the order of the messages differs from the queue's.
   * Anonymous orders ahead must be matched by executions of orders the engine does not know.
   */
  private sweepTakesAll(ahead: QueueEntry[], m: LobsterMessage, later: LobsterPair[]): boolean {
    const filled = new Map<number, number>();
    let unknown = 0;
    for (const { message: n } of later) {
      if (n.type !== MessageType.ExecuteVisible && n.type !== MessageType.ExecuteHidden) break;
      if (n.type !== MessageType.ExecuteVisible || n.direction !== m.direction || n.price !== m.price)
        continue;
      if (this.known(n.orderId) === undefined) unknown += n.size;
      else filled.set(n.orderId, (filled.get(n.orderId) ?? 0) + n.size);
    }
    let anonymous = 0;
    for (const e of ahead) {
      if (e.meta.lobsterId === null) anonymous += e.qty;
      else if (filled.get(e.meta.lobsterId) !== e.qty) return false;
    }
    return anonymous <= unknown;
  }

  /** An order the engine never saw executes: the anonymous and uncertain orders at the head must cover it. */
  private executeUnknown(m: LobsterMessage, side: Side): void {
    this.infer('execute: order not in the engine');
    const queue = this.queue(side, m.price);
    const certainKnown = new Set(
      queue.filter((e) => e.certain && e.meta.lobsterId !== null).map((e) => e.id),
    );
    let cover = 0;
    for (const e of queue) {
      if (certainKnown.has(e.id)) break;
      cover += e.qty;
    }
    if (cover < m.size) {
      this.mismatch(
        'execute: unknown order not covered by the head of the queue',
        queue.map(describe).join(' '),
      );
    }
    const trades = this.take(side, m);
    const filled = trades.reduce((sum, t) => sum + t.quantity, 0);
    const fromCertain = trades.filter((t) => certainKnown.has(t.maker.orderId));
    if (
      cover >= m.size &&
      (fromCertain.length > 0 || filled !== m.size || trades.some((t) => t.price !== m.price))
    ) {
      this.mismatch(
        'execute: unknown order filled from certain orders',
        trades.map((t) => t.maker.orderId).join(' '),
      );
    }
    // The uncertain known orders it hit stand for the unknown one: they are not who we thought.
    for (const t of trades) {
      if (t.maker.remaining > 0) this.forget(t.maker.orderId);
    }
    this.looseExecutions++;
  }

  /** The IOC that reproduces an execution; returns its trades. */
  private take(side: Side, m: LobsterMessage): Trade[] {
    const events = this.place(this.nextTaker++, TAKER, opposite(side), m.price, m.size, 'IOC');
    return events.filter((e): e is Trade => e.type === 'Trade');
  }

  // ---- the orderbook row ----

  private compare(row: BookRow): void {
    this.rowsCompared++;
    for (const side of ['BUY', 'SELL'] as const) {
      const shown = side === 'BUY' ? row.bids : row.asks;
      const bound = shown.length === this.levels ? shown[shown.length - 1]![0] : outermost(side);
      if (!sameLevels(this.engine.depth(side, this.levels), shown)) this.reconcile(side, shown, bound);
      const previous = this.window[side];
      if (side === 'BUY' ? bound > previous : bound < previous) this.markExits(side, previous, bound);
      this.window[side] = bound;
    }
  }

  /** The engine disagrees with the row: reveals are reconciled, anything else is a mismatch (then followed). */
  private reconcile(side: Side, shown: Levels, bound: number): void {
    const inside = (price: number) => (side === 'BUY' ? price >= bound : price <= bound);
    const previous = this.window[side];
    const wasInside = (price: number) => (side === 'BUY' ? price >= previous : price <= previous);
    const engine = new Map(this.levelsWithin(side, inside));
    const file = new Map(shown);
    for (const price of new Set([...engine.keys(), ...file.keys()])) {
      const have = engine.get(price) ?? 0;
      const want = file.get(price) ?? 0;
      if (have === want) continue;
      if (wasInside(price)) {
        this.mismatch(
          'depth: a level in view differs from the file',
          `${side} ${price}: engine ${have}, file ${want}`,
        );
      } else {
        const what = have === 0 ? 'new level' : want === 0 ? 'level gone' : want > have ? 'grew' : 'shrank';
        this.infer(`reveal: level came into view and ${what}`);
        // It was out of view: all its orders are uncertain now, and so is what we add.
        this.lastExit.set(levelKey(side, price), this.index);
      }
      if (want > have) this.placeAnonymous(side, price, want - have, NEVER);
      else this.takeFromUncertain(side, price, have - want, true);
    }
    if (!sameLevels(this.engine.depth(side, this.levels), shown)) {
      throw new Error(`message ${this.index}: could not reconcile the ${side} side`);
    }
  }

  /** Levels that were in view (up to `from`) and are not any more (beyond `to`): their orders turn uncertain. */
  private markExits(side: Side, from: number, to: number): void {
    const leaving = (price: number) =>
      side === 'BUY' ? price < to && price >= from : price > to && price <= from;
    const beyond = (price: number) => (side === 'BUY' ? price < from : price > from);
    for (let limit = 2 * this.levels; ; limit *= 2) {
      const levels = this.engine.depth(side, limit);
      const done = levels.length < limit || beyond(levels[levels.length - 1]![0]);
      if (done) {
        for (const [price] of levels)
          if (leaving(price)) this.lastExit.set(levelKey(side, price), this.index);
        return;
      }
    }
  }

  private levelsWithin(side: Side, inside: (price: number) => boolean): [number, number][] {
    for (let limit = 2 * this.levels; ; limit *= 2) {
      const levels = this.engine.depth(side, limit);
      if (levels.length < limit || !inside(levels[levels.length - 1]![0])) {
        return levels.filter(([price]) => inside(price));
      }
    }
  }

  // ---- uncertain orders ----

  /**
   * Takes `size` off a level's orders that may stand for what the message names: anonymous orders first, then
   * uncertain known ones, newest first (with `anyOrder`, at a reveal, every order of the level is uncertain).
   */
  private takeFromUncertain(side: Side, price: number, size: number, anyOrder = false): void {
    const queue = this.queue(side, price);
    let left = size;
    for (const anonymousOnly of [true, false]) {
      for (let i = queue.length - 1; i >= 0 && left > 0; i--) {
        const e = queue[i]!;
        if (e.qty === 0 || (e.meta.lobsterId === null) !== anonymousOnly) continue;
        if (e.certain && e.meta.lobsterId !== null && !anyOrder) continue;
        const cut = Math.min(left, e.qty);
        const order = this.engine.openOrder(e.id)!;
        if (cut === e.qty) this.cancel(e.id);
        else this.reduce(order, cut);
        e.qty -= cut;
        left -= cut;
        if (e.meta.lobsterId !== null) {
          this.infer('uncertain known order taken off (canceled, cut or replaced out of view)');
          this.forget(e.id);
        }
      }
    }
    if (left > 0) {
      this.mismatch('size not covered by uncertain orders', `${side} ${price}: ${left} of ${size} left`);
    }
  }

  /**
   * Rebuilds a level so that the order at `at` is first with at least `size`: orders ahead of it (uncertain,
   * so canceled out of view) become one anonymous order right behind it; extra size comes from those, then from
   * uncertain orders behind it. Certain orders keep their relative order.
   */
  private rebuildWithFirst(side: Side, price: number, queue: QueueEntry[], at: number, size: number): void {
    const target = queue[at]!;
    const behind = queue.slice(at + 1);
    let moved = queue.slice(0, at).reduce((sum, e) => sum + e.qty, 0);
    let need = Math.max(0, size - target.qty);
    const fromAhead = Math.min(need, moved);
    target.qty += fromAhead;
    moved -= fromAhead;
    need -= fromAhead;
    for (let i = behind.length - 1; i >= 0 && need > 0; i--) {
      const e = behind[i]!;
      if (e.certain && e.meta.lobsterId !== null) continue;
      const cut = Math.min(need, e.qty);
      e.qty -= cut;
      target.qty += cut;
      need -= cut;
      if (e.meta.lobsterId !== null) e.meta = { ...e.meta, lobsterId: null };
    }
    if (need > 0) this.mismatch('execute: size not covered by the level', `${side} ${price}: ${need} short`);
    const gone: QueueEntry[] =
      moved > 0 ? [{ id: NEW_ANONYMOUS, qty: moved, meta: ANONYMOUS_META, certain: false }] : [];
    this.rebuildLevel(side, price, [target, ...gone, ...behind]);
  }

  /**
   * Cancels every order of a level and places them again in the given order and sizes (ids and metadata kept;
   * NEW_ANONYMOUS entries become new anonymous orders). The engine cannot reorder a queue, so this is how the
   * test moves orders whose place the data contradicts.
   */
  private rebuildLevel(side: Side, price: number, entries: QueueEntry[]): void {
    for (const o of this.engine.queueAt(side, price)) this.cancel(o.orderId);
    for (const e of entries) {
      if (e.qty === 0) continue;
      if (e.id === NEW_ANONYMOUS) {
        this.placeAnonymous(side, price, e.qty, e.meta.addedAt);
        continue;
      }
      this.place(e.id, e.meta.lobsterId === null ? ANONYMOUS : MAKER, side, price, e.qty, 'GTC');
      this.meta.set(e.id, e.meta);
    }
  }

  private queue(side: Side, price: number): QueueEntry[] {
    return this.engine.queueAt(side, price).map((o) => {
      const meta = this.metaOf(o.orderId);
      return { id: o.orderId, qty: o.remaining, meta, certain: this.isCertain(o) };
    });
  }

  private isCertain(order: RestingOrderFields): boolean {
    const exit = this.lastExit.get(levelKey(order.side, order.price));
    return this.metaOf(order.orderId).addedAt > (exit ?? Number.NEGATIVE_INFINITY);
  }

  private queuePosition(order: RestingOrderFields): number {
    return this.engine.queueAt(order.side, order.price).findIndex((o) => o.orderId === order.orderId);
  }

  /** The resting order that is known to be LOBSTER order `id`. */
  private known(id: number): RestingOrderFields | undefined {
    const engineId = this.alias.get(id) ?? id;
    return this.meta.get(engineId)?.lobsterId === id ? this.engine.openOrder(engineId) : undefined;
  }

  private forget(id: number): void {
    const meta = this.meta.get(id);
    if (meta !== undefined) this.meta.set(id, { ...meta, lobsterId: null });
  }

  private metaOf(id: number): OrderMeta {
    const meta = this.meta.get(id);
    if (meta === undefined) throw new Error(`no metadata for resting order ${id}`);
    return meta;
  }

  private sameLevel(order: RestingOrderFields, side: Side, price: number): boolean {
    if (order.side === side && order.price === price) return true;
    this.mismatch('message names an order at another level', `engine ${order.side} ${order.price}`);
    return false;
  }

  // ---- commands ----

  private placeAnonymous(side: Side, price: number, size: number, addedAt: number): void {
    const id = this.nextAnonymous++;
    this.place(id, ANONYMOUS, side, price, size, 'GTC');
    this.meta.set(id, { lobsterId: null, addedAt });
  }

  private place(
    orderId: number,
    accountId: number,
    side: Side,
    price: number,
    quantity: number,
    timeInForce: 'GTC' | 'IOC',
  ): EngineEvent[] {
    const events = this.run({
      type: 'PlaceOrder',
      commandId: this.commandId(),
      time: this.time(),
      order: {
        orderId,
        accountId,
        clientOrderId: `c${orderId}`,
        side,
        type: 'LIMIT',
        timeInForce,
        price,
        quantity,
        reduceOnly: false,
        selfTradePreventionMode: 'NONE',
      },
    });
    const rejected = events.find((e) => e.type === 'OrderRejected');
    if (rejected !== undefined) throw new Error(`message ${this.index}: ${JSON.stringify(rejected)}`);
    return events;
  }

  private cancel(orderId: number): void {
    const order = this.engine.openOrder(orderId)!;
    const events = this.run({
      type: 'CancelOrder',
      commandId: this.commandId(),
      time: this.time(),
      accountId: order.accountId,
      orderId,
    });
    if (events.length !== 1 || events[0]!.type !== 'OrderCanceled') {
      throw new Error(`message ${this.index}: cancel of ${orderId} gave ${JSON.stringify(events)}`);
    }
  }

  /** Cuts an order by `size` in place (a pure decrease keeps time priority), or cancels it when nothing is left. */
  private reduce(order: RestingOrderFields, size: number): void {
    if (size >= order.remaining) {
      this.cancel(order.orderId);
      return;
    }
    const events = this.run({
      type: 'AmendOrder',
      commandId: this.commandId(),
      time: this.time(),
      accountId: order.accountId,
      orderId: order.orderId,
      side: order.side,
      price: order.price,
      quantity: order.filled + order.remaining - size,
    });
    const amended = events[0];
    if (events.length !== 1 || amended?.type !== 'OrderAmended' || amended.priority !== 'KEPT') {
      throw new Error(`message ${this.index}: amend of ${order.orderId} gave ${JSON.stringify(events)}`);
    }
  }

  /** Executes a command and drops the metadata of every order that left the book. */
  private run(command: EngineCommand): EngineEvent[] {
    const events = this.engine.execute(command);
    for (const e of events) {
      if (e.type === 'OrderCanceled' || (e.type === 'OrderExpired' && e.levelQuantity !== null)) {
        this.meta.delete(e.orderId);
      } else if (e.type === 'Trade' && e.maker.remaining === 0) {
        this.meta.delete(e.maker.orderId);
      }
    }
    return events;
  }

  private commandId(): string {
    return `m${this.index}-${this.commandCount++}`;
  }

  private time(): number {
    return this.options.midnight + Math.floor((this.message?.time ?? 0) * 1000);
  }

  private infer(kind: string): void {
    this.inferences[kind] = (this.inferences[kind] ?? 0) + 1;
  }

  private mismatch(kind: string, detail: string): void {
    this.mismatchCounts[kind] = (this.mismatchCounts[kind] ?? 0) + 1;
    if (this.mismatches.length < (this.options.keepMismatches ?? 50)) {
      this.mismatches.push({ index: this.index, kind, message: this.message!, detail });
    }
  }
}

function sideOf(m: LobsterMessage): Side {
  return m.direction === 1 ? 'BUY' : 'SELL';
}

function outermost(side: Side): number {
  return side === 'BUY' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

function levelKey(side: Side, price: number): string {
  return `${side}:${price}`;
}

function sameLevels(engine: [number, number][], file: Levels): boolean {
  if (engine.length !== file.length) return false;
  for (let i = 0; i < engine.length; i++) {
    if (engine[i]![0] !== file[i]![0] || engine[i]![1] !== file[i]![1]) return false;
  }
  return true;
}

function describe(e: QueueEntry): string {
  return `${e.meta.lobsterId ?? 'anon'}:${e.qty}${e.certain ? '' : '?'}`;
}
