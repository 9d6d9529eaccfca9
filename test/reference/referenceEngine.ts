import { type Rejection, Rejections, withDetail } from '../../core/errors';
import type { AlgoOrderType, NewAlgoOrder, WorkingType } from '../../core/orders/algoOrder';
import type { NewOrder, SelfTradePreventionMode, Side } from '../../core/orders/order';
import type { Position } from '../../core/position/position';
import { compileInstrument, type Instrument, InvalidSymbolSpec } from '../../core/symbol/instrument';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';

/**
 * A deliberately naive second implementation of docs/matching-semantics.md, written from the page and not
 * from core/engine or core/book (it imports neither, not even their types): the oracle of the differential
 * test.
 *
 * - Each side of the book is a plain array of order objects kept in price-time priority by linear insertion;
 *   a level's quantity is a sum over the array; finding an order is a linear search.
 * - Positions are a plain Map, and the position arithmetic is re-implemented here from the page's
 *   "Positions" section rather than imported, so a bug in core/position cannot hide in both engines at once.
 *   Fees and the price-band and take-bound tests are likewise re-done (the bands as exact rational
 *   comparisons instead of rounded tick limits).
 * - A FOK order's "could it fill completely right now" is answered by cloning the whole state and really
 *   matching the order on the clone, not by a dry-run walk.
 * - The reduce-only knock-out looks at every account with resting reduce-only orders, not only the accounts
 *   the command touched.
 *
 * Borrowed on purpose: the contract's codes and messages (core/errors), the spec compiler (decimal parsing of
 * tick/step/filters into integers, and the validation messages that ListSymbol/UpdateSymbol rejections
 * carry), and the vocabulary types of core/orders and core/position.
 *
 * The mark price is an input here: deriving it from an index price (docs/futures.md) has its own independent
 * model (test/core/properties/support/futuresModel.ts), so an UpdateIndexPrice is given the mark the engine
 * derived (`observedMark`), and the reference emits that MarkPriceUpdated and applies everything the page says a
 * mark does: the filters and take bound measured against it, MARK_PRICE triggers and trailing stops, priceProtect.
 */

/** The commands, structurally the engine's EngineCommand (declared here so nothing comes from core/engine). */
interface Header {
  readonly commandId: string;
  readonly time: number;
}
export type RefCommand =
  | (Header & { readonly type: 'ListSymbol'; readonly spec: SymbolSpec })
  | (Header & { readonly type: 'UpdateSymbol'; readonly spec: SymbolSpec })
  | (Header & { readonly type: 'PlaceOrder'; readonly order: NewOrder })
  | (Header & { readonly type: 'CancelOrder' } & OrderRef)
  | (Header & { readonly type: 'CancelAllOrders'; readonly accountId: number })
  | (Header & {
      readonly type: 'AmendOrder';
      readonly side: Side;
      readonly price: number;
      readonly quantity: number;
    } & OrderRef)
  | (Header & { readonly type: 'PlaceAlgoOrder'; readonly order: NewAlgoOrder })
  | (Header & {
      readonly type: 'CancelAlgoOrder';
      readonly accountId: number;
      readonly algoId?: number;
      readonly clientAlgoId?: string;
    })
  | (Header & { readonly type: 'CancelAllAlgoOrders'; readonly accountId: number })
  | (Header & {
      readonly type: 'UpdateIndexPrice';
      readonly price: string;
      readonly sources: readonly { readonly name: string; readonly price: string }[];
    });

/** A MarkPriceUpdated's own fields (see the class comment: the mark is an input of the reference). */
export interface ObservedMark {
  readonly indexPrice: number;
  readonly markPrice: number;
  readonly premium: number;
  readonly basis: number | null;
  readonly sampled: boolean;
  readonly estimatedFundingRate: number;
  readonly lastFundingRate: number;
  readonly nextFundingTime: number;
  readonly sources: readonly { readonly name: string; readonly price: string }[];
}

interface OrderRef {
  readonly accountId: number;
  readonly orderId?: number;
  readonly clientOrderId?: string;
}

interface EventHeader {
  readonly seq: number;
  readonly time: number;
  readonly commandId: string;
}
/**
 * Money on events as the page specifies it: an exact count of 10^-8 USDT, a number while it is a safe integer
 * and a bigint only beyond. The reference computes in bigint and converts here, on its own.
 */
type EventMoney = number | bigint;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const eventMoney = (amount: bigint): EventMoney =>
  amount >= -MAX_SAFE && amount <= MAX_SAFE ? Number(amount) : amount;
const eventPosition = (p: Position): RefFill['position'] => ({
  size: p.size,
  entryNotional: eventMoney(p.entryNotional),
  realizedPnl: eventMoney(p.realizedPnl),
});

export interface RefFill {
  readonly orderId: number;
  readonly accountId: number;
  readonly remaining: number;
  readonly fee: EventMoney;
  readonly realizedPnl: EventMoney;
  readonly position: {
    readonly size: number;
    readonly entryNotional: EventMoney;
    readonly realizedPnl: EventMoney;
  };
}
type ExpiryReason = 'IOC' | 'MARKET' | 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY' | 'GTD';
type CancelReason = 'USER' | 'CANCEL_ALL' | 'AMEND';
type EventBody =
  | { readonly type: 'SymbolListed'; readonly spec: SymbolSpec }
  | { readonly type: 'SymbolUpdated'; readonly spec: SymbolSpec }
  | { readonly type: 'OrderAccepted'; readonly order: NewOrder; readonly requestedQuantity: number | null }
  | {
      readonly type: 'OrderRejected';
      readonly order: NewOrder;
      readonly code: number;
      readonly reason: string;
    }
  | {
      readonly type: 'OrderRested';
      readonly orderId: number;
      readonly accountId: number;
      readonly side: Side;
      readonly price: number;
      readonly quantity: number;
      readonly levelQuantity: number;
    }
  | {
      readonly type: 'Trade';
      readonly tradeId: number;
      readonly price: number;
      readonly quantity: number;
      readonly takerSide: Side;
      readonly maker: RefFill;
      readonly taker: RefFill;
      readonly makerLevelQuantity: number;
    }
  | {
      readonly type: 'OrderCanceled';
      readonly orderId: number;
      readonly accountId: number;
      readonly side: Side;
      readonly price: number;
      readonly quantity: number;
      readonly levelQuantity: number;
      readonly reason: CancelReason;
    }
  | {
      readonly type: 'OrderExpired';
      readonly orderId: number;
      readonly accountId: number;
      readonly side: Side;
      readonly price: number;
      readonly quantity: number;
      readonly levelQuantity: number | null;
      readonly reason: ExpiryReason;
    }
  | {
      readonly type: 'OrderAmended';
      readonly orderId: number;
      readonly accountId: number;
      readonly side: Side;
      readonly oldPrice: number;
      readonly oldQuantity: number;
      readonly price: number;
      readonly quantity: number;
      readonly remaining: number;
      readonly priority: 'KEPT' | 'LOST';
      readonly oldLevelQuantity: number;
      readonly levelQuantity: number | null;
    }
  | { readonly type: 'AllOrdersCanceled'; readonly accountId: number; readonly count: number }
  | {
      readonly type: 'CommandRejected';
      readonly command: RejectableCommand;
      readonly accountId: number | null;
      readonly orderId: number | null;
      readonly clientOrderId: string | null;
      readonly code: number;
      readonly reason: string;
    }
  | { readonly type: 'AlgoOrderPlaced'; readonly algoOrder: NewAlgoOrder }
  | {
      readonly type: 'AlgoOrderTriggered';
      readonly algoId: number;
      readonly accountId: number;
      readonly orderId: number;
      readonly side: Side;
      readonly algoType: AlgoOrderType;
      readonly workingType: WorkingType;
      readonly workingPrice: number;
      readonly quantity: number;
    }
  | {
      readonly type: 'AlgoOrderCanceled';
      readonly algoId: number;
      readonly accountId: number;
      readonly reason: 'USER' | 'CANCEL_ALL';
    }
  | {
      readonly type: 'AlgoOrderExpired';
      readonly algoId: number;
      readonly accountId: number;
      readonly reason: 'GTD';
    }
  | ({ readonly type: 'MarkPriceUpdated' } & ObservedMark);
