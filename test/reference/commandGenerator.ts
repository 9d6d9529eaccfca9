import type { AmendOrder, EngineCommand, PlaceAlgoOrder, PlaceOrder } from '../../core/engine/commands';
import { ALGO_ORDER_TYPES, type AlgoTimeInForce, type NewAlgoOrder } from '../../core/orders/algoOrder';
import type {
  NewOrder,
  OrderType,
  SelfTradePreventionMode,
  Side,
  TimeInForce,
} from '../../core/orders/order';
import { compileInstrument, type Instrument } from '../../core/symbol/instrument';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';
import { BTCUSDT, TESTUSDT } from '../core/support/specs';
import type { RefCommand, ReferenceEngine, RefOrder } from './referenceEngine';

/** The engine's commands that docs/matching-semantics.md specifies (and so the reference implements). */
export type SpecifiedCommand = Extract<EngineCommand, RefCommand>;

/** mulberry32: a tiny, well-mixed 32-bit PRNG. The whole run is a function of the seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return hi <= lo ? lo : lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }
}

/** How a market looks to the generator: where prices start, how far orders sit, how big they are. */
export interface MarketProfile {
  readonly name: string;
  readonly spec: SymbolSpec;
  /** Mid price at the start of an episode, in ticks. */
  readonly startMid: number;
  /** Typical distance of an order from the mid, in ticks. */
  readonly near: number;
  /** Quantity scales in lots: most orders are small, some medium, a few large. */
  readonly smallQty: number;
  readonly mediumQty: number;
  readonly largeQty: number;
  /** Above this many resting orders the generator cancels much more than it places. */
  readonly bookCap: number;
  /** Alternatives UpdateSymbol picks from. */
  readonly minNotionals: readonly string[];
  readonly maxNumOrders: readonly number[];
  readonly minQtys: readonly string[];
  /** Place the odd order at (nearly) maxPrice × maxQty. */
  readonly extremes?: boolean;
}

/** Whole-number ticks and lots, maxNumOrders 5 (so -2025 is common), wide bands, coarse prices. */
export const TEST_PROFILE: MarketProfile = {
  name: 'TESTUSDT',
  spec: TESTUSDT,
  startMid: 200,
  near: 6,
  smallQty: 5,
  mediumQty: 40,
  largeQty: 400,
  bookCap: 40,
  minNotionals: ['10', '5', '1000', '0', '100.5'],
  maxNumOrders: [5, 3, 8, 1],
  minQtys: ['1', '2'],
};

/** Binance's real BTCUSDT filters: 0.1 tick, 0.001 step, fractional fees, 5% bands. */
export const BTC_PROFILE: MarketProfile = {
  name: 'BTCUSDT',
  spec: BTCUSDT,
  startMid: 300_000, // 30,000.0
  near: 30,
  smallQty: 50,
  mediumQty: 1_000,
  largeQty: 20_000,
  bookCap: 80,
  minNotionals: ['5', '100', '0.5', '1000'],
  maxNumOrders: [200, 10, 3],
  minQtys: ['0.001', '0.005'],
};

/**
 * A 1000PEPEUSDT-like meme contract: seven-decimal ticks and whole lots, so money per tick-lot is 10 (1e-7
 * USDT), and maxPrice × maxQty = 2e10 ticks × 8e8 lots, past 2^53: the exact-notional path for huge products.
 */
export const PEPEUSDT: SymbolSpec = {
  symbol: '1000PEPEUSDT',
  baseAsset: '1000PEPE',
  quoteAsset: 'USDT',
  status: 'TRADING',
  tickSize: '0.0000001',
  minPrice: '0.0000001',
  maxPrice: '2000',
  pricePrecision: 7,
  stepSize: '1',
  minQty: '1',
  maxQty: '800000000',
  quantityPrecision: 0,
  marketMinQty: '1',
  marketMaxQty: '80000000',
  minNotional: '5',
  maxNumOrders: 200,
  percentPrice: { multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: 4 },
  marketTakeBound: '0.05',
  makerFeeRate: '0.0002',
  takerFeeRate: '0.0005',
  maxLeverage: 50,
  onboardDate: 1683590400000,
};

