import type { RestingOrderFields } from '../book/orderStore';
import { NO_SLOT } from '../book/orderStore';
import { murmur3x86_128 } from '../hash';
import type { Side } from '../orders/order';
import { expandPosition, type Position } from '../position/position';
import type { Instrument } from '../symbol/instrument';
import type { EngineCommand } from './commands';
import { decideInto } from './decide';
import { EventRecords } from './eventRecords';
import type { EngineEvent } from './events';
import { evolve } from './evolve';
import { decodeSnapshot, type EngineSnapshot, encodeSnapshot, restoreState, takeSnapshot } from './snapshot';
import { type EngineState, initialState, positionOf } from './state';

/**
 * One symbol's deterministic matching engine: the object the matcher service holds per symbol. It wraps the
 * functional core (decide/evolve over EngineState) with snapshots, a state fingerprint and read-only views.
 */
export class MatchingEngine {
  /** The last command's events; one buffer, reused by every command. */
  private readonly records = new EventRecords();

  private constructor(private readonly state: EngineState) {}

  static create(symbol: string, options: { expectedOrders?: number } = {}): MatchingEngine {
    return new MatchingEngine(initialState(symbol, options.expectedOrders));
  }

  static restore(snapshot: EngineSnapshot | Uint8Array): MatchingEngine {
    const decoded = snapshot instanceof Uint8Array ? decodeSnapshot(snapshot) : snapshot;
    return new MatchingEngine(restoreState(decoded));
  }

  get symbol(): string {
    return this.state.symbol;
  }

  /** Sequence number of the last event. */
  get seq(): number {
    return this.state.seq;
  }

  /** Time of the last event; a command stamped earlier happens at this time. */
  get lastEventTime(): number {
    return this.state.lastEventTime;
  }

  get instrument(): Instrument | undefined {
    return this.state.instrument;
  }

  /** The mark price in 10^-8 USDT per base unit, or undefined before the symbol's first index price. */
  get markPrice(): number | undefined {
    const mark = this.state.futures.markPrice;
    return mark > 0 ? mark : undefined;
  }

  /** The last index price in 10^-8 USDT per base unit, or undefined before the first. */
  get indexPrice(): number | undefined {
    const index = this.state.futures.indexPrice;
    return index > 0 ? index : undefined;
  }

  /** The last settled funding time and its rate (10^-8); time 0 before the first settlement. */
  get lastFunding(): { readonly time: number; readonly rate: number } {
    return { time: this.state.futures.lastFundingTime, rate: this.state.futures.lastFundingRate };
  }

  /** The symbol's insurance fund balance, in money. */
  get insuranceBalance(): bigint {
    return this.state.insuranceBalance;
  }

  /** The last trade price in ticks, or undefined before the first trade. */
  get lastPrice(): number | undefined {
    return this.state.lastPrice > 0 ? this.state.lastPrice : undefined;
  }

  /** Decides a command; the state reflects its events on return. */
  execute(command: EngineCommand): EngineEvent[] {
    return this.executeRecorded(command).toEvents();
  }

  /** execute, with the events left as records: valid until the next command (EventRecords.toEvents decodes). */
  executeRecorded(command: EngineCommand): EventRecords {
    decideInto(this.state, command, this.records);
    return this.records;
  }

  /** Replays an event decided earlier (recovery from the event store). */
  apply(event: EngineEvent): void {
    evolve(this.state, event);
  }

  snapshot(): EngineSnapshot {
    return takeSnapshot(this.state);
  }

  encodedSnapshot(): Uint8Array {
    return encodeSnapshot(this.snapshot());
  }

  /** A fingerprint of the whole state: equal hashes ⇔ (with overwhelming likelihood) equal states. */
  stateHash(): string {
    return murmur3x86_128(this.encodedSnapshot());
  }

  bestPrice(side: Side): number | undefined {
    return this.state.book.bestPrice(side);
  }

  /** Aggregated levels, best first: [price ticks, quantity lots]. */
  depth(side: Side, limit = Number.MAX_SAFE_INTEGER): [number, number][] {
    return this.state.book.depth(side, limit);
  }

  position(accountId: number): Position {
    return expandPosition(positionOf(this.state, accountId));
  }

  /** All positions that were ever opened, by account. */
  positions(): ReadonlyMap<number, Position> {
    return new Map(
      [...this.state.positions.entries()].map(([accountId, p]) => [accountId, expandPosition(p)]),
    );
  }

  openOrder(orderId: number): RestingOrderFields | undefined {
    const slot = this.state.book.slotOf(orderId);
    return slot === NO_SLOT ? undefined : this.state.book.orders.fields(slot);
  }

  openOrders(accountId: number): RestingOrderFields[] {
    return this.state.book.slotsOfAccount(accountId).map((slot) => this.state.book.orders.fields(slot));
  }

  /** Resting orders at a price level in queue order (time priority). */
  queueAt(side: Side, price: number): RestingOrderFields[] {
    const level = this.state.book.ladder(side).find(price);
    const orders = this.state.book.orders;
    const queue: RestingOrderFields[] = [];
    for (let slot = level?.head ?? NO_SLOT; slot !== NO_SLOT; slot = orders.nextOf(slot))
      queue.push(orders.fields(slot));
    return queue;
  }

  get openOrderCount(): number {
    return this.state.book.size;
  }
}
