import type { TickerView } from '../../../application/ports/marketData';
import { accountsToSettle } from '../../../core/accounts/settlement';
import type { EngineEvent } from '../../../core/engine/events';
import { INSURANCE_FUND_ACCOUNT } from '../../../core/engine/state';
import { depthChanges } from '../../../core/marketData/depthChanges';
import { type Money, moneyOf } from '../../../core/numbers/money';
import type { Position } from '../../../core/position/position';
import { aggregateTrades } from '../../../core/projections/aggTrades';
import { type Candle, foldCandles } from '../../../core/projections/candles';
import {
  bucketClose,
  bucketOpen,
  KLINE_INTERVALS,
  type KlineInterval,
} from '../../../core/projections/intervals';
import { marketTradesOf } from '../../../core/projections/marketTrades';
import { applyToOrder, isOpen, type OrderView, ordersIn } from '../../../core/projections/orderView';
import { type TradeFact, tradeFacts } from '../../../core/projections/tradeFacts';
import { userTradesOf } from '../../../core/projections/userTrades';
import { compileInstrument } from '../../../core/symbol/instrument';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import type { ReadSnapshot } from './readBack';
import type { Session } from './session';

/**
 * What every read model must hold after a session: the pure folds of core/projections (and core/orders,
 * core/marketData, the engine's own positions) over the whole event log at once, however it was cut into
 * batches, redelivered or interrupted on the way.
 */
export function expectedSnapshot(session: Session, deposit: Money): ReadSnapshot {
  const events = session.events;
  const symbol = session.spec.symbol;
  const instrument = compileInstrument(session.spec);
  const last = events[events.length - 1]!;

  let listing: { spec: SymbolSpec; lastSeq: number } | undefined;
  for (const e of events)
    if (e.type === 'SymbolListed' || e.type === 'SymbolUpdated') listing = { spec: e.spec, lastSeq: e.seq };

  const views = new Map<number, OrderView | undefined>();
  for (const e of events)
    for (const id of ordersIn(e)) views.set(id, applyToOrder(views.get(id), e, symbol, instrument));
  const orders = [...views.values()]
    .filter((v): v is OrderView => v !== undefined && v.status !== 'REJECTED')
    .sort((a, b) => a.order.orderId - b.order.orderId)
    .map((view) => ({ view, status: view.status, open: isOpen(view.status) }));

  const userTrades = userTradesOf(events, symbol, instrument).sort(
    (a, b) => a.accountId - b.accountId || a.id - b.id || Number(b.maker) - Number(a.maker),
  );
  const trades = tradeFacts(events, instrument);
  const klines = {} as Record<KlineInterval, Candle[]>;
  for (const interval of KLINE_INTERVALS)
    klines[interval] = [...foldCandles(interval, trades).values()].sort((a, b) => a.openTime - b.openTime);

  const levels = new Map<string, [number, number]>();
  for (const change of depthChanges(events)) {
    const key = `${change.side}:${change.price}`;
    if (change.quantity === 0) levels.delete(key);
    else levels.set(key, [change.price, change.quantity]);
  }
  const side = (name: string) => [...levels].filter(([k]) => k.startsWith(name)).map(([, level]) => level);
  const bids = side('BUY:').sort((a, b) => b[0] - a[0]);
  const asks = side('SELL:').sort((a, b) => a[0] - b[0]);

  const lastTrade = [...events].reverse().find((e) => e.type === 'Trade');
  const lastMark = [...events].reverse().find((e) => e.type === 'MarkPriceUpdated');
  const lastSettlement = [...events].reverse().find((e) => e.type === 'FundingSettled');
  const mark = lastMark?.type === 'MarkPriceUpdated' ? lastMark : undefined;
  const ticker: TickerView = {
    insuranceFund: insuranceFundOf(events),
    openInterest: openInterestOf(events),
    markPrice: mark?.markPrice ?? null,
    indexPrice: mark?.indexPrice ?? null,
    estimatedFundingRate: mark?.estimatedFundingRate ?? null,
    lastFundingRate:
      lastSettlement?.type === 'FundingSettled' && lastSettlement.seq > (mark?.seq ?? 0)
        ? lastSettlement.fundingRate
        : (mark?.lastFundingRate ?? 0),
    nextFundingTime: mark?.nextFundingTime ?? null,
    markTime: mark?.time ?? null,
    lastPrice: lastTrade?.type === 'Trade' ? lastTrade.price : null,
    lastQty: lastTrade?.type === 'Trade' ? lastTrade.quantity : null,
    lastTime: lastTrade?.time ?? null,
    bestBid: bids[0]?.[0] ?? null,
    bestBidQty: bids[0]?.[1] ?? null,
    bestAsk: asks[0]?.[0] ?? null,
    bestAskQty: asks[0]?.[1] ?? null,
    updateId: last.seq,
    time: last.time,
  };

  return {
    symbol: listing,
    orders,
    userTrades,
    marketTrades: marketTradesOf(events, instrument),
    aggTrades: aggregateTrades(undefined, trades),
    klines,
    depth: { lastUpdateId: last.seq, time: last.time, bids, asks },
    ticker,
    accounts: expectedAccounts(session, events, deposit),
  };
}