/** Prices around 0.0123456 USDT, sizes in the millions, and now and then an order at the extremes. */
export const PEPE_PROFILE: MarketProfile = {
  name: '1000PEPEUSDT',
  spec: PEPEUSDT,
  startMid: 123_456,
  near: 40,
  smallQty: 2_000_000,
  mediumQty: 20_000_000,
  largeQty: 200_000_000,
  bookCap: 80,
  minNotionals: ['5', '100', '0.1'],
  maxNumOrders: [200, 10, 3],
  minQtys: ['1', '1000'],
  extremes: true,
};

const STP_WEIGHTS: readonly (readonly [SelfTradePreventionMode, number])[] = [
  ['EXPIRE_MAKER', 40],
  ['NONE', 25],
  ['EXPIRE_TAKER', 15],
  ['EXPIRE_BOTH', 20],
];
const FEE_MAKER = ['0.0002', '0', '-0.0001', '0.00013', '0.0001'];
const FEE_TAKER = ['0.0005', '0.0004', '0.00037', '0.0002'];
const BANDS = [
  { multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: 4 },
  { multiplierUp: '1.5000', multiplierDown: '0.5000', multiplierDecimal: 4 },
  { multiplierUp: '1.10', multiplierDown: '0.90', multiplierDecimal: 2 },
  { multiplierUp: '1.2345', multiplierDown: '0.8765', multiplierDecimal: 4 },
];
const TAKE_BOUNDS = ['0.05', '0.10', '0.01', '0.2'];

function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/**
 * Realistic-looking random traffic for one episode (a fresh symbol): a few commands before listing, the
 * listing, then a mix of orders near a drifting mid over a handful of accounts (so self-trades happen),
 * cancels and amendments of live and dead orders, invalid orders, and the occasional halt or spec change.
 * It reads the reference engine to aim (live orders, positions, best prices) but never changes it.
 */
export class CommandGenerator {
  private mid: number;
  private nextOrderId: number;
  private readonly firstOrderId: number;
  private readonly bookCap: number;
  private time = 1_700_000_000_000;
  private counter = 0;
  private readonly accounts: number[];
  private readonly preListing: number;
  private readonly badListing: boolean;
  /** This episode has index prices: the mark moves, filters follow it, MARK_PRICE conditional orders trigger. */
  private readonly marks: boolean;
  private compiled: Instrument | undefined;

  constructor(
    private readonly rng: Rng,
    private readonly profile: MarketProfile,
    private readonly ref: ReferenceEngine,
    private readonly episode: number,
  ) {
    this.mid = profile.startMid;
    // Some episodes use ids the size real ingress assigns (time-ordered, beyond 2^32), to reach the high bits
    // of the engine's id hashing.
    const bigIds = rng.chance(0.25);
    this.nextOrderId = bigIds ? 2 ** 41 + rng.int(0, 2 ** 30) : 1;
    this.firstOrderId = this.nextOrderId;
    const accountBase = bigIds ? 2 ** 36 + rng.int(0, 1_000_000) : 101;
    const accountCount = rng.int(2, 8);
    this.accounts = Array.from({ length: accountCount }, (_, i) => accountBase + i);
    this.bookCap = rng.chance(0.1) ? profile.bookCap * 8 : profile.bookCap;
    this.preListing = rng.chance(0.3) ? rng.int(1, 4) : 0;
    this.badListing = rng.chance(0.1);
    this.marks = rng.chance(0.5);
  }

  get accountIds(): readonly number[] {
    return this.accounts;
  }

