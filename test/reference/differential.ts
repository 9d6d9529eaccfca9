import { isDeepStrictEqual } from 'node:util';
import type { EngineEvent } from '../../core/engine/events';
import { MatchingEngine } from '../../core/engine/matchingEngine';
import type { Side } from '../../core/orders/order';
import { CommandGenerator, type MarketProfile, Rng, type SpecifiedCommand } from './commandGenerator';
import { ReferenceEngine, type RefOrder } from './referenceEngine';

export type { SpecifiedCommand };

/**
 * The differential harness: the same command stream into MatchingEngine (core/engine) and ReferenceEngine
 * (the naive reading of docs/matching-semantics.md), compared after every command. Any difference is a
 * Divergence that names the seed, the episode, the command and both sides' output.
 *
 * Half the episodes carry index prices: the reference is given the mark the engine derived from each (the
 * derivation has its own independent model, test/core/properties/support/futuresModel.ts) and applies what a mark
 * does to orders (filters, take bounds, MARK_PRICE triggers, priceProtect) on its own. Funding settlements are
 * kept out of the stream.
 */

/** How often the heavier comparisons run, in commands. */
const POSITIONS_EVERY = 50;
const QUEUES_EVERY = 500;
/** The engine is replaced by MatchingEngine.restore(its own encoded snapshot) this often. */
const RESTORE_EVERY = 2_000;

export class Divergence extends Error {}

/** JSON with bigints written as `123n`. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

interface Where {
  readonly seed: number;
  readonly profile: string;
  readonly episode: number;
  /** 0-based index of the command in its episode, and in the whole run. */
  readonly index: number;
  readonly runIndex: number;
}

/** One engine and one reference fed the same commands, and the checks between them. */
export class Pair {
  engine: MatchingEngine;
  /** Rebuilt from the engine's events alone (MatchingEngine.apply), as recovery from the event store does. */
  readonly replica: MatchingEngine;
  readonly reference: ReferenceEngine;
  readonly history: SpecifiedCommand[] = [];

  constructor(
    readonly symbol: string,
    private readonly accounts: () => readonly number[],
    expectedOrders?: number,
  ) {
    this.engine = MatchingEngine.create(symbol, expectedOrders === undefined ? {} : { expectedOrders });
    this.replica = MatchingEngine.create(symbol);
    this.reference = new ReferenceEngine(symbol);
  }

  /**
   * Runs one command on both and compares the events and the whole depth. Returns the engine's events, or
   * the description of the first difference.
   */
  step(command: SpecifiedCommand): { events: EngineEvent[] } | { divergence: string } {
    this.history.push(command);
    let events: EngineEvent[];
    try {
      events = this.engine.execute(command);
    } catch (error) {
      return { divergence: `the engine threw: ${(error as Error).stack}` };
    }
    // Typed as the engine's events: the reference's own declarations must be assignable to them.
    const mark = events.find((e) => e.type === 'MarkPriceUpdated');
    const observed =
      mark?.type === 'MarkPriceUpdated'
        ? (({ seq: _s, time: _t, commandId: _c, type: _type, ...fields }) => fields)(mark)
        : undefined;
    const expected: EngineEvent[] = this.reference.execute(command, observed);
    if (!isDeepStrictEqual(events, expected)) return { divergence: describeEvents(events, expected) };
    try {
      for (const event of events) this.replica.apply(event);
    } catch (error) {
      return { divergence: `replaying the engine's events threw: ${(error as Error).stack}` };
    }
    for (const side of ['BUY', 'SELL'] as const) {
      const engineDepth = this.engine.depth(side);
      const referenceDepth = this.reference.depth(side);
      if (!isDeepStrictEqual(engineDepth, referenceDepth)) {
        return {
          divergence: `${side} depth differs after the command\n  engine:    ${show(engineDepth)}\n  reference: ${show(referenceDepth)}`,
        };
      }
    }
    return { events };
  }