type RejectableCommand =
  | 'UpdateIndexPrice'
  | 'ListSymbol'
  | 'UpdateSymbol'
  | 'CancelOrder'
  | 'CancelAllOrders'
  | 'AmendOrder'
  | 'PlaceAlgoOrder'
  | 'CancelAlgoOrder';
export type RefEvent = EventHeader & EventBody;

/** An untriggered conditional order, as a plain object in a list kept in placement order. */
export interface RefAlgo {
  readonly order: NewAlgoOrder;
  readonly placedSeq: number;
  /** A trailing stop whose activation price was reached, and the best last price since then. */
  active: boolean;
  extreme: number;
}

/** A resting order, as a plain mutable object. */
export interface RefOrder {
  readonly orderId: number;
  readonly accountId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  price: number;
  remaining: number;
  filled: number;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
  selfTradePreventionMode: SelfTradePreventionMode;
  amendments: number;
  /** GTD: when it expires (epoch ms); 0 for the others. */
  readonly goodTillDate: number;
}

/** "Fewer than 9,999 earlier amendments (-5026)". */
const MAX_EARLIER_AMENDMENTS = 9_999;
const ONE = 100_000_000n; // rates and marketTakeBound are counts of 10^-8
const FLAT_POSITION: Position = { size: 0, entryNotional: 0n, realizedPnl: 0n };

/** The order in hand while it matches: a new order, or an amended one re-priced through the book. */
interface InHand {
  readonly orderId: number;
  readonly accountId: number;
  readonly side: Side;
  /** Does the taker accept a maker at this price? (its limit, or a MARKET order's take bound) */
  readonly accepts: (price: number) => boolean;
  readonly reduceOnly: boolean;
  readonly selfTradePreventionMode: SelfTradePreventionMode;
  remaining: number;
}

type MatchEnd = 'FILLED' | 'NO_LIQUIDITY' | 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY';

export class ReferenceEngine {
  private instrument: Instrument | undefined;
  private seq = 0;
  private nextTradeId = 1;
  private lastTradePrice: number | undefined;
  /** The mark, in 10^-8 USDT per base unit, once an index price made one: then the reference price. */
  private mark: number | undefined;
  /** Best first: bids by price descending, asks ascending; within a price, arrival at the level. */
  private bids: RefOrder[] = [];
  private asks: RefOrder[] = [];
  private positions = new Map<number, Position>();
  private algos: RefAlgo[] = [];
  private events: RefEvent[] = [];
  private header: Header = { commandId: '', time: 0 };

  constructor(readonly symbol: string) {}

  // ---------------------------------------------------------------- read side (for the test and generator)

  get listed(): boolean {
    return this.instrument !== undefined;
  }

  get trading(): boolean {
    return this.instrument?.spec.status === 'TRADING';
  }

  get spec(): SymbolSpec | undefined {
    return this.instrument?.spec;
  }

  get lastPrice(): number | undefined {
    return this.lastTradePrice;
  }

  /** The mark (10^-8 USDT), once an index price made one. */
  get markPrice(): number | undefined {
    return this.mark;
  }

  get tradeCount(): number {
    return this.nextTradeId - 1;
  }

  get lastSeq(): number {
    return this.seq;
  }

  position(accountId: number): Position {
    return this.positions.get(accountId) ?? FLAT_POSITION;
  }

  /** All resting orders, bids best first then asks best first (the book's priority). */
  orders(): readonly RefOrder[] {
    return [...this.bids, ...this.asks];
  }

  openOrders(accountId: number): RefOrder[] {
    return this.orders().filter((o) => o.accountId === accountId);
  }

  bestPrice(side: Side): number | undefined {
    return this.bookOf(side)[0]?.price;
  }

  /** Aggregated levels, best first: [price, quantity]. */
  depth(side: Side): [number, number][] {
    const levels: [number, number][] = [];
    for (const order of this.bookOf(side)) {
      const last = levels[levels.length - 1];
      if (last !== undefined && last[0] === order.price) last[1] += order.remaining;
      else levels.push([order.price, order.remaining]);
    }
    return levels;
  }

  // ---------------------------------------------------------------- commands

  execute(command: RefCommand, observedMark?: ObservedMark): RefEvent[] {
    this.events = [];
    this.header = { commandId: command.commandId, time: command.time };
    this.expireGoodTillDate();
    this.expireAlgos();
    switch (command.type) {
      case 'ListSymbol':
        this.listSymbol(command.spec);
        break;
      case 'UpdateSymbol':
        this.updateSymbol(command.spec);
        break;
      case 'PlaceOrder':
        this.placeOrder(command.order);
        this.runTriggers();
        break;
      case 'PlaceAlgoOrder':
        this.placeAlgo(command.order);
        break;
      case 'CancelAlgoOrder':
        this.cancelAlgo(command);
        break;
      case 'CancelAllAlgoOrders': {
        const mine = this.algos.filter((a) => a.order.accountId === command.accountId);
        for (const a of mine) this.removeAlgo(a, 'AlgoOrderCanceled', 'CANCEL_ALL');
        this.emit({ type: 'AllOrdersCanceled', accountId: command.accountId, count: mine.length });
        break;
      }
      case 'CancelOrder':
        this.cancelOrder(command);
        break;
      case 'CancelAllOrders':
        this.cancelAll(command.accountId);
        break;
      case 'AmendOrder':
        this.amendOrder(command);
        this.runTriggers();
        break;
      case 'UpdateIndexPrice':
        if (this.instrument === undefined)
          this.rejectCommand('UpdateIndexPrice', Rejections.invalidSymbol, {});
        else if (observedMark === undefined)
          this.rejectCommand('UpdateIndexPrice', withDetail(Rejections.invalidParameter, 'price'), {});
        else {
          this.emit({ type: 'MarkPriceUpdated', ...observedMark });
          this.mark = observedMark.markPrice;
          this.trackTrailing('MARK_PRICE', this.mark);
          this.runTriggers();
        }
        break;
    }
    return this.events;
  }