  next(): SpecifiedCommand {
    this.counter++;
    this.time += this.rng.int(0, 40);
    if (!this.ref.listed) return this.beforeListing();
    this.drift();
    const instrument = this.instrumentOf(this.ref.spec!);
    if (!this.ref.trading && this.rng.chance(0.15)) return this.updateSymbol(instrument, 'RESUME');
    const bookSize = this.ref.orders().length;
    const big = bookSize > this.bookCap;
    const kind = this.rng.weighted<string>([
      ['place', big ? 25 : 58],
      ['cancel', big ? 45 : 13],
      ['cancelAll', big ? 6 : 1.5],
      ['amend', 16],
      ['invalid', 4],
      ['update', 0.5],
      ['relist', 0.02],
      ['algo', 7],
      ['cancelAlgo', 2],
      ['cancelAllAlgo', 0.3],
      ['index', this.marks ? 5 : 0],
    ]);
    switch (kind) {
      case 'place':
        return this.place(instrument);
      case 'cancel':
        return this.cancel();
      case 'cancelAll':
        return { type: 'CancelAllOrders', ...this.header(), accountId: this.account() };
      case 'amend':
        return this.amend(instrument);
      case 'invalid':
        return this.invalidOrder(instrument);
      case 'update':
        return this.updateSymbol(instrument, this.ref.trading && this.rng.chance(0.3) ? 'HALT' : 'CHANGE');
      case 'algo':
        return this.placeAlgo(instrument);
      case 'cancelAlgo':
        return this.cancelAlgo();
      case 'cancelAllAlgo':
        return { type: 'CancelAllAlgoOrders', ...this.header(), accountId: this.account() };
      case 'index':
        return this.indexPrice(instrument);
      default:
        return { type: 'ListSymbol', ...this.header(), spec: this.profile.spec };
    }
  }

  private instrumentOf(spec: SymbolSpec): Instrument {
    if (this.compiled?.spec !== spec) this.compiled = compileInstrument(spec);
    return this.compiled;
  }

  private header(): { commandId: string; time: number } {
    return { commandId: `e${this.episode}-c${this.counter}`, time: this.time };
  }

  private account(): number {
    return this.rng.pick(this.accounts);
  }

  private beforeListing(): SpecifiedCommand {
    if (this.counter <= this.preListing) {
      const kind = this.rng.pick(['place', 'cancel', 'amend', 'update', 'cancelAll']);
      const accountId = this.account();
      switch (kind) {
        case 'place':
          return this.placeCommand(this.newOrder(accountId, 'BUY', 'LIMIT', 'GTC', this.mid, 1, false));
        case 'cancel':
          return { type: 'CancelOrder', ...this.header(), accountId, orderId: 1 };
        case 'amend':
          return {
            type: 'AmendOrder',
            ...this.header(),
            accountId,
            orderId: 1,
            side: 'BUY',
            price: 1,
            quantity: 1,
          };
        case 'update':
          return { type: 'UpdateSymbol', ...this.header(), spec: this.profile.spec };
        default:
          return { type: 'CancelAllOrders', ...this.header(), accountId };
      }
    }
    if (this.badListing && this.counter === this.preListing + 1) {
      const spec = this.rng.chance(0.5)
        ? { ...this.profile.spec, symbol: 'OTHERUSDT' }
        : { ...this.profile.spec, minQty: '0' };
      return { type: 'ListSymbol', ...this.header(), spec };
    }
    return { type: 'ListSymbol', ...this.header(), spec: this.profile.spec };
  }

  /** The mid wanders, and follows the last trade when it has wandered off. */
  private drift(): void {
    const near = this.profile.near;
    if (this.rng.chance(0.1)) this.mid += this.rng.pick([-1, 1]) * this.rng.int(1, Math.max(1, near >> 2));
    const last = this.ref.lastPrice;
    if (last !== undefined && Math.abs(this.mid - last) > 2 * near) this.mid = last;
    this.mid = Math.max(this.mid, 4 * near);
  }

  // ------------------------------------------------------------------ new orders