  /** Positions and every account's open orders (all fields the engine exposes). */
  comparePositionsAndOrders(): string | undefined {
    for (const accountId of this.accounts()) {
      const enginePosition = this.engine.position(accountId);
      const referencePosition = this.reference.position(accountId);
      if (!isDeepStrictEqual({ ...enginePosition }, { ...referencePosition })) {
        return `position of account ${accountId} differs\n  engine:    ${show(enginePosition)}\n  reference: ${show(referencePosition)}`;
      }
      const engineOrders = this.engine
        .openOrders(accountId)
        .map((o) => ({ ...o }))
        .sort((a, b) => a.orderId - b.orderId);
      const referenceOrders = this.reference
        .openOrders(accountId)
        .map(restingFields)
        .sort((a, b) => a.orderId - b.orderId);
      if (!isDeepStrictEqual(engineOrders, referenceOrders)) {
        return `open orders of account ${accountId} differ\n  engine:    ${show(engineOrders)}\n  reference: ${show(referenceOrders)}`;
      }
    }
    return undefined;
  }

  /** Every resting order in queue order, amendment counts, last price, next trade id, sequence. */
  compareBookAndCounters(): string | undefined {
    const engineQueue: number[] = [];
    for (const side of ['BUY', 'SELL'] as const) {
      for (const [price] of this.engine.depth(side))
        for (const o of this.engine.queueAt(side, price)) engineQueue.push(o.orderId);
    }
    const referenceQueue = this.reference.orders().map((o) => o.orderId);
    if (!isDeepStrictEqual(engineQueue, referenceQueue)) {
      return `queue order differs (bids best first, then asks)\n  engine:    ${show(engineQueue)}\n  reference: ${show(referenceQueue)}`;
    }
    const snapshot = this.engine.snapshot();
    const engineCounters = {
      seq: snapshot.seq,
      nextTradeId: snapshot.nextTradeId,
      lastPrice: snapshot.lastPrice,
      amendCounts: snapshot.amendCounts.map(([id, n]) => [id, n]),
    };
    const referenceCounters = {
      seq: this.reference.lastSeq,
      nextTradeId: this.reference.tradeCount + 1,
      lastPrice: this.reference.lastPrice ?? 0,
      amendCounts: this.reference
        .orders()
        .filter((o) => o.amendments > 0)
        .map((o) => [o.orderId, o.amendments])
        .sort((a, b) => a[0]! - b[0]!),
    };
    if (!isDeepStrictEqual(engineCounters, referenceCounters)) {
      return `counters differ\n  engine:    ${show(engineCounters)}\n  reference: ${show(referenceCounters)}`;
    }
    const replayed = this.replica.stateHash();
    const decided = this.engine.stateHash();
    if (replayed !== decided)
      return `replaying the events gives another state: hash ${replayed}, engine ${decided}`;
    return undefined;
  }

  /**
   * "Summed over all accounts (fees aside) exactly zero": every fill has a buyer and a seller of the same
   * notional, so Σ (realized − open basis signed by side) over all accounts is 0 at every moment.
   */
  checkPnlConservation(): string | undefined {
    let total = 0n;
    for (const accountId of this.accounts()) {
      const p = this.reference.position(accountId);
      total += p.realizedPnl - (p.size > 0 ? p.entryNotional : p.size < 0 ? -p.entryNotional : 0n);
    }
    return total === 0n
      ? undefined
      : `realized PnL and open basis do not sum to zero over accounts: ${total}`;
  }

  /** Swaps the engine for one restored from its encoded snapshot; the state hash must survive. */
  restoreEngine(): string | undefined {
    const before = this.engine.stateHash();
    try {
      this.engine = MatchingEngine.restore(this.engine.encodedSnapshot());
    } catch (error) {
      return `restoring the engine from its snapshot threw: ${(error as Error).stack}`;
    }
    const after = this.engine.stateHash();
    return before === after ? undefined : `state hash changed across snapshot/restore: ${before} → ${after}`;
  }
}

function restingFields(o: RefOrder) {
  return {
    orderId: o.orderId,
    accountId: o.accountId,
    clientOrderId: o.clientOrderId,
    side: o.side,
    price: o.price,
    remaining: o.remaining,
    filled: o.filled,
    reduceOnly: o.reduceOnly,
    postOnly: o.postOnly,
    selfTradePreventionMode: o.selfTradePreventionMode,
  };
}

