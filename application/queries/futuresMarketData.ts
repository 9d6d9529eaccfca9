import type { Candle } from '../../core/projections/candles';
import { nextFundingTime } from '../../core/projections/funding';
import type { FundingRateRecord } from '../../core/projections/fundingRates';
import type { PriceSeries } from '../../core/projections/priceSamples';
import type { Instrument } from '../../core/symbol/instrument';
import type { IngressContext } from '../context';
import type { TickerView } from '../ports/marketData';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { HistoryRejections } from './historyRange';
import type { CandleParams } from './marketData';

/** Futures market data (mark price, funding), answered from the tickers, priceKlines and fundingRates models. */

/**
 * GET /fapi/v1/premiumIndex: the symbol's ticker (its last mark, index and funding rates) and the next funding
 * time on the symbol's own interval after now (the mark's own may have passed while no index came).
 */
export async function premiumIndex(
  ctx: IngressContext,
  instrument: Instrument,
): Promise<{ readonly ticker: TickerView; readonly nextFundingTime: number; readonly time: number }> {
  const time = ctx.clock();
  return {
    ticker: await ctx.tickers.get(instrument.spec.symbol),
    nextFundingTime: nextFundingTime(time, instrument.futures.fundingIntervalMs),
    time,
  };
}

/** GET /fapi/v1/markPriceKlines, indexPriceKlines, premiumIndexKlines: as klines, from a price series. */
export async function priceCandles(
  ctx: IngressContext,
  symbol: string,
  series: PriceSeries,
  p: CandleParams,
): Promise<Candle[]> {
  await listedSymbol(ctx, symbol);
  if (p.startTime !== undefined && p.endTime !== undefined && p.startTime > p.endTime)
    throw new Rejected(HistoryRejections.startAfterEnd);
  return ctx.priceKlines.of(series).range(symbol, p.interval, {
    startTime: p.startTime,
    endTime: p.endTime,
    newest: p.startTime === undefined,
    limit: p.limit ?? 500,
  });
}

export interface FundingHistoryParams {
  readonly symbol?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit?: number;
}

/**
 * GET /fapi/v1/fundingRate: settled fundings in ascending funding time. As Binance: without startTime the newest
 * `limit` (default 100), else `limit` from startTime on; without a symbol, every symbol's, merged by time.
 */
export async function fundingHistory(
  ctx: IngressContext,
  p: FundingHistoryParams,
): Promise<{ readonly symbol: string; readonly record: FundingRateRecord }[]> {
  if (p.startTime !== undefined && p.endTime !== undefined && p.startTime > p.endTime)
    throw new Rejected(HistoryRejections.startAfterEnd);
  const symbols =
    p.symbol !== undefined
      ? [(await listedSymbol(ctx, p.symbol)).spec.symbol]
      : (await ctx.symbols.all()).map((i) => i.spec.symbol);
  const range = {
    startTime: p.startTime,
    endTime: p.endTime,
    newest: p.startTime === undefined,
    limit: p.limit ?? 100,
  };
  const perSymbol = await Promise.all(
    symbols.map(async (symbol) =>
      (await ctx.fundingRates.range(symbol, range)).map((record) => ({ symbol, record })),
    ),
  );
  const merged = perSymbol
    .flat()
    .sort((a, b) => a.record.fundingTime - b.record.fundingTime || (a.symbol < b.symbol ? -1 : 1));
  return range.newest ? merged.slice(Math.max(0, merged.length - range.limit)) : merged.slice(0, range.limit);
}