  private newOrder(
    accountId: number,
    side: Side,
    type: OrderType,
    timeInForce: TimeInForce,
    price: number,
    quantity: number,
    reduceOnly: boolean,
  ): NewOrder {
    const rng = this.rng;
    let orderId = this.nextOrderId++;
    const live = this.ref.orders();
    if (live.length > 0 && rng.chance(0.01))
      orderId = rng.pick(live).orderId; // -2010
    else if (orderId > this.firstOrderId && rng.chance(0.005))
      orderId = rng.int(this.firstOrderId, orderId - 1); // an old id: fine unless live
    const clientOrderId = rng.chance(0.08) ? `c${rng.int(0, 5)}` : `o${orderId}`;
    return {
      orderId,
      accountId,
      clientOrderId,
      side,
      type,
      timeInForce: type === 'MARKET' ? 'GTC' : timeInForce,
      price: type === 'MARKET' ? 0 : price,
      quantity,
      reduceOnly,
      selfTradePreventionMode: rng.weighted(STP_WEIGHTS),
      // GTD: mostly ahead (expiring some hundred commands later), sometimes already past (-5040).
      ...(timeInForce === 'GTD' ? { goodTillDate: this.time + rng.int(-5, 2_000) } : {}),
    };
  }

  private placeCommand(order: NewOrder): PlaceOrder {
    return { type: 'PlaceOrder', ...this.header(), order };
  }

  private place(instrument: Instrument): PlaceOrder {
    const rng = this.rng;
    let accountId = this.account();
    let side: Side = rng.chance(0.5) ? 'BUY' : 'SELL';
    let quantity = this.quantity();
    const reduceOnly = rng.chance(0.14);
    if (reduceOnly) {
      const holders = this.accounts.filter((a) => this.ref.position(a).size !== 0);
      if (holders.length > 0) accountId = rng.pick(holders);
      const size = this.ref.position(accountId).size;
      if (size !== 0 && rng.chance(0.85)) side = size > 0 ? 'SELL' : 'BUY';
      if (size !== 0) quantity = Math.max(1, Math.round(Math.abs(size) * (0.2 + rng.next() * 1.3)));
    }
    // Before the first trade there is no reference price: MARKET orders then lean on the best opposite price.
    const type: OrderType = rng.chance(this.ref.lastPrice === undefined ? 0.3 : 0.1) ? 'MARKET' : 'LIMIT';
    const timeInForce = rng.weighted<TimeInForce>([
      ['GTC', 60],
      ['IOC', 12],
      ['FOK', 12],
      ['GTX', 16],
      ['GTD', 10],
    ]);
    let price = this.limitPrice(side);
    if (this.profile.extremes && rng.chance(this.ref.lastPrice === undefined ? 0.3 : 0.004)) {
      // Before the first trade no band applies, so a BUY up there can trade too: notional far beyond 2^53, and
      // the market may then carry on at those prices.
      price = instrument.maxPriceTicks - rng.int(0, 10);
      quantity = instrument.maxQtyLots - rng.int(0, 1000);
    }
    if (type === 'MARKET') quantity = Math.min(quantity, instrument.marketMaxQtyLots);
    return this.placeCommand(this.newOrder(accountId, side, type, timeInForce, price, quantity, reduceOnly));
  }

  private quantity(): number {
    const p = this.profile;
    const scale = this.rng.weighted([
      [p.smallQty, 60],
      [p.mediumQty, 30],
      [p.largeQty, 10],
    ]);
    return this.rng.int(1, scale);
  }