  get untriggered(): readonly RefAlgo[] {
    return this.algos;
  }

  private emit(body: EventBody): void {
    this.seq += 1;
    this.events.push({ seq: this.seq, time: this.header.time, commandId: this.header.commandId, ...body });
  }

  private rejectCommand(
    command: RejectableCommand,
    rejection: Rejection,
    ref: { accountId?: number; orderId?: number; clientOrderId?: string },
  ): void {
    this.emit({
      type: 'CommandRejected',
      command,
      accountId: ref.accountId ?? null,
      orderId: ref.orderId ?? null,
      clientOrderId: ref.clientOrderId ?? null,
      code: rejection.code,
      reason: rejection.msg,
    });
  }

  // ---------------------------------------------------------------- symbols

  private listSymbol(spec: SymbolSpec): void {
    const problem = this.listed ? `${spec.symbol} is already listed` : this.specProblem(spec);
    if (problem !== undefined) {
      this.rejectCommand('ListSymbol', withDetail(Rejections.invalidParameter, `spec: ${problem}`), {});
      return;
    }
    this.instrument = compileInstrument(spec);
    this.emit({ type: 'SymbolListed', spec });
  }

  private updateSymbol(spec: SymbolSpec): void {
    const current = this.instrument;
    if (current === undefined) {
      this.rejectCommand('UpdateSymbol', Rejections.invalidSymbol, {});
      return;
    }
    let problem = this.specProblem(spec);
    if (
      problem === undefined &&
      (spec.tickSize !== current.spec.tickSize || spec.stepSize !== current.spec.stepSize)
    )
      problem = 'tickSize and stepSize cannot change once listed';
    if (problem !== undefined) {
      this.rejectCommand('UpdateSymbol', withDetail(Rejections.invalidParameter, `spec: ${problem}`), {});
      return;
    }
    this.instrument = compileInstrument(spec);
    this.emit({ type: 'SymbolUpdated', spec });
  }

  private specProblem(spec: SymbolSpec): string | undefined {
    if (spec.symbol !== this.symbol)
      return `symbol ${spec.symbol} does not belong to the ${this.symbol} engine`;
    try {
      compileInstrument(spec);
      return undefined;
    } catch (error) {
      if (error instanceof InvalidSymbolSpec) return error.message;
      throw error;
    }
  }

  // ---------------------------------------------------------------- new orders

  private placeOrder(order: NewOrder): void {
    const verdict = this.admit(order);
    if (typeof verdict !== 'number') {
      this.emit({ type: 'OrderRejected', order, code: verdict.code, reason: verdict.msg });
      return;
    }
    const quantity = verdict;
    this.emit({
      type: 'OrderAccepted',
      order: quantity === order.quantity ? order : { ...order, quantity },
      requestedQuantity: quantity === order.quantity ? null : order.quantity,
    });
    const taker = this.takerOf(order, quantity);
    const end = this.match(taker);
    if (taker.remaining > 0) {
      let expiry: ExpiryReason | undefined;
      if (end === 'SELF_TRADE_PREVENTION' || end === 'REDUCE_ONLY') expiry = end;
      else if (order.type === 'MARKET') expiry = 'MARKET';
      else if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') expiry = 'IOC';
      if (expiry === undefined) {
        this.rest({
          orderId: order.orderId,
          accountId: order.accountId,
          clientOrderId: order.clientOrderId,
          side: order.side,
          price: order.price,
          remaining: taker.remaining,
          filled: quantity - taker.remaining,
          reduceOnly: order.reduceOnly,
          postOnly: order.timeInForce === 'GTX',
          selfTradePreventionMode: order.selfTradePreventionMode,
          amendments: 0,
          goodTillDate: order.timeInForce === 'GTD' ? (order.goodTillDate ?? 0) : 0,
        });
      } else {
        this.expireTaker(order.orderId, order.accountId, order.side, order.price, taker.remaining, expiry);
      }
    }
    this.knockOutReduceOnly();
  }