/** Wallet = deposit + Σ (realized PnL − fee) of the account's fills; positions as the engine holds them. */
function expectedAccounts(session: Session, events: readonly EngineEvent[], deposit: Money) {
  const out: Record<number, ReadSnapshot['accounts'][number]> = {};
  const symbol = session.spec.symbol;
  for (const account of session.accounts) {
    let wallet = deposit;
    let settled: number | undefined;
    for (const e of events) {
      if (accountsToSettle(e).includes(account)) settled = e.seq;
      if (e.type !== 'Trade') continue;
      for (const fill of [e.maker, e.taker])
        if (fill.accountId === account) wallet += moneyOf(fill.realizedPnl) - moneyOf(fill.fee);
    }
    const position = session.engine.positions().get(account);
    const positions: Record<string, Position> = {};
    if (position !== undefined && (position.size !== 0 || position.realizedPnl !== 0n))
      positions[symbol] = position;
    out[account] = {
      walletBalance: wallet,
      positions,
      settledSeq: settled === undefined ? {} : { [symbol]: settled },
      reservations: {},
    };
  }
  return out;
}

/** An independent oracle for candles: each bucket's trades picked out and summarised directly. */
export function naiveCandles(interval: KlineInterval, trades: readonly TradeFact[]): Candle[] {
  const opens = [...new Set(trades.map((t) => bucketOpen(interval, t.time)))].sort((a, b) => a - b);
  return opens.map((openTime) => {
    const inBucket = trades.filter((t) => t.time >= openTime && t.time <= bucketClose(interval, openTime));
    const buys = inBucket.filter((t) => t.takerSide === 'BUY');
    const sum = (ts: readonly TradeFact[]) => ts.reduce((s, t) => s + t.qty, 0);
    const quote = (ts: readonly TradeFact[]) => ts.reduce((s, t) => s + t.quoteQty, 0n);
    return {
      openTime,
      closeTime: bucketClose(interval, openTime),
      open: inBucket[0]!.price,
      high: Math.max(...inBucket.map((t) => t.price)),
      low: Math.min(...inBucket.map((t) => t.price)),
      close: inBucket[inBucket.length - 1]!.price,
      volume: sum(inBucket),
      quoteVolume: quote(inBucket),
      trades: inBucket.length,
      takerBuyVolume: sum(buys),
      takerBuyQuoteVolume: quote(buys),
      firstTradeId: inBucket[0]!.id,
      lastTradeId: inBucket[inBucket.length - 1]!.id,
      lastSeq: inBucket[inBucket.length - 1]!.seq,
    };
  });
}

/**
 * The insurance fund as the events tell it, read plainly: the balance the last Liquidated event carries plus the
 * fund's funding payments since; every transfer it was a side of for its realized PnL and position.
 */
function insuranceFundOf(events: readonly EngineEvent[]) {
  let balance = 0n;
  let realized = 0n;
  let size = 0;
  let entry = 0n;
  let time = 0;
  for (const event of events) {
    if (event.type === 'Liquidated') {
      balance = BigInt(event.insuranceBalance);
      time = event.time;
    } else if (event.type === 'FundingPaid') {
      for (const [accountId, amount] of event.payments)
        if (accountId === INSURANCE_FUND_ACCOUNT) {
          balance += BigInt(amount);
          time = event.time;
        }
    } else if (event.type === 'PositionTransferred') {
      for (const side of [event.liquidated, event.counterparty])
        if (side.accountId === INSURANCE_FUND_ACCOUNT) {
          realized += BigInt(side.realizedPnl);
          size = side.position.size;
          entry = BigInt(side.position.entryNotional);
          time = event.time;
        }
    }
  }
  return {
    balance: String(balance),
    realizedPnl: String(realized),
    positionSize: size,
    entryNotional: String(entry),
    time,
  };
}

/**
 * The open interest by netting every account's signed quantities (not the events' positions after): each trade
 * moves its buyer up and its seller down, each transfer its liquidated account by its side and the counterparty
 * the other way; the longs are summed at the end.
 */
function openInterestOf(events: readonly EngineEvent[]): number {
  const net = new Map<number, number>();
  const move = (accountId: number, lots: number) => net.set(accountId, (net.get(accountId) ?? 0) + lots);
  for (const e of events) {
    if (e.type === 'Trade') {
      const [buyer, seller] = e.takerSide === 'BUY' ? [e.taker, e.maker] : [e.maker, e.taker];
      move(buyer.accountId, e.quantity);
      move(seller.accountId, -e.quantity);
    } else if (e.type === 'PositionTransferred') {
      const sign = e.side === 'BUY' ? 1 : -1;
      move(e.liquidated.accountId, sign * e.quantity);
      move(e.counterparty.accountId, -sign * e.quantity);
    }
  }
  let longs = 0;
  for (const lots of net.values()) longs += Math.max(lots, 0);
  return longs;
}