  /** Mostly passive near the mid, often aggressive through the touch, sometimes far away. */
  private limitPrice(side: Side): number {
    const rng = this.rng;
    const near = this.profile.near;
    const away = side === 'BUY' ? -1 : 1; // the passive direction
    const bestOpposite = this.ref.bestPrice(opposite(side));
    const bestOwn = this.ref.bestPrice(side);
    const kind = rng.weighted([
      ['passive', 45],
      ['aggressive', 25],
      ['join', 15],
      ['far', 10],
      ['farThrough', 5],
    ]);
    let price: number;
    switch (kind) {
      case 'passive':
        price = this.mid + away * rng.int(0, near);
        break;
      case 'aggressive':
        price = (bestOpposite ?? this.mid) - away * rng.int(0, near >> 1);
        break;
      case 'join':
        price = bestOwn ?? this.mid + away * rng.int(0, near);
        break;
      case 'far':
        price = this.mid + away * rng.int(near, Math.max(near, Math.round(this.mid * 0.12)));
        break;
      default:
        price = this.mid - away * rng.int(near, Math.max(near, Math.round(this.mid * 0.08)));
    }
    return Math.max(1, price);
  }

  /** Orders that fail a filter: price ≤ 0, outside min/max price, quantity ≤ 0 or too big, off band, tiny. */
  private invalidOrder(instrument: Instrument): PlaceOrder {
    const rng = this.rng;
    const accountId = this.account();
    const side: Side = rng.chance(0.5) ? 'BUY' : 'SELL';
    const limit = (price: number, quantity: number, s: Side = side) =>
      this.placeCommand(this.newOrder(accountId, s, 'LIMIT', 'GTC', price, quantity, false));
    const near = this.profile.near;
    const reference = this.ref.lastPrice ?? this.mid;
    // The largest price at which one lot is still below MIN_NOTIONAL.
    const tinyPrice = Number((instrument.minNotional - 1n) / instrument.moneyPerTickLot);
    const kind = rng.pick([
      'priceZero',
      'priceNegative',
      'belowMinPrice',
      'aboveMaxPrice',
      'qtyZero',
      'qtyAboveMax',
      'marketQtyAboveMax',
      'tinyNotional',
      'buyAboveBand',
      'sellBelowBand',
    ]);
    switch (kind) {
      case 'priceZero':
        return limit(0, 1);
      case 'priceNegative':
        return limit(-rng.int(1, 100), 1);
      case 'belowMinPrice':
        return limit(instrument.minPriceTicks > 1 ? rng.int(1, instrument.minPriceTicks - 1) : 0, 1);
      case 'aboveMaxPrice':
        return limit(instrument.maxPriceTicks + rng.int(1, 1000), 1, 'SELL');
      case 'qtyZero':
        return limit(this.limitPrice(side), 0);
      case 'qtyAboveMax':
        return limit(this.limitPrice(side), instrument.maxQtyLots + rng.int(1, 10));
      case 'marketQtyAboveMax':
        return this.placeCommand(
          this.newOrder(
            accountId,
            side,
            'MARKET',
            'GTC',
            0,
            instrument.marketMaxQtyLots + rng.int(1, 10),
            false,
          ),
        );
      case 'tinyNotional':
        if (tinyPrice >= instrument.minPriceTicks)
          return limit(rng.int(instrument.minPriceTicks, tinyPrice), 1, 'BUY');
        return limit(this.mid, 0);
      case 'buyAboveBand': {
        const cap = Number((BigInt(reference) * instrument.bandUp) / instrument.bandScale);
        return limit(cap + rng.int(0, near), 1, 'BUY');
      }
      default: {
        const floor = Number((BigInt(reference) * instrument.bandDown) / instrument.bandScale);
        return limit(Math.max(1, floor - rng.int(0, near)), 1, 'SELL');
      }
    }
  }

  // ------------------------------------------------------------------ conditional orders

