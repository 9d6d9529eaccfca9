import { type CandleState, candleKey } from '../../core/projections/candleFold';
import type { Candle } from '../../core/projections/candles';
import { bestLevels, type DepthState, depthFold } from '../../core/projections/depthFold';
import { bucketOpen, type KlineInterval } from '../../core/projections/intervals';
import { tradeKlinesFold, tradeSample } from '../../core/projections/klineFolds';
import { type OrderState, orderFold } from '../../core/projections/orderFold';
import { type TickerView, tickerFold } from '../../core/projections/tickerFold';
import type { TradeFact } from '../../core/projections/tradeFacts';
import type { Instrument } from '../../core/symbol/instrument';
import type { FanoutContext } from '../context';
import { candleStore } from '../projections/candleStore';
import { depthStore } from '../projections/depthModel';
import { FoldRunner } from '../projections/foldRunner';
import { orderStore } from '../projections/ordersModel';
import { tickersStore } from '../projections/tickersModel';
import { catchingUp } from './catchUp';
import type { SymbolRun } from './symbolRuns';
import type { TopOfBook } from './topOfBook';

/** What the market streams show after a run, from the read models' own folds. */
export interface FoldedMarket {
  readonly book: DepthState;
  readonly candles: CandleState;
  /** The orders the run touches as they stood before it (or later, where read past it), and after. */
  readonly orders: { readonly before: OrderState; readonly after: OrderState };
  /** The ticker after the run: its mark, index and funding rates (mark price streams, ACCOUNT_UPDATE). */
  readonly ticker: TickerView;
}

/**
 * The fan-out's copy of the market read models and the orders: the depth, kline, order and ticker folds the projector runs, kept in memory per
 * symbol by the same runner (bounded; a cold start or a gap loads the stored items and catches up from the log),
 * never written. Every run is folded, whoever listens, so the state stays warm and costs no reads: market data
 * does not wait for the projector.
 */
export function marketFolds(
  ctx: Pick<FanoutContext, 'depth' | 'klines' | 'orders' | 'tickers' | 'progress' | 'events'>,
): (run: SymbolRun, instrument: Instrument) => Promise<FoldedMarket> {
  const depth = new FoldRunner(depthFold, catchingUp(depthFold, depthStore(ctx.depth), ctx));
  const klines = new FoldRunner(
    tradeKlinesFold,
    catchingUp(tradeKlinesFold, candleStore(ctx.klines, tradeSample), ctx),
  );
  const orders = new FoldRunner(orderFold, catchingUp(orderFold, orderStore(ctx.orders), ctx));
  const tickers = new FoldRunner(
    tickerFold,
    catchingUp(tickerFold, tickersStore(ctx.tickers, ctx.depth), ctx),
  );
  const keep = { follows: true, write: false } as const;
  return async (run, instrument) => {
    const [book, candles, ordered, ticker] = await Promise.all([
      depth.run(run, instrument, keep),
      klines.run(run, instrument, keep),
      orders.run(run, instrument, keep),
      tickers.run(run, instrument, keep),
    ]);
    return { book: book.after, candles: candles.after, orders: ordered, ticker: ticker.after.ticker };
  };
}

/** The best `levels` of each side of the folded book. */
export function topOf(book: DepthState, levels: number): TopOfBook {
  return {
    updateId: book.lastUpdateId,
    time: book.time,
    bids: bestLevels(book.bids, true, levels),
    asks: bestLevels(book.asks, false, levels),
  };
}

/** The candles of one interval that the run's trades fall in, as folded (as of the run's end, or later). */
export function runCandlesOf(
  state: CandleState,
  interval: KlineInterval,
  trades: readonly TradeFact[],
): Candle[] {
  const candles: Candle[] = [];
  for (const openTime of new Set(trades.map((t) => bucketOpen(interval, t.time)))) {
    const candle = state.candles.get(candleKey(interval, openTime));
    if (candle != null) candles.push(candle);
  }
  return candles;
}