  /** The checks of "New orders", in the page's order. Returns the quantity to work, or the rejection. */
  private admit(order: NewOrder): Rejection | number {
    const ins = this.instrument;
    // 1. listed and trading
    if (ins === undefined) return Rejections.invalidSymbol;
    if (ins.spec.status !== 'TRADING') return Rejections.invalidSymbolStatus;
    const isMarket = order.type === 'MARKET';
    // GTD: a goodTillDate after the command's time; no other order has one
    const date = order.goodTillDate;
    if (order.timeInForce !== 'GTD') {
      if (date !== undefined && date !== 0) return withDetail(Rejections.paramNotRequired, 'goodTillDate');
    } else if (isMarket) {
      return Rejections.invalidTimeInForce;
    } else if (date === undefined || date <= this.header.time || date > 253_402_300_799_000) {
      return Rejections.goodTillDateOutOfRange;
    }
    // 2. PRICE_FILTER (LIMIT only)
    if (!isMarket) {
      const priceFilter = this.priceFilter(order.price);
      if (priceFilter) return priceFilter;
    }
    // 3. LOT_SIZE / MARKET_LOT_SIZE
    const lotSize = this.lotSize(order.quantity, isMarket);
    if (lotSize) return lotSize;
    // 4. PERCENT_PRICE (LIMIT), skipped without a reference price
    const reference = this.lastTradePrice;
    if (!isMarket) {
      const band = this.percentPrice(order.side, order.price);
      if (band) return band;
    }
    // 5. MARKET: the best opposite price must lie inside the band around the reference price
    const bestOpposite = this.bestPrice(opposite(order.side));
    if (isMarket && (this.mark !== undefined || reference !== undefined) && bestOpposite !== undefined) {
      if (this.percentPrice(order.side, bestOpposite)) return Rejections.marketOrderOutsideBand;
    }
    // 6. MIN_NOTIONAL unless reduce-only; a MARKET order valued at the mark once there is one
    if (!order.reduceOnly && isMarket && this.mark !== undefined) {
      const ins = this.instrument!;
      const value = BigInt(this.mark) * BigInt(order.quantity) * ins.stepUnits;
      if (value < ins.minNotional * 10n ** BigInt(ins.stepDecimals))
        return withDetail(Rejections.notionalTooSmall, plainMoney(ins.minNotional));
    } else if (!order.reduceOnly) {
      const valuationPrice = isMarket ? (reference ?? bestOpposite) : order.price;
      if (valuationPrice !== undefined) {
        const tooSmall = this.minNotional(valuationPrice, order.quantity, Rejections.notionalTooSmall);
        if (tooSmall) return tooSmall;
      }
    }
    // 7. ids
    if (this.orders().some((o) => o.orderId === order.orderId)) return Rejections.newOrderRejected;
    if (this.openOrders(order.accountId).some((o) => o.clientOrderId === order.clientOrderId))
      return Rejections.duplicateClientOrderId;
    // 8. reduce-only: cut to the position left after the account's reduce-only orders ahead of it
    let quantity = order.quantity;
    if (order.reduceOnly) {
      const reducible = this.reducible(order.accountId, order.side);
      if (reducible === 0) return Rejections.reduceOnlyRejected;
      // Ahead of it: better or equal price. A MARKET order is ahead of all of them, so none is ahead of it.
      let ahead = 0;
      for (const o of this.openOrders(order.accountId)) {
        if (!o.reduceOnly || o.side !== order.side || isMarket) continue;
        if (order.side === 'BUY' ? o.price >= order.price : o.price <= order.price) ahead += o.remaining;
      }
      const left = reducible - ahead;
      if (left <= 0) return Rejections.reduceOnlyMarginCheckFailed;
      quantity = Math.min(quantity, left);
    }
    // 9. open-order limit for orders that may rest
    const mayRest = !isMarket && ['GTC', 'GTX', 'GTD'].includes(order.timeInForce);
    if (mayRest && this.openOrders(order.accountId).length >= ins.spec.maxNumOrders)
      return Rejections.maxOpenOrders;
    // 10. post-only would take
    if (!isMarket && order.timeInForce === 'GTX' && bestOpposite !== undefined) {
      const crosses = order.side === 'BUY' ? bestOpposite <= order.price : bestOpposite >= order.price;
      if (crosses) return Rejections.postOnlyWouldTake;
    }
    // 11. FOK: try it for real on a copy of the whole state
    if (!isMarket && order.timeInForce === 'FOK') {
      const trial = this.clone();
      const taker = trial.takerOf(order, quantity);
      trial.match(taker);
      if (taker.remaining > 0) return Rejections.fokNotFilled;
    }
    return quantity;
  }

  private priceFilter(price: number): Rejection | undefined {
    const ins = this.instrument!;
    if (price <= 0) return Rejections.priceLessThanZero;
    if (price < ins.minPriceTicks) return Rejections.priceBelowMin;
    if (price > ins.maxPriceTicks) return Rejections.priceAboveMax;
    return undefined;
  }

  private lotSize(quantity: number, isMarket: boolean): Rejection | undefined {
    const ins = this.instrument!;
    if (quantity <= 0) return Rejections.quantityNotPositive;
    if (quantity < (isMarket ? ins.marketMinQtyLots : ins.minQtyLots)) return Rejections.quantityBelowMin;
    if (quantity > (isMarket ? ins.marketMaxQtyLots : ins.maxQtyLots)) return Rejections.quantityAboveMax;
    return undefined;
  }

  /** PERCENT_PRICE as an exact comparison: BUY ≤ ref × up, SELL ≥ ref × down. */
  private percentPrice(side: Side, price: number): Rejection | undefined {
    const mark = this.mark;
    if (mark !== undefined) {
      // At the mark (10^-8 USDT, finer than a tick): price × tick against mark × multiplier, exactly.
      const ins = this.instrument!;
      const scaledPrice = BigInt(price) * BigInt(ins.unitsPerTick) * ins.bandScale;
      const inside =
        side === 'BUY'
          ? scaledPrice <= BigInt(mark) * ins.bandUp
          : scaledPrice >= BigInt(mark) * ins.bandDown;
      if (inside) return undefined;
      return side === 'BUY' ? Rejections.priceAboveBand : Rejections.priceBelowBand;
    }
    const reference = this.lastTradePrice;
    if (reference === undefined || this.insideBand(side, price, reference)) return undefined;
    return side === 'BUY' ? Rejections.priceAboveBand : Rejections.priceBelowBand;
  }

  private insideBand(side: Side, price: number, reference: number): boolean {
    const ins = this.instrument!;
    const scaledPrice = BigInt(price) * ins.bandScale;
    return side === 'BUY'
      ? scaledPrice <= BigInt(reference) * ins.bandUp
      : scaledPrice >= BigInt(reference) * ins.bandDown;
  }

  private minNotional(price: number, quantity: number, base: Rejection): Rejection | undefined {
    const ins = this.instrument!;
    if (this.notional(price, quantity) >= ins.minNotional) return undefined;
    return withDetail(base, plainMoney(ins.minNotional));
  }

  private notional(price: number, quantity: number): bigint {
    return BigInt(price) * BigInt(quantity) * this.instrument!.moneyPerTickLot;
  }

  private takerOf(order: NewOrder, quantity: number): InHand {
    let accepts: (price: number) => boolean;
    if (order.type === 'LIMIT') {
      accepts = order.side === 'BUY' ? (p) => p <= order.price : (p) => p >= order.price;
    } else {
      // The take bound ref × (1 ± marketTakeBound); the best opposite price stands in for a missing
      // reference; with neither there is nothing to bound.
      const base = this.lastTradePrice ?? this.bestPrice(opposite(order.side));
      const bound = this.instrument!.marketTakeBound;
      const mark = this.mark;
      const tick = BigInt(this.instrument!.unitsPerTick);
      if (mark !== undefined) {
        accepts =
          order.side === 'BUY'
            ? (p) => BigInt(p) * tick * ONE <= BigInt(mark) * (ONE + bound)
            : (p) => BigInt(p) * tick * ONE >= BigInt(mark) * (ONE - bound);
      } else if (base === undefined) accepts = () => true;
      else if (order.side === 'BUY') accepts = (p) => BigInt(p) * ONE <= BigInt(base) * (ONE + bound);
      else accepts = (p) => BigInt(p) * ONE >= BigInt(base) * (ONE - bound);
    }
    const stpApplies = order.timeInForce !== 'FOK' && order.timeInForce !== 'GTX';
    return {
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      accepts,
      reduceOnly: order.reduceOnly,
      selfTradePreventionMode: stpApplies ? order.selfTradePreventionMode : 'NONE',
      remaining: quantity,
    };
  }