  /**
   * A conditional order on the last price or (in episodes with index prices) the mark: any type, triggers mostly a little beyond the last price in the
   * direction that triggers them (sometimes already reached: -2021), closePosition, reduce-only, GTD that
   * expires soon, trailing stops with and without activation, and the odd invalid one.
   */
  private placeAlgo(instrument: Instrument): PlaceAlgoOrder {
    const rng = this.rng;
    const near = this.profile.near;
    const side: Side = rng.chance(0.5) ? 'BUY' : 'SELL';
    const type = rng.pick(ALGO_ORDER_TYPES);
    const workingType = this.marks && rng.chance(0.4) ? 'MARK_PRICE' : 'CONTRACT_PRICE';
    const mark = this.ref.markPrice;
    const reference =
      workingType === 'MARK_PRICE' && mark !== undefined
        ? Math.round(mark / instrument.unitsPerTick)
        : (this.ref.lastPrice ?? this.mid);
    const stop = type === 'STOP' || type === 'STOP_MARKET';
    const rises = stop === (side === 'BUY');
    const beyond = (ticks: number) => Math.max(1, reference + (rises ? ticks : -ticks));
    const trigger = type === 'TRAILING_STOP_MARKET' ? 0 : beyond(rng.int(-1, near));
    const limitKind = type === 'STOP' || type === 'TAKE_PROFIT';
    const price = limitKind ? Math.max(1, trigger + rng.int(-near >> 1, near >> 1)) : 0;
    const closePosition = rng.chance(0.1);
    const timeInForce = rng.weighted<AlgoTimeInForce>([
      ['GTC', 70],
      ['GTD', 15],
      ['IOC', 5],
      ['FOK', 5],
      ['GTX', 5],
    ]);
    const algoId = this.nextOrderId++;
    const orderId = this.nextOrderId++;
    const order: NewAlgoOrder = {
      algoId,
      orderId,
      accountId: this.account(),
      clientAlgoId: rng.chance(0.08) ? `c${rng.int(0, 5)}` : `a${algoId}`,
      side,
      type,
      timeInForce,
      price,
      triggerPrice: rng.chance(0.02) ? instrument.maxPriceTicks + 1 : trigger,
      quantity: closePosition ? 0 : rng.chance(0.02) ? 0 : this.quantity(),
      workingType,
      priceProtect: rng.chance(0.3),
      closePosition,
      reduceOnly: !closePosition && rng.chance(0.15),
      selfTradePreventionMode: rng.weighted(STP_WEIGHTS),
      goodTillDate: timeInForce === 'GTD' ? this.time + rng.int(-5, 400) : 0,
      activationPrice: type === 'TRAILING_STOP_MARKET' && rng.chance(0.5) ? beyond(rng.int(-2, near)) : 0,
      callbackRate: type === 'TRAILING_STOP_MARKET' ? rng.int(0, 101) : 0,
    };
    return { type: 'PlaceAlgoOrder', ...this.header(), order };
  }

  /**
   * An index price a little off the last trade (or the mid), finer than a tick, so the mark moves around the
   * book: now and then beyond the symbol's maximum price (-1130).
   */
  private indexPrice(instrument: Instrument): SpecifiedCommand {
    const rng = this.rng;
    const near = Math.max(1, this.profile.near >> 1);
    const ticks = Math.max(1, (this.ref.lastPrice ?? this.mid) + rng.int(-near, near));
    const tick = instrument.unitsPerTick;
    const units = ticks * tick + rng.int(0, tick - 1);
    const digits = units.toString().padStart(9, '0');
    const price = `${digits.slice(0, -8)}.${digits.slice(-8)}`;
    return { type: 'UpdateIndexPrice', ...this.header(), price, sources: [{ name: 'reference', price }] };
  }

  private cancelAlgo(): SpecifiedCommand {
    const rng = this.rng;
    const live = this.ref.untriggered;
    const header = this.header();
    if (live.length === 0 || rng.chance(0.1)) {
      return {
        type: 'CancelAlgoOrder',
        ...header,
        accountId: this.account(),
        algoId: rng.int(this.firstOrderId, this.nextOrderId),
      };
    }
    const { order } = rng.pick(live);
    const accountId = rng.chance(0.9) ? order.accountId : this.account();
    return rng.chance(0.7)
      ? { type: 'CancelAlgoOrder', ...header, accountId, algoId: order.algoId }
      : { type: 'CancelAlgoOrder', ...header, accountId, clientAlgoId: order.clientAlgoId };
  }