function describeEvents(engine: readonly unknown[], reference: readonly unknown[]): string {
  let first = 0;
  while (
    first < Math.max(engine.length, reference.length) &&
    isDeepStrictEqual(engine[first], reference[first])
  )
    first++;
  const list = (events: readonly unknown[]) =>
    events.map((e, i) => `  ${i === first ? '>' : ' '} [${i}] ${show(e)}`).join('\n') || '   (none)';
  return `events differ at index ${first}\nengine events:\n${list(engine)}\nreference events:\n${list(reference)}`;
}

/** Counts of what the traffic exercised, to show the generator reaches the rules it claims to. */
export type Coverage = Map<string, number>;

function count(coverage: Coverage, key: string): void {
  coverage.set(key, (coverage.get(key) ?? 0) + 1);
}

function recordCoverage(
  coverage: Coverage,
  command: SpecifiedCommand,
  events: readonly EngineEvent[],
  bookAfter: ReferenceEngine,
): void {
  count(coverage, `command ${command.type}`);
  for (const e of events) {
    switch (e.type) {
      case 'OrderRejected':
        count(coverage, `OrderRejected ${e.code}`);
        break;
      case 'CommandRejected':
        count(coverage, `CommandRejected ${e.command} ${e.code}`);
        break;
      case 'OrderExpired':
        count(coverage, `OrderExpired ${e.reason} ${e.levelQuantity === null ? 'taker' : 'maker'}`);
        if (e.reason === 'MARKET' && bookAfter.bestPrice(e.side === 'BUY' ? 'SELL' : 'BUY') !== undefined)
          count(coverage, 'OrderExpired MARKET at the take bound');
        break;
      case 'OrderCanceled':
        count(coverage, `OrderCanceled ${e.reason}`);
        break;
      case 'OrderAmended':
        count(coverage, `OrderAmended ${e.priority}${e.levelQuantity === null ? ' crossing' : ''}`);
        break;
      case 'OrderAccepted':
        count(
          coverage,
          `OrderAccepted ${e.order.type} ${e.order.timeInForce}${e.order.reduceOnly ? ' reduce-only' : ''}`,
        );
        if (e.requestedQuantity !== null) count(coverage, 'OrderAccepted reduce-only cut');
        break;
      case 'Trade':
        count(coverage, 'Trade');
        if (e.maker.accountId === e.taker.accountId) count(coverage, 'Trade self (STP NONE)');
        if (e.maker.fee < 0) count(coverage, 'Trade maker rebate');
        if (!Number.isSafeInteger(e.price * e.quantity))
          count(coverage, 'Trade with ticks × lots beyond 2^53');
        if (e.taker.realizedPnl !== 0 || e.maker.realizedPnl !== 0) count(coverage, 'Trade realizing PnL');
        if (
          Math.sign(e.taker.position.size) ===
          -Math.sign(e.taker.position.size - signed(e.takerSide, e.quantity))
        )
          count(coverage, 'Trade flipping the taker');
        break;
      case 'AlgoOrderTriggered':
        count(coverage, 'AlgoOrderTriggered');
        count(coverage, `AlgoOrderTriggered ${e.workingType}`);
        count(coverage, `AlgoOrderTriggered ${e.workingType} ${e.algoType}`);
        break;
      default:
        count(coverage, e.type);
    }
  }
}

function signed(side: Side, lots: number): number {
  return side === 'BUY' ? lots : -lots;
}

export interface RunResult {
  readonly commands: number;
  readonly episodes: number;
  readonly coverage: Coverage;
}

/**
 * Runs `commands` generated commands for one seed, in episodes (a fresh symbol each) of random length, and
 * throws a Divergence at the first difference.
 */
