import { fundingHistory, premiumIndex, priceCandles } from '../../application/queries/futuresMarketData';
import { listedSymbols, perSymbol } from '../../application/queries/marketData';
import { Rejected } from '../../application/rejected';
import { listedSymbol } from '../../application/symbols/listedSymbol';
import {
  fundingRateParams,
  indexKlinesParams,
  klinesParams,
  noParams,
  optionalSymbolParams,
  symbolOnlyParams,
} from '../../binance/requests/queryRequests';
import {
  fundingInfoJson,
  fundingRateJson,
  insuranceBalanceJson,
  openInterestJson,
  premiumIndexJson,
  priceKlineRow,
} from '../../binance/responses/futuresJson';
import { validate } from '../../binance/validation';
import type { KlineInterval } from '../../core/projections/intervals';
import type { PriceSeries } from '../../core/projections/priceSamples';
import { klinesWeight } from './marketData';
import type { Route } from './route';

/**
 * A ticker stored before open interest was kept (until the tickers model is rebuilt: docs/operations.md): an
 * operator's matter, answered as the server's fault rather than with a wrong figure.
 */
const OPEN_INTEREST_UNKNOWN = {
  code: -1000,
  msg: 'Open interest is not known yet for this symbol: the tickers read model needs a rebuild.',
};

/** Futures market data (api-contract.md, docs/futures.md "Market data"): mark price, index and funding. */
export const futuresMarketDataRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/fapi/v1/premiumIndex',
    security: 'NONE',
    weight: (params) => (params.has('symbol') ? 1 : 10),
    handle: (req) =>
      perSymbol(req.ctx, validate(optionalSymbolParams, req.params).symbol, async (instrument) => {
        const index = await premiumIndex(req.ctx, instrument);
        return premiumIndexJson(instrument, index.ticker, index.nextFundingTime, index.time);
      }),
  },
  {
    method: 'GET',
    path: '/fapi/v1/insuranceBalance',
    security: 'NONE',
    weight: 1,
    handle: (req) =>
      perSymbol(req.ctx, validate(optionalSymbolParams, req.params).symbol, async (instrument) =>
        insuranceBalanceJson(instrument, await req.ctx.tickers.get(instrument.spec.symbol)),
      ),
  },
  {
    method: 'GET',
    path: '/fapi/v1/openInterest',
    security: 'NONE',
    weight: 1,
    handle: async (req) => {
      const instrument = await listedSymbol(req.ctx, validate(symbolOnlyParams, req.params).symbol);
      const ticker = await req.ctx.tickers.get(instrument.spec.symbol);
      if (ticker.openInterest === null) throw new Rejected(OPEN_INTEREST_UNKNOWN);
      return openInterestJson(instrument, ticker, ticker.openInterest);
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/fundingRate',
    security: 'NONE',
    weight: 1,
    handle: async (req) => {
      const p = validate(fundingRateParams, req.params);
      const found = await fundingHistory(req.ctx, p);
      return found.map(({ symbol, record }) => fundingRateJson(symbol, record));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/fundingInfo',
    security: 'NONE',
    weight: 1,
    handle: async (req) => {
      validate(noParams, req.params);
      return (await listedSymbols(req.ctx)).map(fundingInfoJson);
    },
  },
  priceKlinesRoute('/fapi/v1/markPriceKlines', 'mark'),
  priceKlinesRoute('/fapi/v1/premiumIndexKlines', 'premium'),
  {
    method: 'GET',
    path: '/fapi/v1/indexPriceKlines',
    security: 'NONE',
    weight: (params) => klinesWeight(Number(params.get('limit') ?? 500)),
    handle: async (req) => {
      const { pair, ...p } = validate(indexKlinesParams, req.params);
      const found = await priceCandles(req.ctx, pair, 'index', {
        ...p,
        interval: p.interval as KlineInterval,
      });
      return found.map(priceKlineRow);
    },
  },
];

function priceKlinesRoute(path: string, series: PriceSeries): Route {
  return {
    method: 'GET',
    path,
    security: 'NONE',
    weight: (params) => klinesWeight(Number(params.get('limit') ?? 500)),
    handle: async (req) => {
      const { symbol, ...p } = validate(klinesParams, req.params);
      const found = await priceCandles(req.ctx, symbol, series, {
        ...p,
        interval: p.interval as KlineInterval,
      });
      return found.map(priceKlineRow);
    },
  };
}