  // ------------------------------------------------------------------ cancels

  private cancel(): SpecifiedCommand {
    const rng = this.rng;
    const live = this.ref.orders();
    const kind =
      live.length === 0
        ? 'dead'
        : rng.weighted([
            ['byOrderId', 65],
            ['byClientOrderId', 20],
            ['dead', 7],
            ['otherAccount', 5],
            ['noId', 3],
          ]);
    const header = this.header();
    switch (kind) {
      case 'byOrderId': {
        const order = rng.pick(live);
        return { type: 'CancelOrder', ...header, accountId: order.accountId, orderId: order.orderId };
      }
      case 'byClientOrderId': {
        const order = rng.pick(live);
        return {
          type: 'CancelOrder',
          ...header,
          accountId: order.accountId,
          clientOrderId: order.clientOrderId,
        };
      }
      case 'otherAccount': {
        const order = rng.pick(live);
        const accountId = rng.pick(this.accounts.filter((a) => a !== order.accountId));
        return rng.chance(0.5)
          ? { type: 'CancelOrder', ...header, accountId, orderId: order.orderId }
          : { type: 'CancelOrder', ...header, accountId, clientOrderId: order.clientOrderId };
      }
      case 'noId':
        return { type: 'CancelOrder', ...header, accountId: this.account() };
      default: {
        const accountId = this.account();
        const orderId = rng.int(this.firstOrderId, this.nextOrderId);
        const kind = rng.int(0, 2);
        if (kind === 0) return { type: 'CancelOrder', ...header, accountId, orderId };
        if (kind === 1)
          return { type: 'CancelOrder', ...header, accountId, clientOrderId: `c${rng.int(0, 5)}` };
        // An order id that is not open wins over a client order id that is: still unknown.
        const theirs = live.find((o) => o.accountId === accountId && o.orderId !== orderId);
        return {
          type: 'CancelOrder',
          ...header,
          accountId,
          orderId,
          clientOrderId: theirs?.clientOrderId ?? 'x',
        };
      }
    }
  }

  // ------------------------------------------------------------------ amendments

