import type { Side } from '../orders/order';
import type { CompactPosition } from '../position/position';
import type { EngineCommand, PlaceOrder } from './commands';
import type { CancelReason, EngineEvent, ExpiryReason } from './events';

/**
 * One command's events, as the engine writes them: fixed-layout records of numbers in a buffer it reuses for
 * every command, not an object per event. Making those objects was half of the engine's own work per operation
 * (docs/engine-performance.md); writing the same fields as numbers costs a third of that.
 *
 * The five kinds every order makes (accepted, rested, trade, canceled, expired) are records: a type code, then
 * the event's fields, with sides and reasons as codes and a missing level quantity as −1. The sequence number,
 * time and command id are the batch's: consecutive from `firstSeq`, the decision's time, the command's id. The
 * rare kinds, and a trade whose money is not a safe integer (a Float64Array cannot hold a bigint), are kept as
 * the objects they are, in order among the records.
 *
 * `toEvents()` decodes the batch into the EngineEvent union, field for field and in the key order the events
 * have always had, so that their JSON is unchanged. A batch is valid until the engine's next command.
 */
const OBJECT = 0;
const ACCEPTED = 1;
const RESTED = 2;
const TRADE = 3;
const CANCELED = 4;
const EXPIRED = 5;

/** Numbers in a rested, canceled or expired record, and in a trade record. */
const ORDER_RECORD = 8;
const TRADE_RECORD = 22;

const SIDES: readonly Side[] = ['BUY', 'SELL'];
const CANCEL_REASONS: readonly CancelReason[] = ['USER', 'CANCEL_ALL', 'AMEND'];
const EXPIRY_REASONS: readonly ExpiryReason[] = [
  'IOC',
  'MARKET',
  'SELF_TRADE_PREVENTION',
  'REDUCE_ONLY',
  'GTD',
];

export function sideCode(side: Side): number {
  return side === 'BUY' ? 0 : 1;
}

/** The reason's place in CANCEL_REASONS, the table toEvents decodes it with. */
export function cancelReasonCode(reason: CancelReason): number {
  return CANCEL_REASONS.indexOf(reason);
}

/** The reason's place in EXPIRY_REASONS, the table toEvents decodes it with. */
export function expiryReasonCode(reason: ExpiryReason): number {
  return EXPIRY_REASONS.indexOf(reason);
}

export class EventRecords {
  private numbers = new Float64Array(4096);
  private at = 0;
  private objects: EngineEvent[] = [];
  /** Number of events. */
  count = 0;
  /** Number of Trade events. */
  trades = 0;
  private command: EngineCommand | undefined;
  private firstSeq = 0;
  private time = 0;

  /** Starts a command's batch. */
  begin(command: EngineCommand, firstSeq: number, time: number): void {
    this.command = command;
    this.firstSeq = firstSeq;
    this.time = time;
    this.at = 0;
    this.count = 0;
    this.trades = 0;
    if (this.objects.length !== 0) this.objects = [];
  }

  object(event: EngineEvent): void {
    const at = this.reserve(2);
    this.numbers[at] = OBJECT;
    this.numbers[at + 1] = this.objects.length;
    this.objects.push(event);
    this.count++;
    if (event.type === 'Trade') this.trades++;
  }

  /** Is this the command's own order? An accepted record decodes its order from the command. */
  isCommandOrder(order: unknown): boolean {
    const command = this.command;
    return command !== undefined && command.type === 'PlaceOrder' && command.order === order;
  }

  accepted(quantity: number, requestedQuantity: number | null): void {
    const at = this.reserve(3);
    const r = this.numbers;
    r[at] = ACCEPTED;
    r[at + 1] = quantity;
    r[at + 2] = requestedQuantity ?? -1;
    this.count++;
  }

  rested(
    orderId: number,
    accountId: number,
    side: number,
    price: number,
    quantity: number,
    levelQuantity: number,
  ): void {
    this.order(RESTED, orderId, accountId, side, price, quantity, levelQuantity, 0);
  }

  /** Money must be safe integers here (the caller keeps other trades as objects). */
  trade(
    tradeId: number,
    price: number,
    quantity: number,
    takerSide: number,
    makerOrderId: number,
    makerAccountId: number,
    makerRemaining: number,
    makerFee: number,
    makerRealizedPnl: number,
    makerPosition: CompactPosition,
    takerOrderId: number,
    takerAccountId: number,
    takerRemaining: number,
    takerFee: number,
    takerRealizedPnl: number,
    takerPosition: CompactPosition,
    makerLevelQuantity: number,
  ): void {
    const at = this.reserve(TRADE_RECORD);
    const r = this.numbers;
    r[at] = TRADE;
    r[at + 1] = tradeId;
    r[at + 2] = price;
    r[at + 3] = quantity;
    r[at + 4] = takerSide;
    r[at + 5] = makerOrderId;
    r[at + 6] = makerAccountId;
    r[at + 7] = makerRemaining;
    r[at + 8] = makerFee;
    r[at + 9] = makerRealizedPnl;
    r[at + 10] = makerPosition.size;
    r[at + 11] = makerPosition.entryNotional as number;
    r[at + 12] = makerPosition.realizedPnl as number;
    r[at + 13] = takerOrderId;
    r[at + 14] = takerAccountId;
    r[at + 15] = takerRemaining;
    r[at + 16] = takerFee;
    r[at + 17] = takerRealizedPnl;
    r[at + 18] = takerPosition.size;
    r[at + 19] = takerPosition.entryNotional as number;
    r[at + 20] = takerPosition.realizedPnl as number;
    r[at + 21] = makerLevelQuantity;
    this.count++;
    this.trades++;
  }