  // ---------------------------------------------------------------- matching

  /** "Matching": the taker meets the head of the best opposite level, again and again. */
  private match(taker: InHand): MatchEnd {
    const book = this.bookOf(opposite(taker.side));
    while (taker.remaining > 0) {
      const maker = book[0];
      if (maker === undefined || !taker.accepts(maker.price)) return 'NO_LIQUIDITY';
      // 1. self-trade prevention
      if (maker.accountId === taker.accountId) {
        const mode = taker.selfTradePreventionMode;
        if (mode === 'EXPIRE_MAKER') {
          this.expireResting(maker, 'SELF_TRADE_PREVENTION');
          continue;
        }
        if (mode === 'EXPIRE_TAKER') return 'SELF_TRADE_PREVENTION';
        if (mode === 'EXPIRE_BOTH') {
          this.expireResting(maker, 'SELF_TRADE_PREVENTION');
          return 'SELF_TRADE_PREVENTION';
        }
      }
      let lots = Math.min(taker.remaining, maker.remaining);
      // 2. reduce-only maker
      if (maker.reduceOnly) {
        const can = this.reducible(maker.accountId, maker.side);
        if (can === 0) {
          this.expireResting(maker, 'REDUCE_ONLY');
          continue;
        }
        lots = Math.min(lots, can);
      }
      // 3. reduce-only taker
      if (taker.reduceOnly) {
        const can = this.reducible(taker.accountId, taker.side);
        if (can === 0) return 'REDUCE_ONLY';
        lots = Math.min(lots, can);
      }
      // 4. trade at the maker's price
      this.trade(taker, maker, lots);
    }
    return 'FILLED';
  }

  private trade(taker: InHand, maker: RefOrder, lots: number): void {
    const ins = this.instrument!;
    const price = maker.price;
    const notional = this.notional(price, lots);
    const makerBefore = this.position(maker.accountId);
    const makerAfter = fillPosition(makerBefore, maker.side, lots, price, ins.moneyPerTickLot);
    this.positions.set(maker.accountId, makerAfter);
    // One account on both sides: its position takes the maker's fill first.
    const takerBefore = this.position(taker.accountId);
    const takerAfter = fillPosition(takerBefore, taker.side, lots, price, ins.moneyPerTickLot);
    this.positions.set(taker.accountId, takerAfter);

    maker.remaining -= lots;
    maker.filled += lots;
    taker.remaining -= lots;
    if (maker.remaining === 0) this.removeResting(maker);
    this.lastTradePrice = price;
    this.trackTrailing('CONTRACT_PRICE', price);
    const tradeId = this.nextTradeId++;
    this.emit({
      type: 'Trade',
      tradeId,
      price,
      quantity: lots,
      takerSide: taker.side,
      maker: {
        orderId: maker.orderId,
        accountId: maker.accountId,
        remaining: maker.remaining,
        fee: eventMoney(fee(notional, ins.makerFeeRate)),
        realizedPnl: eventMoney(makerAfter.realizedPnl - makerBefore.realizedPnl),
        position: eventPosition(makerAfter),
      },
      taker: {
        orderId: taker.orderId,
        accountId: taker.accountId,
        remaining: taker.remaining,
        fee: eventMoney(fee(notional, ins.takerFeeRate)),
        realizedPnl: eventMoney(takerAfter.realizedPnl - takerBefore.realizedPnl),
        position: eventPosition(takerAfter),
      },
      makerLevelQuantity: this.levelQuantity(maker.side, price),
    });
  }

  /** Lots an order on `side` may still trade without increasing or flipping the account's position. */
  private reducible(accountId: number, side: Side): number {
    const size = this.position(accountId).size;
    return side === 'SELL' ? Math.max(size, 0) : Math.max(-size, 0);
  }

  // ---------------------------------------------------------------- the book, naively

  private bookOf(side: Side): RefOrder[] {
    return side === 'BUY' ? this.bids : this.asks;
  }

  /** Joins the back of its level: before the first order with a strictly worse price. */
  private insertAtBack(order: RefOrder): void {
    const book = this.bookOf(order.side);
    const worse = (p: number) => (order.side === 'BUY' ? p < order.price : p > order.price);
    let i = 0;
    while (i < book.length && !worse(book[i]!.price)) i++;
    book.splice(i, 0, order);
  }

  private removeResting(order: RefOrder): void {
    const book = this.bookOf(order.side);
    const i = book.indexOf(order);
    if (i < 0) throw new Error(`reference: order ${order.orderId} is not resting`);
    book.splice(i, 1);
  }

  private levelQuantity(side: Side, price: number): number {
    let total = 0;
    for (const o of this.bookOf(side)) if (o.price === price) total += o.remaining;
    return total;
  }

  private rest(order: RefOrder): void {
    this.insertAtBack(order);
    this.emit({
      type: 'OrderRested',
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      quantity: order.remaining,
      levelQuantity: this.levelQuantity(order.side, order.price),
    });
  }

  private expireTaker(
    orderId: number,
    accountId: number,
    side: Side,
    price: number,
    quantity: number,
    reason: ExpiryReason,
  ): void {
    this.emit({
      type: 'OrderExpired',
      orderId,
      accountId,
      side,
      price,
      quantity,
      levelQuantity: null,
      reason,
    });
  }

  private expireResting(order: RefOrder, reason: 'SELF_TRADE_PREVENTION' | 'REDUCE_ONLY' | 'GTD'): void {
    this.removeResting(order);
    this.emit({
      type: 'OrderExpired',
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      quantity: order.remaining,
      levelQuantity: this.levelQuantity(order.side, order.price),
      reason,
    });
  }

  private cancelResting(order: RefOrder, reason: CancelReason): void {
    this.removeResting(order);
    this.emit({
      type: 'OrderCanceled',
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      quantity: order.remaining,
      levelQuantity: this.levelQuantity(order.side, order.price),
      reason,
    });
  }

  /**
   * "Reduce-only knock-out", by brute force over every account that has resting reduce-only orders (accounts
   * ascending, BUY side then SELL side): better price first, then lower order id; an order that would take
   * the total past what the position can reduce expires, and the ones after it are still considered.
   */
  private knockOutReduceOnly(): void {
    const accounts = [
      ...new Set(
        this.orders()
          .filter((o) => o.reduceOnly)
          .map((o) => o.accountId),
      ),
    ];
    accounts.sort((a, b) => a - b);
    for (const accountId of accounts) {
      for (const side of ['BUY', 'SELL'] as const) {
        const candidates = this.openOrders(accountId).filter((o) => o.reduceOnly && o.side === side);
        candidates.sort((a, b) =>
          a.price !== b.price
            ? side === 'BUY'
              ? b.price - a.price
              : a.price - b.price
            : a.orderId - b.orderId,
        );
        let allowance = this.reducible(accountId, side);
        for (const order of candidates) {
          if (order.remaining <= allowance) allowance -= order.remaining;
          else this.expireResting(order, 'REDUCE_ONLY');
        }
      }
    }
  }

