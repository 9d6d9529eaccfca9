import type { CompactMoney } from '../numbers/money';
import type { NewOrder, Side } from '../orders/order';
import type { CompactPosition } from '../position/position';
import { cancelReasonCode, type EventRecords, expiryReasonCode, sideCode } from './eventRecords';
import type { CancelReason, EngineEvent, ExpiryReason } from './events';
import {
  eventApplied,
  evolve,
  orderAccepted,
  orderExpired,
  orderRested,
  removeResting,
  traded,
} from './evolve';
import type { EngineState } from './state';

/**
 * One command being decided. Each event is applied to the state the moment it is decided, so the rest of the
 * decision sees its effect (the next maker, the new position), and the state only ever changes through evolve's
 * appliers: replaying the events rebuilds exactly this state.
 *
 * The five kinds of event every order makes have their own methods (accepted, rested, traded, canceled,
 * expired): each calls the applier evolve calls for that kind, with the same fields, and writes the event as a
 * record. The other kinds are made as objects and go through emit, which is evolve itself.
 */
export class Decision {
  /** Accounts whose position changed in this command (the reduce-only knock-out looks at these); made on demand. */
  positionsChanged: Set<number> | undefined;

  constructor(
    readonly state: EngineState,
    readonly commandId: string,
    readonly time: number,
    readonly records: EventRecords,
  ) {}

  /** The sequence number of the event about to be emitted. */
  get seq(): number {
    return this.state.seq + 1;
  }

  /** `makerSlot`: where the maker of a Trade rests, when the caller knows (spares evolve a lookup; checked). */
  emit(event: EngineEvent, makerSlot?: number): void {
    evolve(this.state, event, makerSlot);
    this.records.object(event);
  }

  accepted(order: NewOrder, quantity: number): void {
    if (!this.records.isCommandOrder(order)) {
      // An order the command did not carry (a triggered conditional order): written whole, as an object.
      this.emit({
        type: 'OrderAccepted',
        seq: this.seq,
        time: this.time,
        commandId: this.commandId,
        order: quantity === order.quantity ? order : { ...order, quantity },
        requestedQuantity: quantity === order.quantity ? null : order.quantity,
      });
      return;
    }
    orderAccepted(this.state, order);
    eventApplied(this.state, this.time);
    this.records.accepted(quantity, quantity === order.quantity ? null : order.quantity);
  }

  /** The event's level quantity is the level's after the order joined it, as the book reports it. */
  rested(orderId: number, accountId: number, side: Side, price: number, quantity: number): void {
    const levelQuantity = orderRested(this.state, orderId, accountId, side, price, quantity);
    eventApplied(this.state, this.time);
    this.records.rested(orderId, accountId, sideCode(side), price, quantity, levelQuantity);
  }

  /** A Trade: its own fields, then the maker's fill, then the taker's, as on the event. */
  traded(
    makerSlot: number,
    tradeId: number,
    price: number,
    quantity: number,
    takerSide: Side,
    makerOrderId: number,
    makerAccountId: number,
    makerRemaining: number,
    makerFee: CompactMoney,
    makerRealizedPnl: CompactMoney,
    makerPosition: CompactPosition,
    takerOrderId: number,
    takerAccountId: number,
    takerRemaining: number,
    takerFee: CompactMoney,
    takerRealizedPnl: CompactMoney,
    takerPosition: CompactPosition,
    makerLevelQuantity: number,
  ): void {
    if (
      typeof makerFee !== 'number' ||
      typeof makerRealizedPnl !== 'number' ||
      typeof makerPosition.entryNotional !== 'number' ||
      typeof makerPosition.realizedPnl !== 'number' ||
      typeof takerFee !== 'number' ||
      typeof takerRealizedPnl !== 'number' ||
      typeof takerPosition.entryNotional !== 'number' ||
      typeof takerPosition.realizedPnl !== 'number'
    ) {
      this.emit(
        {
          type: 'Trade',
          seq: this.seq,
          time: this.time,
          commandId: this.commandId,
          tradeId,
          price,
          quantity,
          takerSide,
          maker: {
            orderId: makerOrderId,
            accountId: makerAccountId,
            remaining: makerRemaining,
            fee: makerFee,
            realizedPnl: makerRealizedPnl,
            position: makerPosition,
          },
          taker: {
            orderId: takerOrderId,
            accountId: takerAccountId,
            remaining: takerRemaining,
            fee: takerFee,
            realizedPnl: takerRealizedPnl,
            position: takerPosition,
          },
          makerLevelQuantity,
        },
        makerSlot,
      );
      return;
    }
    traded(
      this.state,
      makerSlot,
      tradeId,
      price,
      quantity,
      makerOrderId,
      makerAccountId,
      makerRemaining,
      makerPosition,
      takerOrderId,
      takerAccountId,
      takerRemaining,
      takerPosition,
    );
    eventApplied(this.state, this.time);
    this.records.trade(
      tradeId,
      price,
      quantity,
      sideCode(takerSide),
      makerOrderId,
      makerAccountId,
      makerRemaining,
      makerFee,
      makerRealizedPnl,
      makerPosition,
      takerOrderId,
      takerAccountId,
      takerRemaining,
      takerFee,
      takerRealizedPnl,
      takerPosition,
      makerLevelQuantity,
    );
  }

  canceled(
    orderId: number,
    accountId: number,
    side: Side,
    price: number,
    quantity: number,
    levelQuantity: number,
    reason: CancelReason,
  ): void {
    removeResting(this.state, orderId);
    eventApplied(this.state, this.time);
    this.records.canceled(
      orderId,
      accountId,
      sideCode(side),
      price,
      quantity,
      levelQuantity,
      cancelReasonCode(reason),
    );
  }

  /** levelQuantity null: the order in hand ends, not a resting one. */
  expired(
    orderId: number,
    accountId: number,
    side: Side,
    price: number,
    quantity: number,
    levelQuantity: number | null,
    reason: ExpiryReason,
  ): void {
    orderExpired(this.state, orderId, levelQuantity !== null);
    eventApplied(this.state, this.time);
    this.records.expired(
      orderId,
      accountId,
      sideCode(side),
      price,
      quantity,
      levelQuantity ?? -1,
      expiryReasonCode(reason),
    );
  }

  positionChanged(accountId: number): void {
    this.positionsChanged ??= new Set();
    this.positionsChanged.add(accountId);
  }
}