  canceled(
    orderId: number,
    accountId: number,
    side: number,
    price: number,
    quantity: number,
    levelQuantity: number,
    reason: number,
  ): void {
    this.order(CANCELED, orderId, accountId, side, price, quantity, levelQuantity, reason);
  }

  /** levelQuantity −1 for none: the order in hand expired, not a resting one. */
  expired(
    orderId: number,
    accountId: number,
    side: number,
    price: number,
    quantity: number,
    levelQuantity: number,
    reason: number,
  ): void {
    this.order(EXPIRED, orderId, accountId, side, price, quantity, levelQuantity, reason);
  }

  /** The layout rested, canceled and expired share: an order at its level, and (but for rested) a reason. */
  private order(
    type: number,
    orderId: number,
    accountId: number,
    side: number,
    price: number,
    quantity: number,
    levelQuantity: number,
    reason: number,
  ): void {
    const at = this.reserve(ORDER_RECORD);
    const r = this.numbers;
    r[at] = type;
    r[at + 1] = orderId;
    r[at + 2] = accountId;
    r[at + 3] = side;
    r[at + 4] = price;
    r[at + 5] = quantity;
    r[at + 6] = levelQuantity;
    r[at + 7] = reason;
    this.count++;
  }

  /** The batch as the EngineEvent union. */
  toEvents(): EngineEvent[] {
    const events: EngineEvent[] = [];
    const r = this.numbers;
    const command = this.command!;
    const commandId = command.commandId;
    const time = this.time;
    let seq = this.firstSeq;
    for (let at = 0; at < this.at; seq++) {
      switch (r[at]) {
        case OBJECT:
          events.push(this.objects[r[at + 1]!]!);
          at += 2;
          break;
        case ACCEPTED: {
          const order = (command as PlaceOrder).order;
          const quantity = r[at + 1]!;
          const requested = r[at + 2]!;
          events.push({
            type: 'OrderAccepted',
            seq,
            time,
            commandId,
            order: quantity === order.quantity ? order : { ...order, quantity },
            requestedQuantity: requested === -1 ? null : requested,
          });
          at += 3;
          break;
        }
        case RESTED:
          events.push({
            type: 'OrderRested',
            seq,
            time,
            commandId,
            orderId: r[at + 1]!,
            accountId: r[at + 2]!,
            side: SIDES[r[at + 3]!]!,
            price: r[at + 4]!,
            quantity: r[at + 5]!,
            levelQuantity: r[at + 6]!,
          });
          at += ORDER_RECORD;
          break;
        case TRADE:
          events.push({
            type: 'Trade',
            seq,
            time,
            commandId,
            tradeId: r[at + 1]!,
            price: r[at + 2]!,
            quantity: r[at + 3]!,
            takerSide: SIDES[r[at + 4]!]!,
            maker: {
              orderId: r[at + 5]!,
              accountId: r[at + 6]!,
              remaining: r[at + 7]!,
              fee: r[at + 8]!,
              realizedPnl: r[at + 9]!,
              position: { size: r[at + 10]!, entryNotional: r[at + 11]!, realizedPnl: r[at + 12]! },
            },
            taker: {
              orderId: r[at + 13]!,
              accountId: r[at + 14]!,
              remaining: r[at + 15]!,
              fee: r[at + 16]!,
              realizedPnl: r[at + 17]!,
              position: { size: r[at + 18]!, entryNotional: r[at + 19]!, realizedPnl: r[at + 20]! },
            },
            makerLevelQuantity: r[at + 21]!,
          });
          at += TRADE_RECORD;
          break;
        case CANCELED:
          events.push({
            type: 'OrderCanceled',
            seq,
            time,
            commandId,
            orderId: r[at + 1]!,
            accountId: r[at + 2]!,
            side: SIDES[r[at + 3]!]!,
            price: r[at + 4]!,
            quantity: r[at + 5]!,
            levelQuantity: r[at + 6]!,
            reason: CANCEL_REASONS[r[at + 7]!]!,
          });
          at += ORDER_RECORD;
          break;
        case EXPIRED:
          events.push({
            type: 'OrderExpired',
            seq,
            time,
            commandId,
            orderId: r[at + 1]!,
            accountId: r[at + 2]!,
            side: SIDES[r[at + 3]!]!,
            price: r[at + 4]!,
            quantity: r[at + 5]!,
            levelQuantity: r[at + 6] === -1 ? null : r[at + 6]!,
            reason: EXPIRY_REASONS[r[at + 7]!]!,
          });
          at += ORDER_RECORD;
          break;
        default:
          throw new Error(`event records: unknown record ${r[at]}`);
      }
    }
    return events;
  }

  /** Makes room for `size` numbers; returns where they go. It may replace the buffer: read it after. */
  private reserve(size: number): number {
    const at = this.at;
    if (at + size > this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.at = at + size;
    return at;
  }
}