export function runDifferential(seed: number, profile: MarketProfile, commands: number): RunResult {
  const master = new Rng(seed);
  const coverage: Coverage = new Map();
  let runIndex = 0;
  let episode = 0;
  while (runIndex < commands) {
    const length = Math.min(
      commands - runIndex,
      master.chance(0.5) ? master.int(50, 1_000) : master.int(2_000, 20_000),
    );
    const episodeSeed = master.int(0, 2 ** 31);
    // A small initial capacity makes the engine's order store and id index grow under load.
    const expectedOrders = master.chance(0.5) ? 16 : undefined;
    let generator: CommandGenerator | undefined;
    const pair = new Pair(profile.spec.symbol, () => generator!.accountIds, expectedOrders);
    generator = new CommandGenerator(new Rng(episodeSeed), profile, pair.reference, episode);
    for (let index = 0; index < length; index++, runIndex++) {
      const where: Where = { seed, profile: profile.name, episode, index, runIndex };
      const command = generator.next();
      const outcome = pair.step(command);
      if ('divergence' in outcome) throw divergence(where, command, outcome.divergence, pair.history);
      recordCoverage(coverage, command, outcome.events, pair.reference);
      const n = index + 1;
      const periodic =
        (n % POSITIONS_EVERY === 0 || n === length
          ? (pair.comparePositionsAndOrders() ?? pair.checkPnlConservation())
          : undefined) ??
        (n % QUEUES_EVERY === 0 || n === length ? pair.compareBookAndCounters() : undefined) ??
        (n % RESTORE_EVERY === 0 ? pair.restoreEngine() : undefined);
      if (periodic !== undefined) throw divergence(where, command, periodic, pair.history);
    }
    episode++;
  }
  return { commands: runIndex, episodes: episode, coverage };
}

function divergence(
  where: Where,
  command: SpecifiedCommand,
  what: string,
  history: readonly SpecifiedCommand[],
): Divergence {
  const lines = [
    `The engine and the reference diverge: seed ${where.seed}, ${where.profile}, episode ${where.episode}, command #${where.index} of the episode (#${where.runIndex} of the run).`,
    `command: ${show(command)}`,
    what,
  ];
  if (process.env.DIFF_SHRINK) {
    const minimal = shrink(history);
    lines.push(`minimal reproduction (${minimal.length} commands):`, ...minimal.map((c) => `  ${show(c)}`));
  } else {
    lines.push('(set DIFF_SHRINK=1 for a minimal reproducing command sequence)');
  }
  return new Divergence(lines.join('\n'));
}

/**
 * Replays commands on a fresh pair, comparing after every command (and, with restoreEachStep, swapping the
 * engine for its restored snapshot after each); returns the first difference, if any.
 */
export function replay(commands: readonly SpecifiedCommand[], restoreEachStep = false): string | undefined {
  const symbol = commands.find((c) => c.type === 'ListSymbol')?.spec.symbol ?? 'TESTUSDT';
  const accounts = new Set<number>();
  for (const c of commands) {
    if (c.type === 'PlaceOrder') accounts.add(c.order.accountId);
    else if ('accountId' in c) accounts.add(c.accountId);
  }
  const pair = new Pair(symbol, () => [...accounts]);
  for (const command of commands) {
    const outcome = pair.step(command);
    if ('divergence' in outcome) return outcome.divergence;
    const extra =
      pair.comparePositionsAndOrders() ??
      pair.compareBookAndCounters() ??
      (restoreEachStep ? pair.restoreEngine() : undefined);
    if (extra !== undefined) return extra;
  }
  return undefined;
}

/** Delta debugging: drops chunks of commands, halving the chunk size, while the pair still diverges. */
export function shrink(history: readonly SpecifiedCommand[]): SpecifiedCommand[] {
  const restore = replay(history) === undefined;
  const diverges = (commands: readonly SpecifiedCommand[]) => replay(commands, restore) !== undefined;
  let current = [...history];
  if (!diverges(current)) return current;
  for (let chunk = Math.max(1, current.length >> 1); ; chunk = Math.max(1, chunk >> 1)) {
    let removedAny = false;
    for (let start = 0; start < current.length; ) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (candidate.length > 0 && diverges(candidate)) {
        current = candidate;
        removedAny = true;
      } else {
        start += chunk;
      }
    }
    if (chunk === 1 && !removedAny) return current;
  }
}