  // ---------------------------------------------------------------- cancel

  /** The account's open order by orderId, or by clientOrderId when no order id is given. */
  private findAccountOrder(ref: OrderRef): RefOrder | undefined {
    if (ref.orderId !== undefined)
      return this.orders().find((o) => o.orderId === ref.orderId && o.accountId === ref.accountId);
    if (ref.clientOrderId !== undefined)
      return this.orders().find(
        (o) => o.clientOrderId === ref.clientOrderId && o.accountId === ref.accountId,
      );
    return undefined;
  }

  private cancelOrder(command: OrderRef): void {
    const order = this.findAccountOrder(command);
    if (order === undefined) this.rejectCommand('CancelOrder', Rejections.unknownOrderSent, command);
    else this.cancelResting(order, 'USER');
  }

  private cancelAll(accountId: number): void {
    const mine = this.openOrders(accountId).sort((a, b) => a.orderId - b.orderId);
    for (const order of mine) this.cancelResting(order, 'CANCEL_ALL');
    this.emit({ type: 'AllOrdersCanceled', accountId, count: mine.length });
  }

  // ---------------------------------------------------------------- amend

  private amendOrder(command: OrderRef & { side: Side; price: number; quantity: number }): void {
    const ins = this.instrument;
    const order = this.findAccountOrder(command);
    // 1. the checks, in the page's order; a failure leaves the order as it was
    let rejection: Rejection | undefined;
    if (ins === undefined) rejection = Rejections.invalidSymbol;
    else if (ins.spec.status !== 'TRADING') rejection = Rejections.amendSymbolNotTrading;
    else if (order === undefined) rejection = Rejections.noSuchOrder;
    if (rejection !== undefined || order === undefined) {
      this.rejectCommand('AmendOrder', rejection ?? Rejections.noSuchOrder, command);
      return;
    }
    rejection = this.amendRejection(order, command);
    if (rejection !== undefined) {
      const ref = {
        accountId: command.accountId,
        orderId: order.orderId,
        clientOrderId: order.clientOrderId,
      };
      this.rejectCommand('AmendOrder', rejection, ref);
      return;
    }
    const { price, quantity } = command;
    // 2. at or below what has filled: canceled
    if (quantity <= order.filled) {
      this.cancelResting(order, 'AMEND');
      return;
    }
    const best = this.bestPrice(opposite(order.side));
    const crosses = best !== undefined && (order.side === 'BUY' ? best <= price : best >= price);
    // 3. post-only re-priced through the book: canceled
    if (crosses && order.postOnly) {
      this.cancelResting(order, 'AMEND');
      return;
    }

    const oldQuantity = order.filled + order.remaining;
    const oldPrice = order.price;
    const newRemaining = quantity - order.filled;
    const keepsPriority = price === oldPrice && quantity < oldQuantity;
    order.amendments += 1;
    order.selfTradePreventionMode = 'NONE';
    const amended = {
      type: 'OrderAmended' as const,
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      oldPrice,
      oldQuantity,
      price,
      quantity,
      remaining: newRemaining,
    };
    if (keepsPriority) {
      order.remaining = newRemaining;
      const level = this.levelQuantity(order.side, price);
      this.emit({ ...amended, priority: 'KEPT', oldLevelQuantity: level, levelQuantity: level });
    } else if (!crosses) {
      this.removeResting(order);
      const oldLevelQuantity = this.levelQuantity(order.side, oldPrice);
      order.price = price;
      order.remaining = newRemaining;
      this.insertAtBack(order);
      const levelQuantity = this.levelQuantity(order.side, price);
      this.emit({ ...amended, priority: 'LOST', oldLevelQuantity, levelQuantity });
    } else {
      // 5. leaves the book and trades as a taker with STP NONE, then rests its remainder
      this.removeResting(order);
      const oldLevelQuantity = this.levelQuantity(order.side, oldPrice);
      this.emit({ ...amended, priority: 'LOST', oldLevelQuantity, levelQuantity: null });
      const taker: InHand = {
        orderId: order.orderId,
        accountId: order.accountId,
        side: order.side,
        accepts: order.side === 'BUY' ? (p) => p <= price : (p) => p >= price,
        reduceOnly: order.reduceOnly,
        selfTradePreventionMode: 'NONE',
        remaining: newRemaining,
      };
      const end = this.match(taker);
      order.price = price;
      order.filled = quantity - taker.remaining;
      order.remaining = taker.remaining;
      if (taker.remaining > 0) {
        if (end === 'REDUCE_ONLY')
          this.expireTaker(order.orderId, order.accountId, order.side, price, taker.remaining, 'REDUCE_ONLY');
        else this.rest(order);
      }
    }
    this.knockOutReduceOnly();
  }

  /** Amend step 1 once the order is found: side, filters, amendment count, a real change, MIN_NOTIONAL. */
  private amendRejection(order: RefOrder, command: { side: Side; price: number; quantity: number }) {
    const { price, quantity } = command;
    if (command.side !== order.side) return withDetail(Rejections.invalidParameter, 'side');
    const filter =
      this.priceFilter(price) ?? this.lotSize(quantity, false) ?? this.percentPrice(order.side, price);
    if (filter) return filter;
    if (order.amendments >= MAX_EARLIER_AMENDMENTS) return Rejections.amendLimitReached;
    if (price === order.price && quantity === order.filled + order.remaining)
      return Rejections.noNeedToModify;
    if (order.reduceOnly) return undefined;
    return this.minNotional(price, quantity, Rejections.amendNotionalTooSmall);
  }

  // ---------------------------------------------------------------- conditional orders (last price only)

  /** "GTD" (new orders): every resting order whose goodTillDate has come, earliest first, then by order id. */
  private expireGoodTillDate(): void {
    const due = this.orders()
      .filter((o) => o.goodTillDate > 0 && o.goodTillDate <= this.header.time)
      .sort((a, b) => a.goodTillDate - b.goodTillDate || a.orderId - b.orderId);
    for (const o of due) this.expireResting(o, 'GTD');
  }

  /** "GTD": every conditional order whose goodTillDate has come, earliest first (then placement order). */
  private expireAlgos(): void {
    const due = this.algos
      .filter((a) => a.order.goodTillDate > 0 && a.order.goodTillDate <= this.header.time)
      .sort((a, b) => a.order.goodTillDate - b.order.goodTillDate || a.placedSeq - b.placedSeq);
    for (const a of due) this.removeAlgo(a, 'AlgoOrderExpired', 'GTD');
  }

