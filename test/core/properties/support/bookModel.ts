import type { EngineEvent } from '../../../../core/engine/events';
import type { OrderType, SelfTradePreventionMode, Side, TimeInForce } from '../../../../core/orders/order';
import { expandPosition, type Position } from '../../../../core/position/position';
import { type Market, marketTakeLimit } from './markets';
import type { Observer, Step } from './run';

/**
 * An independent replica of the book, built from events alone: every order ever accepted with its ledger
 * (total, filled, open, canceled, expired), each price level as a FIFO queue of order ids, the order in hand
 * while a command matches, and positions as the fills report them. Properties query it *before* applying an
 * event ("which order is at the head of the best ask now?") and compare it with the engine after a command.
 *
 * It throws when an event is impossible for the book it describes (a trade with an order that is not
 * resting, a rest without an order in hand): such events are an engine bug whatever property is running.
 */

export type OrderState = 'IN_HAND' | 'RESTING' | 'DONE';

export interface ModelOrder {
  readonly orderId: number;
  readonly accountId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  /** Limit price (ticks); 0 for MARKET. Amendments change it. */
  price: number;
  /** Accepted quantity, or the latest amended total. */
  total: number;
  filled: number;
  /** Quantity still working: resting on the book or in hand. */
  open: number;
  canceled: number;
  expired: number;
  /** The mode stored with the order (NONE after an amendment). */
  stp: SelfTradePreventionMode;
  amendments: number;
  state: OrderState;
}

export interface InHand {
  readonly order: ModelOrder;
  /** The worst price it may trade at: a LIMIT's price, a MARKET order's take bound (±Infinity: none). */
  readonly limit: number;
  /** The STP mode matching applies: FOK, GTX and amended orders behave as NONE. */
  readonly stp: SelfTradePreventionMode;
  readonly viaAmend: boolean;
}

const FLAT: Position = { size: 0, entryNotional: 0n, realizedPnl: 0n };