  private amend(instrument: Instrument): SpecifiedCommand {
    const rng = this.rng;
    const live = this.ref.orders();
    if (live.length === 0) return this.place(instrument);
    const postOnly = live.filter((o) => o.postOnly);
    const partlyFilled = live.filter((o) => o.filled > 0);
    const kind = rng.weighted<string>([
      ['decrease', 18],
      ['increase', 14],
      ['reprice', 18],
      ['cross', 14],
      ['toFilled', partlyFilled.length > 0 ? 6 : 0],
      ['postOnlyThrough', postOnly.length > 0 ? 6 : 0],
      ['noChange', 3],
      ['wrongSide', 2],
      ['invalid', 6],
      ['otherAccount', 3],
      ['dead', 3],
    ]);
    let order: RefOrder =
      kind === 'toFilled'
        ? rng.pick(partlyFilled)
        : kind === 'postOnlyThrough'
          ? rng.pick(postOnly)
          : rng.pick(live);
    const total = order.filled + order.remaining;
    const near = this.profile.near;
    const bestOpposite = this.ref.bestPrice(opposite(order.side));
    const toward = order.side === 'BUY' ? 1 : -1; // the aggressive direction
    let price = order.price;
    let quantity = total;
    let side = order.side;
    let accountId = order.accountId;
    switch (kind) {
      case 'decrease':
        quantity = total - 1 > order.filled ? rng.int(order.filled + 1, total - 1) : total + 1;
        break;
      case 'increase':
        quantity = total + rng.int(1, this.profile.smallQty);
        break;
      case 'reprice':
        price = Math.max(1, order.price + rng.pick([-1, 1]) * rng.int(1, near));
        if (rng.chance(0.4)) quantity = Math.max(1, total + rng.int(-total + 1, this.profile.smallQty));
        break;
      case 'cross':
      case 'postOnlyThrough':
        price = Math.max(1, (bestOpposite ?? order.price) + toward * rng.int(0, near >> 1));
        if (rng.chance(0.3)) quantity = total + rng.int(1, this.profile.smallQty);
        break;
      case 'toFilled':
        quantity = rng.int(1, order.filled);
        break;
      case 'noChange':
        break;
      case 'wrongSide':
        side = opposite(order.side);
        quantity = total + 1;
        break;
      case 'invalid':
        [price, quantity] = rng.pick<[number, number]>([
          [0, total],
          [instrument.maxPriceTicks + 1, total],
          [order.price, 0],
          [order.price, instrument.maxQtyLots + 1],
          [Math.max(1, Math.round((this.ref.lastPrice ?? this.mid) * 2)), total],
          [Math.max(1, Math.round((this.ref.lastPrice ?? this.mid) * 0.3)), total],
          [
            Math.max(
              instrument.minPriceTicks,
              Number(instrument.minNotional / instrument.moneyPerTickLot) - 1,
            ),
            1,
          ],
        ]);
        break;
      case 'otherAccount':
        accountId = rng.pick(this.accounts.filter((a) => a !== order.accountId));
        quantity = total + 1;
        break;
      default: {
        // a dead or never-seen order
        const dead: RefOrder = { ...order, orderId: this.nextOrderId + rng.int(0, 3), clientOrderId: 'gone' };
        order = dead;
        quantity = total + 1;
      }
    }
    const command: AmendOrder = rng.chance(0.25)
      ? {
          type: 'AmendOrder',
          ...this.header(),
          accountId,
          clientOrderId: order.clientOrderId,
          side,
          price,
          quantity,
        }
      : { type: 'AmendOrder', ...this.header(), accountId, orderId: order.orderId, side, price, quantity };
    return command;
  }

  // ------------------------------------------------------------------ symbol changes

  private updateSymbol(instrument: Instrument, kind: 'HALT' | 'RESUME' | 'CHANGE'): SpecifiedCommand {
    const rng = this.rng;
    const spec = instrument.spec;
    const p = this.profile;
    let next: SymbolSpec;
    if (kind === 'HALT') next = { ...spec, status: 'HALT' };
    else if (kind === 'RESUME') next = { ...spec, status: 'TRADING' };
    else {
      const change = rng.pick([
        'fees',
        'minNotional',
        'maxNumOrders',
        'band',
        'takeBound',
        'minQty',
        'maxQty',
        'invalidTick',
        'invalidSpec',
        'otherSymbol',
      ]);
      switch (change) {
        case 'fees':
          next = { ...spec, makerFeeRate: rng.pick(FEE_MAKER), takerFeeRate: rng.pick(FEE_TAKER) };
          break;
        case 'minNotional':
          next = { ...spec, minNotional: rng.pick(p.minNotionals) };
          break;
        case 'maxNumOrders':
          next = { ...spec, maxNumOrders: rng.pick(p.maxNumOrders) };
          break;
        case 'band':
          next = { ...spec, percentPrice: rng.pick(BANDS) };
          break;
        case 'takeBound':
          next = { ...spec, marketTakeBound: rng.pick(TAKE_BOUNDS) };
          break;
        case 'minQty':
          next = { ...spec, minQty: rng.pick(p.minQtys) };
          break;
        case 'maxQty':
          next = { ...spec, maxQty: rng.pick([p.spec.maxQty, p.spec.marketMaxQty]) };
          break;
        case 'invalidTick':
          next = { ...spec, tickSize: spec.tickSize === '1' ? '2' : '0.20' };
          break;
        case 'invalidSpec':
          next = { ...spec, maxNumOrders: 0 };
          break;
        default:
          next = { ...spec, symbol: 'ELSEUSDT' };
      }
    }
    return { type: 'UpdateSymbol', ...this.header(), spec: next };
  }
}