  private removeAlgo(a: RefAlgo, type: 'AlgoOrderCanceled', reason: 'USER' | 'CANCEL_ALL'): void;
  private removeAlgo(a: RefAlgo, type: 'AlgoOrderExpired', reason: 'GTD'): void;
  private removeAlgo(a: RefAlgo, type: 'AlgoOrderCanceled' | 'AlgoOrderExpired', reason: string): void {
    this.algos.splice(this.algos.indexOf(a), 1);
    this.emit({ type, algoId: a.order.algoId, accountId: a.order.accountId, reason } as EventBody);
  }

  private placeAlgo(order: NewAlgoOrder): void {
    const rejection = this.admitAlgo(order);
    if (rejection !== undefined) {
      this.rejectCommand('PlaceAlgoOrder', rejection, {
        accountId: order.accountId,
        orderId: order.algoId,
        clientOrderId: order.clientAlgoId,
      });
      return;
    }
    this.emit({ type: 'AlgoOrderPlaced', algoOrder: order });
    const algo: RefAlgo = { order, placedSeq: this.seq, active: false, extreme: 0 };
    this.algos.push(algo);
    // A trailing stop whose activation its working price already reaches tracks from it at once.
    const now = this.workingPrice(order.workingType);
    if (order.type === 'TRAILING_STOP_MARKET' && now !== undefined && this.activates(order, now)) {
      algo.active = true;
      algo.extreme = now;
    }
  }

  /**
   * A working type's price in its own unit: the last trade in ticks (CONTRACT_PRICE), the mark in 10^-8 USDT
   * (MARK_PRICE); undefined before there is one.
   */
  private workingPrice(working: WorkingType): number | undefined {
    return working === 'CONTRACT_PRICE' ? this.lastTradePrice : this.mark;
  }

  /** A price of the order (ticks) in its working type's unit. */
  private inWorkingUnit(order: NewAlgoOrder, ticks: number): number {
    return order.workingType === 'CONTRACT_PRICE' ? ticks : ticks * this.instrument!.unitsPerTick;
  }

  /** priceProtect lets a trigger through unless |mark − last| > triggerProtect × mark (no mark or last: it does). */
  private protectionAllows(): boolean {
    const mark = this.mark;
    const last = this.lastTradePrice;
    if (mark === undefined || last === undefined) return true;
    const lastUnits = BigInt(last) * BigInt(this.instrument!.unitsPerTick);
    const gap = BigInt(mark) > lastUnits ? BigInt(mark) - lastUnits : lastUnits - BigInt(mark);
    return gap * ONE <= this.instrument!.futures.triggerProtect * BigInt(mark);
  }

  private admitAlgo(order: NewAlgoOrder): Rejection | undefined {
    const ins = this.instrument;
    if (ins === undefined) return Rejections.invalidSymbol;
    if (ins.spec.status !== 'TRADING') return Rejections.invalidSymbolStatus;
    const market = order.type !== 'STOP' && order.type !== 'TAKE_PROFIT';
    if (!market) {
      const p = this.priceFilter(order.price);
      if (p) return p;
    }
    if (order.type === 'TRAILING_STOP_MARKET') {
      if (order.callbackRate < 1 || order.callbackRate > 100)
        return withDetail(Rejections.invalidParameter, 'callbackRate');
      if (order.activationPrice !== 0) {
        const p = this.priceFilter(order.activationPrice);
        if (p) return p;
      }
    } else {
      const p = this.priceFilter(order.triggerPrice);
      if (p) return p;
    }
    if (order.closePosition) {
      if (order.quantity !== 0) return withDetail(Rejections.invalidParameter, 'quantity');
    } else {
      const q = this.lotSize(order.quantity, market);
      if (q) return q;
    }
    const gtdValid =
      order.timeInForce === 'GTD' ? order.goodTillDate > this.header.time : order.goodTillDate === 0;
    if (!gtdValid) return withDetail(Rejections.invalidParameter, 'goodTillDate');
    if (
      this.algos.some((a) => a.order.algoId === order.algoId) ||
      this.orders().some((o) => o.orderId === order.orderId)
    )
      return Rejections.newOrderRejected;
    const mine = this.algos.filter((a) => a.order.accountId === order.accountId);
    if (mine.some((a) => a.order.clientAlgoId === order.clientAlgoId))
      return Rejections.duplicateClientOrderId;
    if (mine.length >= (ins.spec.maxNumAlgoOrders ?? 10)) return Rejections.maxStopOrders;
    const now = this.workingPrice(order.workingType);
    if (order.type !== 'TRAILING_STOP_MARKET' && now !== undefined && this.reaches(order, now))
      return Rejections.orderWouldTrigger;
    return undefined;
  }

  private cancelAlgo(command: { accountId: number; algoId?: number; clientAlgoId?: string }): void {
    const a =
      command.algoId !== undefined
        ? this.algos.find((x) => x.order.algoId === command.algoId)
        : this.algos.find(
            (x) => x.order.accountId === command.accountId && x.order.clientAlgoId === command.clientAlgoId,
          );
    if (
      a === undefined ||
      a.order.accountId !== command.accountId ||
      (command.algoId === undefined && command.clientAlgoId === undefined)
    ) {
      this.rejectCommand('CancelAlgoOrder', Rejections.unknownOrderSent, {
        accountId: command.accountId,
        orderId: command.algoId,
        clientOrderId: command.clientAlgoId,
      });
      return;
    }
    this.removeAlgo(a, 'AlgoOrderCanceled', 'USER');
  }

  /**
   * Does a STOP buy (TAKE_PROFIT sell) at `price` ≥ trigger, a STOP sell (TAKE_PROFIT buy) at ≤? `price` in the
   * order's working unit.
   */
  private reaches(order: NewAlgoOrder, price: number): boolean {
    const trigger = this.inWorkingUnit(order, order.triggerPrice);
    return this.rises(order) ? price >= trigger : price <= trigger;
  }

  private rises(order: NewAlgoOrder): boolean {
    const stop = order.type === 'STOP' || order.type === 'STOP_MARKET';
    return stop === (order.side === 'BUY');
  }

  /** A trailing SELL activates when the price rises to its activation price, a BUY when it falls to it. */
  private activates(order: NewAlgoOrder, price: number): boolean {
    if (order.activationPrice === 0) return true;
    const activation = this.inWorkingUnit(order, order.activationPrice);
    return order.side === 'SELL' ? price >= activation : price <= activation;
  }

