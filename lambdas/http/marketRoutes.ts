import { nextFundingTime } from '../../core/projections/funding';
import { HOUR_MS, type KlineInterval } from '../../core/projections/intervals';
import { rollingStats, rollingWindowStart } from '../../core/projections/rollingTicker';
import type { Instrument } from '../../core/symbol/instrument';
import { ApiError } from '../shared/apiError';
import type { Deps } from '../shared/deps';
import { exchangeInfoJson } from '../shared/exchangeInfo';
import { historyRange, Rejected, withTradeIds } from '../shared/historyRange';
import {
  aggTradeJson,
  bookTickerJson,
  depthJson,
  klineRow,
  premiumIndexJson,
  priceTickerJson,
  ticker24hJson,
  tradeJson,
} from '../shared/marketJson';
import { listedSymbol } from '../shared/orderEntry';
import type { Params } from '../shared/params';
import {
  aggTradesParams,
  depthParams,
  fundingRateParams,
  klinesParams,
  noParams,
  optionalSymbolParams,
  tradesParams,
} from '../shared/queryRequests';
import { readSideOf } from '../shared/readSide';
import { validate } from '../shared/validation';
import type { Route } from './route';

/** Public market data (api-contract.md, "REST — market data"), answered from the read models. */
export const marketRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/fapi/v1/ping',
    security: 'NONE',
    weight: 1,
    handle: async (c) => {
      validate(noParams, c.params);
      return {};
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/time',
    security: 'NONE',
    weight: 1,
    handle: async (c) => {
      validate(noParams, c.params);
      return { serverTime: c.deps.clock() };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/exchangeInfo',
    security: 'NONE',
    weight: 1,
    handle: async (c) => {
      validate(noParams, c.params);
      return exchangeInfoJson(await c.deps.symbols.all(), c.deps.rateLimiter.limits, c.deps.clock());
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/depth',
    security: 'NONE',
    weight: (params) => depthWeight(Number(params.get('limit') ?? 500)),
    handle: async (c) => {
      const p = validate(depthParams, c.params);
      const instrument = await listedSymbol(c.deps, p.symbol);
      const book = await readSideOf(c.deps).depth.read(p.symbol, p.limit ?? 500);
      return depthJson(instrument, book, c.deps.clock());
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/trades',
    security: 'NONE',
    weight: 5,
    handle: async (c) => {
      const p = validate(tradesParams, c.params);
      const instrument = await listedSymbol(c.deps, p.symbol);
      const trades = await readSideOf(c.deps).trades.recent(p.symbol, p.limit ?? 500);
      return trades.map((t) => tradeJson(instrument, t));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/aggTrades',
    security: 'NONE',
    weight: 20,
    handle: async (c) => {
      const p = validate(aggTradesParams, c.params);
      const instrument = await listedSymbol(c.deps, p.symbol);
      // Binance: a startTime..endTime span of at most one hour; fromId goes alone.
      const rules = { defaultLimit: 500, maxSpanMs: HOUR_MS, fromIdWithTime: false };
      const range = await withTradeIds(c.deps, p.symbol, historyRange(p, rules, c.deps.clock()));
      if (range === 'none') return [];
      const aggregates = await readSideOf(c.deps).aggTrades.range(p.symbol, range);
      return aggregates.map((a) => aggTradeJson(instrument, a));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/klines',
    security: 'NONE',
    weight: (params) => klinesWeight(Number(params.get('limit') ?? 500)),
    handle: async (c) => {
      const p = validate(klinesParams, c.params);
      const instrument = await listedSymbol(c.deps, p.symbol);
      if (p.startTime !== undefined && p.endTime !== undefined && p.startTime > p.endTime)
        throw ApiError.of(Rejected.startAfterEnd);
      const candles = await readSideOf(c.deps).klines.range(p.symbol, p.interval as KlineInterval, {
        startTime: p.startTime,
        endTime: p.endTime,
        newest: p.startTime === undefined,
        limit: p.limit ?? 500,
      });
      return candles.map((candle) => klineRow(instrument, candle));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/24hr',
    security: 'NONE',
    weight: (params) => (params.has('symbol') ? 1 : 40),
    handle: (c) =>
      perSymbol(c.deps, c.params, async (instrument) => {
        const side = readSideOf(c.deps);
        const now = c.deps.clock();
        const [candles, ticker] = await Promise.all([
          side.klines.range(instrument.spec.symbol, '1m', {
            startTime: rollingWindowStart(now),
            endTime: now,
            newest: false,
            limit: 1440,
          }),
          side.tickers.get(instrument.spec.symbol),
        ]);
        return ticker24hJson(instrument, rollingStats(candles, ticker.lastPrice ?? 0, now), ticker);
      }),
  },
  ...['/fapi/v1/ticker/price', '/fapi/v2/ticker/price'].map(
    (path): Route => ({
      method: 'GET',
      path,
      security: 'NONE',
      weight: (params) => (params.has('symbol') ? 1 : 2),
      handle: (c) =>
        perSymbol(c.deps, c.params, async (instrument) =>
          priceTickerJson(instrument, await readSideOf(c.deps).tickers.get(instrument.spec.symbol)),
        ),
    }),
  ),
  {
    method: 'GET',
    path: '/fapi/v1/ticker/bookTicker',
    security: 'NONE',
    weight: (params) => (params.has('symbol') ? 2 : 5),
    handle: (c) =>
      perSymbol(c.deps, c.params, async (instrument) =>
        bookTickerJson(instrument, await readSideOf(c.deps).tickers.get(instrument.spec.symbol)),
      ),
  },
  {
    method: 'GET',
    path: '/fapi/v1/premiumIndex',
    security: 'NONE',
    weight: (params) => (params.has('symbol') ? 1 : 10),
    handle: (c) =>
      perSymbol(c.deps, c.params, async (instrument) => {
        const now = c.deps.clock();
        const ticker = await readSideOf(c.deps).tickers.get(instrument.spec.symbol);
        return premiumIndexJson(instrument, ticker, nextFundingTime(now), now);
      }),
  },
  {
    method: 'GET',
    path: '/fapi/v1/fundingRate',
    security: 'NONE',
    weight: 1,
    handle: async (c) => {
      const p = validate(fundingRateParams, c.params);
      if (p.symbol !== undefined) await listedSymbol(c.deps, p.symbol);
      // No funding has been settled yet: the history is empty until funding exists.
      return [];
    },
  },
];

/** One answer for the symbol asked for, or a list over every listed symbol when none is. */
async function perSymbol(
  deps: Deps,
  params: Params,
  answer: (instrument: Instrument) => Promise<unknown>,
): Promise<unknown> {
  const { symbol } = validate(optionalSymbolParams, params);
  if (symbol !== undefined) return answer(await listedSymbol(deps, symbol));
  return Promise.all((await deps.symbols.all()).map(answer));
}

/** Binance's depth weights: 2 up to 50 levels, 5 for 100, 10 for 500, 20 for 1000. */
export function depthWeight(limit: number): number {
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

/** Binance's klines weights: 1 below 100, 2 below 500, 5 up to 1000, 10 above. */
export function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}
