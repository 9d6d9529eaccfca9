import type {
  AccountInfo,
  AccountUpdateEvent,
  Order,
  OrderTradeUpdateEvent,
  PositionRisk,
  UserEvent,
  UserTrade,
} from '../api/wire';
import { add, type Decimal, dec, div, isZero, mul, round, sign, sub, toPlain, ZERO } from './decimal';

/**
 * The trader's account as the page shows it: balances, positions, open orders, recent orders and fills. Built
 * from REST (the initial state, and again after every reconnect) and kept live by the user data stream's events,
 * each of which carries absolute values (an order's state, a position, a wallet balance) so applying one twice,
 * or after a snapshot that already had it, changes nothing. Mark price updates revalue positions between events.
 */
export interface Position {
  readonly symbol: string;
  /** Signed size ("-0.010" is short). */
  readonly positionAmt: string;
  readonly entryPrice: string;
  readonly breakEvenPrice: string;
  readonly markPrice: string;
  readonly unRealizedProfit: string;
  /** "0" while the exchange computes none. */
  readonly liquidationPrice: string;
  readonly leverage: string;
  readonly maintMargin: string;
  readonly initialMargin: string;
  readonly updateTime: number;
}

export interface Balance {
  readonly asset: string;
  readonly walletBalance: string;
  readonly availableBalance: string;
  readonly maintMargin: string;
  readonly initialMargin: string;
}

export interface AccountState {
  readonly balances: ReadonlyMap<string, Balance>;
  readonly positions: ReadonlyMap<string, Position>;
  readonly openOrders: ReadonlyMap<number, Order>;
  /** Recent orders, newest first: REST gives the shown symbol's, the stream adds any symbol's. */
  readonly orders: readonly Order[];
  /** Recent fills, newest first, likewise. */
  readonly trades: readonly UserTrade[];
}

/** How many orders and fills the history tabs keep. */
export const HISTORY_LIMIT = 100;

export const EMPTY_ACCOUNT: AccountState = {
  balances: new Map(),
  positions: new Map(),
  openOrders: new Map(),
  orders: [],
  trades: [],
};

export interface AccountSnapshot {
  readonly account: AccountInfo;
  readonly positions: readonly PositionRisk[];
  readonly openOrders: readonly Order[];
  readonly orders: readonly Order[];
  readonly trades: readonly UserTrade[];
}

export function accountFromRest(snapshot: AccountSnapshot): AccountState {
  const balances = new Map<string, Balance>();
  for (const a of snapshot.account.assets)
    balances.set(a.asset, {
      asset: a.asset,
      walletBalance: a.walletBalance,
      availableBalance: a.availableBalance,
      maintMargin: a.maintMargin,
      initialMargin: a.initialMargin,
    });
  const positions = new Map<string, Position>();
  for (const p of snapshot.positions)
    positions.set(p.symbol, {
      symbol: p.symbol,
      positionAmt: p.positionAmt,
      entryPrice: p.entryPrice,
      breakEvenPrice: p.breakEvenPrice,
      markPrice: p.markPrice,
      unRealizedProfit: p.unRealizedProfit,
      liquidationPrice: p.liquidationPrice,
      leverage: p.leverage,
      maintMargin: p.maintMargin ?? '0',
      initialMargin: p.initialMargin ?? '0',
      updateTime: p.updateTime,
    });
  return {
    balances,
    positions,
    openOrders: new Map(snapshot.openOrders.map((o) => [o.orderId, o])),
    orders: newestFirst(snapshot.orders, (o) => o.updateTime).slice(0, HISTORY_LIMIT),
    trades: newestFirst(snapshot.trades, (t) => t.time).slice(0, HISTORY_LIMIT),
  };
}

export function applyUserEvent(state: AccountState, event: UserEvent): AccountState {
  switch (event.e) {
    case 'ORDER_TRADE_UPDATE':
      return applyOrderUpdate(state, event);
    case 'ACCOUNT_UPDATE':
      return applyAccountUpdate(state, event);
    case 'listenKeyExpired':
      return state;
  }
}

const OPEN = new Set(['NEW', 'PARTIALLY_FILLED']);

function applyOrderUpdate(state: AccountState, event: OrderTradeUpdateEvent): AccountState {
  const u = event.o;
  const previous = state.openOrders.get(u.i) ?? state.orders.find((o) => o.orderId === u.i);
  // An update older than what the page has (a REST answer taken after it) is already included.
  if (previous !== undefined && previous.updateTime > u.T) return state;
  const order: Order = {
    orderId: u.i,
    symbol: u.s,
    status: u.X,
    clientOrderId: u.c,
    price: u.p,
    avgPrice: u.ap,
    origQty: u.q,
    executedQty: u.z,
    timeInForce: u.f,
    type: u.o,
    reduceOnly: u.R,
    side: u.S,
    stopPrice: u.sp,
    time: previous?.time ?? u.T,
    updateTime: u.T,
  };
  const openOrders = new Map(state.openOrders);
  if (OPEN.has(u.X)) openOrders.set(u.i, order);
  else openOrders.delete(u.i);
  const orders = [order, ...state.orders.filter((o) => o.orderId !== u.i)].slice(0, HISTORY_LIMIT);
  let trades = state.trades;
  if (u.x === 'TRADE' && !trades.some((t) => t.id === u.t && t.symbol === u.s)) {
    const fill: UserTrade = {
      id: u.t,
      symbol: u.s,
      orderId: u.i,
      side: u.S,
      price: u.L,
      qty: u.l,
      quoteQty: toPlain(mul(dec(u.L), dec(u.l))),
      commission: u.n ?? '0',
      commissionAsset: u.N ?? 'USDT',
      realizedPnl: u.rp,
      maker: u.m,
      time: u.T,
    };
    trades = newestFirst([fill, ...trades], (t) => t.time).slice(0, HISTORY_LIMIT);
  }
  return { ...state, openOrders, orders, trades };
}