  /** Every trade price, and every mark: trailing stops activate, and active ones keep their best price. */
  private trackTrailing(working: WorkingType, price: number): void {
    for (const a of this.algos) {
      if (a.order.type !== 'TRAILING_STOP_MARKET' || a.order.workingType !== working) continue;
      if (!a.active) {
        if (this.activates(a.order, price)) {
          a.active = true;
          a.extreme = price;
        }
      } else if (a.order.side === 'SELL' ? price > a.extreme : price < a.extreme) {
        a.extreme = price;
      }
    }
  }

  /** A trailing stop's trigger: the best price moved back by the callback rate, rounded toward the best. */
  private trailingTrigger(a: RefAlgo): number {
    const rate = BigInt(a.order.callbackRate);
    const x = BigInt(a.extreme);
    if (a.order.side === 'SELL') return Number((x * (1000n - rate)) / 1000n);
    return Number((x * (1000n + rate) + 999n) / 1000n);
  }

  /**
   * "Triggering": while some conditional order's trigger is reached by its working price, the first of them in
   * the page's order (rises before falls, nearest trigger first, triggers compared in 10^-8 USDT whatever the
   * working type, then placement) becomes its order; a price-protected one that the mark–last gap holds waits,
   * for the rest of the command.
   */
  private runTriggers(): void {
    const waiting = new Set<RefAlgo>();
    for (;;) {
      const tick = this.instrument?.unitsPerTick ?? 1;
      const reached: { a: RefAlgo; rising: boolean; trigger: number; at: number }[] = [];
      for (const a of this.algos) {
        if (waiting.has(a)) continue;
        const working = a.order.workingType;
        const now = this.workingPrice(working);
        if (now === undefined) continue;
        // Triggers and the price that reached them, in 10^-8 USDT.
        const units = (p: number) => (working === 'CONTRACT_PRICE' ? p * tick : p);
        if (a.order.type === 'TRAILING_STOP_MARKET') {
          if (!a.active) continue;
          const trigger = this.trailingTrigger(a);
          const rising = a.order.side === 'BUY';
          if (rising ? now >= trigger : now <= trigger)
            reached.push({ a, rising, trigger: units(trigger), at: units(now) });
        } else if (this.reaches(a.order, now)) {
          reached.push({
            a,
            rising: this.rises(a.order),
            trigger: a.order.triggerPrice * tick,
            at: units(now),
          });
        }
      }
      if (reached.length === 0) return;
      reached.sort((x, y) => {
        if (x.rising !== y.rising) return x.rising ? -1 : 1;
        if (x.trigger !== y.trigger) return x.rising ? x.trigger - y.trigger : y.trigger - x.trigger;
        return x.a.placedSeq - y.a.placedSeq;
      });
      const first = reached[0]!;
      if (first.a.order.priceProtect && !this.protectionAllows()) {
        waiting.add(first.a);
        continue;
      }
      this.trigger(first.a, first.at);
    }
  }

  private trigger(a: RefAlgo, workingPrice: number): void {
    const o = a.order;
    this.algos.splice(this.algos.indexOf(a), 1);
    const quantity = o.closePosition ? this.reducible(o.accountId, o.side) : o.quantity;
    this.emit({
      type: 'AlgoOrderTriggered',
      algoId: o.algoId,
      accountId: o.accountId,
      orderId: o.orderId,
      side: o.side,
      algoType: o.type,
      workingType: o.workingType,
      workingPrice,
      quantity,
    });
    const market = o.type !== 'STOP' && o.type !== 'TAKE_PROFIT';
    const order: NewOrder = {
      orderId: o.orderId,
      accountId: o.accountId,
      clientOrderId: o.clientAlgoId,
      side: o.side,
      type: market ? 'MARKET' : 'LIMIT',
      timeInForce: market ? 'GTC' : o.timeInForce,
      price: market ? 0 : o.price,
      quantity,
      reduceOnly: o.reduceOnly || o.closePosition,
      selfTradePreventionMode: o.selfTradePreventionMode,
      ...(!market && o.timeInForce === 'GTD' ? { goodTillDate: o.goodTillDate } : {}),
    };
    if (o.closePosition && quantity === 0) {
      const r = Rejections.reduceOnlyRejected;
      this.emit({ type: 'OrderRejected', order, code: r.code, reason: r.msg });
      return;
    }
    this.placeOrder(order);
  }

  // ---------------------------------------------------------------- copies

  /** A deep copy (events aside): the FOK check runs the real matching on one. */
  private clone(): ReferenceEngine {
    const copy = new ReferenceEngine(this.symbol);
    copy.instrument = this.instrument;
    copy.seq = this.seq;
    copy.nextTradeId = this.nextTradeId;
    copy.lastTradePrice = this.lastTradePrice;
    copy.mark = this.mark;
    copy.bids = this.bids.map((o) => ({ ...o }));
    copy.asks = this.asks.map((o) => ({ ...o }));
    copy.positions = new Map(this.positions);
    copy.algos = this.algos.map((a) => ({ ...a }));
    copy.header = this.header;
    return copy;
  }
}

function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/**
 * "Positions (one-way mode)", from the page: a fill on the position's side (or from flat) adds its notional to
 * the basis; a fill against it releases basis × closed / open (toward zero; all of it when it closes) and
 * realizes the difference; any excess opens the other way at its own notional.
 */
function fillPosition(
  position: Position,
  side: Side,
  lots: number,
  price: number,
  perTickLot: bigint,
): Position {
  const signed = side === 'BUY' ? lots : -lots;
  const notional = (n: number) => BigInt(price) * BigInt(n) * perTickLot;
  const { size, entryNotional, realizedPnl } = position;
  if (size === 0 || Math.sign(size) === Math.sign(signed)) {
    return { size: size + signed, entryNotional: entryNotional + notional(lots), realizedPnl };
  }
  const open = Math.abs(size);
  const closed = Math.min(open, lots);
  const released = closed === open ? entryNotional : (entryNotional * BigInt(closed)) / BigInt(open);
  const realized = size > 0 ? notional(closed) - released : released - notional(closed);
  const opened = lots - closed;
  return {
    size: size + signed,
    entryNotional: opened > 0 ? notional(opened) : entryNotional - released,
    realizedPnl: realizedPnl + realized,
  };
}

/** ceil(notional × rate / 10^8): never under-charged; a rebate (negative rate) rounds toward zero. */
function fee(notional: bigint, rate: bigint): bigint {
  const scaled = notional * rate;
  const quotient = scaled / ONE; // truncates toward zero
  return quotient * ONE < scaled ? quotient + 1n : quotient;
}

/** 10^-8 money as the shortest plain decimal ("5", "0.5"), for the MIN_NOTIONAL messages. */
function plainMoney(amount: bigint): string {
  const whole = amount / ONE;
  const fraction = (amount % ONE).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction.length > 0 ? `${whole}.${fraction}` : `${whole}`;
}
