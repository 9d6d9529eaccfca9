import { chainHead } from '../../application/queries/eventChain';
import {
  aggregateTrades,
  candles,
  dayStats,
  listedSymbols,
  orderBook,
  perSymbol,
  recentTrades,
  tickerOf,
} from '../../application/queries/marketData';
import {
  aggTradesParams,
  depthParams,
  klinesParams,
  noParams,
  optionalSymbolParams,
  tradesParams,
} from '../../binance/requests/queryRequests';
import { exchangeInfoJson } from '../../binance/responses/exchangeInfo';
import {
  aggTradeJson,
  bookTickerJson,
  depthJson,
  klineRow,
  priceTickerJson,
  ticker24hJson,
  tradeJson,
} from '../../binance/responses/marketJson';
import { validate } from '../../binance/validation';
import type { KlineInterval } from '../../core/projections/intervals';
import type { Route } from './route';

/** Public market data (api-contract.md, "REST — market data"), answered from the read models. */
export const marketDataRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/fapi/v1/ping',
    security: 'NONE',
    weight: 1,
    handle: async (req) => {
      validate(noParams, req.params);
      return {};
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/time',
    security: 'NONE',
    weight: 1,
    handle: async (req) => {
      validate(noParams, req.params);
      return { serverTime: req.ctx.clock() };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/exchangeInfo',
    security: 'NONE',
    weight: 1,
    handle: async (req) => {
      validate(noParams, req.params);
      return exchangeInfoJson(await listedSymbols(req.ctx), req.ctx.rateLimiter.limits, req.ctx.clock());
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/depth',
    security: 'NONE',
    weight: (params) => depthWeight(Number(params.get('limit') ?? 500)),
    handle: async (req) => {
      const p = validate(depthParams, req.params);
      const { instrument, book } = await orderBook(req.ctx, p.symbol, p.limit ?? 500);
      return depthJson(instrument, book, req.ctx.clock());
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/trades',
    security: 'NONE',
    weight: 5,
    handle: async (req) => {
      const p = validate(tradesParams, req.params);
      const { instrument, trades } = await recentTrades(req.ctx, p.symbol, p.limit ?? 500);
      return trades.map((t) => tradeJson(instrument, t));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/aggTrades',
    security: 'NONE',
    weight: 20,
    handle: async (req) => {
      const p = validate(aggTradesParams, req.params);
      const { instrument, aggregates } = await aggregateTrades(req.ctx, p.symbol, p);
      return aggregates.map((a) => aggTradeJson(instrument, a));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/klines',
    security: 'NONE',
    weight: (params) => klinesWeight(Number(params.get('limit') ?? 500)),
    handle: async (req) => {
      const p = validate(klinesParams, req.params);
      const found = await candles(req.ctx, p.symbol, { ...p, interval: p.interval as KlineInterval });
      return found.candles.map((candle) => klineRow(found.instrument, candle));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/24hr',
    security: 'NONE',
    weight: (params) => (params.has('symbol') ? 1 : 40),
    handle: (req) =>
      perSymbol(req.ctx, validate(optionalSymbolParams, req.params).symbol, async (instrument) => {
        const { stats, ticker } = await dayStats(req.ctx, instrument);
        return ticker24hJson(instrument, stats, ticker);
      }),
  },
  ...['/fapi/v1/ticker/price', '/fapi/v2/ticker/price'].map(
    (path): Route => ({
      method: 'GET',
      path,
      security: 'NONE',
      weight: (params) => (params.has('symbol') ? 1 : 2),
      handle: (req) =>
        perSymbol(req.ctx, validate(optionalSymbolParams, req.params).symbol, async (instrument) =>
          priceTickerJson(instrument, await tickerOf(req.ctx, instrument)),
        ),
    }),
  ),
  {
    method: 'GET',
    path: '/fapi/v1/ticker/bookTicker',
    security: 'NONE',
    weight: (params) => (params.has('symbol') ? 2 : 5),
    handle: (req) =>
      perSymbol(req.ctx, validate(optionalSymbolParams, req.params).symbol, async (instrument) =>
        bookTickerJson(instrument, await tickerOf(req.ctx, instrument)),
      ),
  },
  {
    // shardex's own (Binance has no such endpoint): the newest link of each symbol's event chain, docs/audit.md.
    method: 'GET',
    path: '/fapi/v1/eventChain',
    security: 'NONE',
    weight: (params) => (params.has('symbol') ? 1 : 10),
    handle: (req) =>
      perSymbol(req.ctx, validate(optionalSymbolParams, req.params).symbol, (instrument) =>
        chainHead(req.ctx, instrument),
      ),
  },
];

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