function applyAccountUpdate(state: AccountState, event: AccountUpdateEvent): AccountState {
  const balances = new Map(state.balances);
  for (const b of event.a.B) {
    const before = balances.get(b.a);
    balances.set(b.a, {
      asset: b.a,
      walletBalance: b.wb,
      // Available balance and margins are not in the event: the page refreshes them over REST.
      availableBalance: before?.availableBalance ?? b.wb,
      maintMargin: before?.maintMargin ?? '0',
      initialMargin: before?.initialMargin ?? '0',
    });
  }
  const positions = new Map(state.positions);
  for (const p of event.a.P) {
    if (p.ps !== 'BOTH') continue;
    const before = positions.get(p.s);
    if (before !== undefined && before.updateTime > event.T) continue;
    const position: Position = {
      symbol: p.s,
      positionAmt: p.pa,
      entryPrice: p.ep,
      breakEvenPrice: p.bep ?? p.ep,
      markPrice: before?.markPrice ?? '0',
      unRealizedProfit: p.up,
      liquidationPrice: before?.liquidationPrice ?? '0',
      leverage: before?.leverage ?? '',
      maintMargin: before?.maintMargin ?? '0',
      initialMargin: before?.initialMargin ?? '0',
      updateTime: event.T,
    };
    positions.set(p.s, before?.markPrice ? revalue(position, before.markPrice) : position);
  }
  return { ...state, balances, positions };
}

/** A new mark price for a symbol: its position's mark and unrealized PnL follow. */
export function applyMarkPrice(state: AccountState, symbol: string, markPrice: string): AccountState {
  const position = state.positions.get(symbol);
  if (position === undefined || isZero(dec(markPrice))) return state;
  const positions = new Map(state.positions);
  positions.set(symbol, revalue(position, markPrice));
  return { ...state, positions };
}

/** The API's money precision: 10^-8 USDT. */
const MONEY_DECIMALS = 8;

/** Unrealized PnL = size × (mark − entry) (a short's size is negative), to 10^-8 as the API writes money. */
function revalue(position: Position, markPrice: string): Position {
  const size = dec(position.positionAmt);
  const upnl = isZero(size) ? ZERO : mul(size, sub(dec(markPrice), dec(position.entryPrice)));
  return { ...position, markPrice, unRealizedProfit: toPlain(round(upnl, MONEY_DECIMALS, 'halfUp')) };
}

/** Positions with a size, by symbol (a stable order for the eye). */
export function openPositions(state: AccountState): Position[] {
  return [...state.positions.values()]
    .filter((p) => !isZero(dec(p.positionAmt)))
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
}

export interface MarginSummary {
  readonly walletBalance: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly marginBalance: Decimal;
  readonly maintMargin: Decimal;
  /** maintenance margin / margin balance, in percent with 2 digits; undefined without margin balance. */
  readonly marginRatioPercent: Decimal | undefined;
}

/**
 * Cross margin: margin balance = wallet + Σ unrealized PnL, and the account's margin ratio = maintenance margin /
 * margin balance (Binance liquidates at 100%). The maintenance margin comes from REST; PnL from the live marks.
 */
export function marginSummary(state: AccountState, asset = 'USDT'): MarginSummary {
  const balance = state.balances.get(asset);
  const walletBalance = balance === undefined ? ZERO : dec(balance.walletBalance);
  let unrealizedPnl = ZERO;
  let positionMaint = ZERO;
  for (const p of state.positions.values()) {
    unrealizedPnl = add(unrealizedPnl, dec(p.unRealizedProfit));
    positionMaint = add(positionMaint, dec(p.maintMargin));
  }
  const maintMargin = balance === undefined ? positionMaint : dec(balance.maintMargin);
  const marginBalance = add(walletBalance, unrealizedPnl);
  const marginRatioPercent =
    sign(marginBalance) > 0 ? div(mul(maintMargin, dec('100')), marginBalance, 2, 'up') : undefined;
  return { walletBalance, unrealizedPnl, marginBalance, maintMargin, marginRatioPercent };
}

function newestFirst<T>(items: readonly T[], time: (item: T) => number): T[] {
  return [...items].sort((a, b) => time(b) - time(a));
}