export function oppositeSide(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/** True when a taker on `side` with this limit may trade at `price`. */
export function crossesLimit(side: Side, limit: number, price: number): boolean {
  return side === 'BUY' ? price <= limit : price >= limit;
}

export class BookModel {
  readonly orders = new Map<number, ModelOrder>();
  private readonly queues: Record<Side, Map<number, number[]>> = { BUY: new Map(), SELL: new Map() };
  private readonly positionByAccount = new Map<number, Position>();
  inHand: InHand | undefined;
  lastPrice: number | undefined;

  constructor(readonly market: Market) {}

  order(orderId: number): ModelOrder {
    const order = this.orders.get(orderId);
    if (order === undefined) throw new Error(`event names order ${orderId}, which was never accepted`);
    return order;
  }

  position(accountId: number): Position {
    return this.positionByAccount.get(accountId) ?? FLAT;
  }

  accounts(): number[] {
    return [
      ...new Set([...this.positionByAccount.keys(), ...[...this.orders.values()].map((o) => o.accountId)]),
    ];
  }

  /** Price levels of a side, best first. */
  prices(side: Side): number[] {
    const prices = [...this.queues[side].keys()];
    return prices.sort((a, b) => (side === 'BUY' ? b - a : a - b));
  }

  bestPrice(side: Side): number | undefined {
    return this.prices(side)[0];
  }

  /** Order ids at a level, first in time priority first. */
  queue(side: Side, price: number): readonly number[] {
    return this.queues[side].get(price) ?? [];
  }

  /** The order a taker on the other side meets next: first in line at the best level. */
  head(side: Side): ModelOrder | undefined {
    const best = this.bestPrice(side);
    return best === undefined ? undefined : this.order(this.queue(side, best)[0]!);
  }

  levelQuantity(side: Side, price: number): number {
    return this.queue(side, price).reduce((sum, id) => sum + this.order(id).open, 0);
  }

  /** Aggregated depth, best first, as engine.depth() reports it. */
  depth(side: Side): [number, number][] {
    return this.prices(side).map((price) => [price, this.levelQuantity(side, price)]);
  }

  resting(): ModelOrder[] {
    return [...this.orders.values()].filter((o) => o.state === 'RESTING');
  }

  apply(event: EngineEvent): void {
    switch (event.type) {
      case 'OrderAccepted': {
        const o = event.order;
        if (this.inHand !== undefined)
          throw new Error(`order ${o.orderId} accepted while ${this.inHand.order.orderId} is in hand`);
        if (this.orders.has(o.orderId)) throw new Error(`order id ${o.orderId} accepted twice`);
        const order: ModelOrder = {
          orderId: o.orderId,
          accountId: o.accountId,
          clientOrderId: o.clientOrderId,
          side: o.side,
          type: o.type,
          timeInForce: o.timeInForce,
          reduceOnly: o.reduceOnly,
          price: o.price,
          total: o.quantity,
          filled: 0,
          open: o.quantity,
          canceled: 0,
          expired: 0,
          stp: o.selfTradePreventionMode,
          amendments: 0,
          state: 'IN_HAND',
        };
        this.orders.set(o.orderId, order);
        this.inHand = {
          order,
          limit: o.type === 'MARKET' ? this.marketLimit(o.side) : o.price,
          stp: o.timeInForce === 'FOK' || o.timeInForce === 'GTX' ? 'NONE' : o.selfTradePreventionMode,
          viaAmend: false,
        };
        return;
      }
      case 'OrderRested': {
        const order = this.takeInHand(event.orderId);
        if (event.quantity !== order.open) {
          throw new Error(`order ${order.orderId} rests ${event.quantity} lots but has ${order.open} open`);
        }
        order.state = 'RESTING';
        this.enqueue(order);
        return;
      }
      case 'Trade': {
        const maker = this.order(event.maker.orderId);
        if (maker.state !== 'RESTING')
          throw new Error(`trade ${event.tradeId}: maker ${maker.orderId} is not resting`);
        const inHand = this.inHand;
        if (inHand === undefined || inHand.order.orderId !== event.taker.orderId) {
          throw new Error(`trade ${event.tradeId}: taker ${event.taker.orderId} is not the order in hand`);
        }
        const taker = inHand.order;
        for (const order of [maker, taker]) {
          if (event.quantity > order.open) {
            throw new Error(
              `trade ${event.tradeId} of ${event.quantity} lots exceeds order ${order.orderId}'s ${order.open}`,
            );
          }
          order.filled += event.quantity;
          order.open -= event.quantity;
        }
        if (maker.open === 0) {
          maker.state = 'DONE';
          this.dequeue(maker);
        }
        if (taker.open === 0) {
          taker.state = 'DONE';
          this.inHand = undefined;
        }
        this.positionByAccount.set(event.maker.accountId, expandPosition(event.maker.position));
        this.positionByAccount.set(event.taker.accountId, expandPosition(event.taker.position));
        this.lastPrice = event.price;
        return;
      }
      case 'OrderCanceled': {
        const order = this.order(event.orderId);
        if (order.state !== 'RESTING') throw new Error(`canceled order ${order.orderId} is not resting`);
        this.dequeue(order);
        order.canceled += event.quantity;
        order.open -= event.quantity;
        order.state = 'DONE';
        return;
      }
      case 'OrderExpired': {
        const order =
          event.levelQuantity === null ? this.takeInHand(event.orderId) : this.order(event.orderId);
        if (event.levelQuantity !== null) {
          if (order.state !== 'RESTING') throw new Error(`expired order ${order.orderId} is not resting`);
          this.dequeue(order);
        }
        order.expired += event.quantity;
        order.open -= event.quantity;
        order.state = 'DONE';
        return;
      }
      case 'OrderAmended': {
        const order = this.order(event.orderId);
        if (order.state !== 'RESTING') throw new Error(`amended order ${order.orderId} is not resting`);
        order.total = event.quantity;
        order.open = event.remaining;
        order.stp = 'NONE';
        order.amendments++;
        if (event.priority === 'KEPT') {
          if (event.price !== order.price)
            throw new Error(`order ${order.orderId} kept priority at a new price`);
          return;
        }
        this.dequeue(order);
        order.price = event.price;
        if (event.levelQuantity !== null) {
          this.enqueue(order);
        } else {
          if (this.inHand !== undefined)
            throw new Error(`amended order ${order.orderId} taken while another is in hand`);
          order.state = 'IN_HAND';
          this.inHand = { order, limit: event.price, stp: 'NONE', viaAmend: true };
        }
        return;
      }
      case 'SymbolListed':
      case 'SymbolUpdated':
      case 'OrderRejected':
      case 'AllOrdersCanceled':
      case 'CommandRejected':
        return;
    }
  }

  /** A MARKET order's take bound from the reference price, or from the best opposite price without one. */
  private marketLimit(side: Side): number {
    const reference = this.lastPrice ?? this.bestPrice(oppositeSide(side));
    if (reference === undefined) return side === 'BUY' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return marketTakeLimit(this.market, side, reference);
  }

  private takeInHand(orderId: number): ModelOrder {
    if (this.inHand === undefined || this.inHand.order.orderId !== orderId) {
      throw new Error(`order ${orderId} is not the order in hand`);
    }
    const order = this.inHand.order;
    this.inHand = undefined;
    return order;
  }

  private enqueue(order: ModelOrder): void {
    const levels = this.queues[order.side];
    const queue = levels.get(order.price);
    if (queue === undefined) levels.set(order.price, [order.orderId]);
    else queue.push(order.orderId);
  }

  private dequeue(order: ModelOrder): void {
    const levels = this.queues[order.side];
    const queue = levels.get(order.price);
    const at = queue?.indexOf(order.orderId) ?? -1;
    if (queue === undefined || at < 0)
      throw new Error(`order ${order.orderId} is not queued at ${order.price}`);
    queue.splice(at, 1);
    if (queue.length === 0) levels.delete(order.price);
  }
}

/** How many lots an order on `side` may still trade without growing or flipping the position. */
export function reducibleLots(position: Position, side: Side): number {
  return side === 'SELL' ? Math.max(position.size, 0) : Math.max(-position.size, 0);
}

export interface ModelHooks {
  /** Called for each event with the model as it was just before the event. */
  beforeEvent?(event: EngineEvent, model: BookModel, step: Step): void;
  /** Called once the model has applied all of a command's events. */
  afterCommand?(step: Step, model: BookModel): void;
}

/** An observer that keeps a BookModel in step with the run and calls the hooks. */
export function following(model: BookModel, hooks: ModelHooks): Observer {
  return {
    after(step) {
      for (const event of step.events) {
        hooks.beforeEvent?.(event, model, step);
        model.apply(event);
      }
      if (model.inHand !== undefined) {
        throw new Error(
          `command ${step.command.commandId} ended with order ${model.inHand.order.orderId} in hand`,
        );
      }
      hooks.afterCommand?.(step, model);
    },
  };
}
