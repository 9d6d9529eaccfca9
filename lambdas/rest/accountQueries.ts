import { activeExposures, loadAccountOverview } from '../../application/queries/accountOverview';
import { forceOrders } from '../../application/queries/forceOrders';
import { incomeHistory } from '../../application/queries/income';
import { listedSymbols } from '../../application/queries/marketData';
import { findOpenOrder, findOrder, openOrders, orderHistory } from '../../application/queries/orders';
import { userTradeHistory } from '../../application/queries/userTrades';
import { listedSymbol } from '../../application/symbols/listedSymbol';
import { orderReferenceParams, signedOnlyParams } from '../../binance/requests/orderRequests';
import {
  allOrdersParams,
  commissionRateParams,
  forceOrdersParams,
  incomeParams,
  signedSymbolParams,
  userTradesParams,
} from '../../binance/requests/queryRequests';
import {
  accountConfigJson,
  accountV2Json,
  accountV3Json,
  balanceJson,
  commissionRateJson,
  incomeJson,
  positionRiskV2Json,
  positionRiskV3Json,
  symbolConfigJson,
  userTradeJson,
} from '../../binance/responses/accountJson';
import { orderRateLimitsJson } from '../../binance/responses/exchangeInfo';
import { orderAnswerJson } from '../../binance/responses/orderJson';
import { validate } from '../../binance/validation';
import { Rejections } from '../../core/errors';
import { leverageBrackets } from '../../core/projections/riskBracket';
import { callerOf, type Request, type Route } from './route';

/**
 * The SIGNED account queries (api-contract.md, "REST — trading and account"): orders, fills, balances,
 * positions, brackets. Every one reads within the caller's own account only: the account id comes from the API
 * key, never from a parameter.
 */
export const accountQueryRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/fapi/v1/order',
    security: 'USER_DATA',
    weight: 1,
    handle: async (req) =>
      orderAnswerJson(
        await findOrder(
          req.ctx,
          callerOf(req),
          validate(orderReferenceParams, req.params),
          Rejections.eitherOrderReference,
        ),
      ),
  },
  {
    method: 'GET',
    path: '/fapi/v1/openOrder',
    security: 'USER_DATA',
    weight: 1,
    handle: async (req) =>
      orderAnswerJson(
        await findOpenOrder(req.ctx, callerOf(req), validate(orderReferenceParams, req.params)),
      ),
  },
  {
    method: 'GET',
    path: '/fapi/v1/openOrders',
    security: 'USER_DATA',
    weight: (params) => (params.has('symbol') ? 1 : 40),
    handle: async (req) => {
      const { symbol } = validate(signedSymbolParams, req.params);
      return (await openOrders(req.ctx, callerOf(req), symbol)).map(orderAnswerJson);
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/forceOrders',
    security: 'USER_DATA',
    weight: (params) => (params.has('symbol') ? 20 : 50),
    handle: async (req) =>
      (await forceOrders(req.ctx, callerOf(req), validate(forceOrdersParams, req.params))).map(
        orderAnswerJson,
      ),
  },
  {
    method: 'GET',
    path: '/fapi/v1/allOrders',
    security: 'USER_DATA',
    weight: 5,
    handle: async (req) => {
      return (await orderHistory(req.ctx, callerOf(req), validate(allOrdersParams, req.params))).map(
        orderAnswerJson,
      );
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/userTrades',
    security: 'USER_DATA',
    weight: 5,
    handle: async (req) => {
      const p = validate(userTradesParams, req.params);
      const { instrument, fills } = await userTradeHistory(req.ctx, callerOf(req), p);
      return fills.map((fill) => userTradeJson(instrument, fill));
    },
  },
  ...atVersions(['/fapi/v2/account', '/fapi/v3/account'], async (req, path) => {
    validate(signedOnlyParams, req.params);
    const overview = await loadAccountOverview(req.ctx, callerOf(req).accountId);
    return path === '/fapi/v2/account'
      ? accountV2Json(overview)
      : accountV3Json(overview, activeExposures(overview));
  }),
  ...atVersions(['/fapi/v2/balance', '/fapi/v3/balance'], async (req) => {
    validate(signedOnlyParams, req.params);
    return balanceJson(await loadAccountOverview(req.ctx, callerOf(req).accountId));
  }),
  ...atVersions(['/fapi/v2/positionRisk', '/fapi/v3/positionRisk'], async (req, path) => {
    const { symbol } = validate(signedSymbolParams, req.params);
    if (symbol !== undefined) await listedSymbol(req.ctx, symbol);
    const overview = await loadAccountOverview(req.ctx, callerOf(req).accountId);
    // v2 lists every symbol (or the one asked for); v3 only those with a position or open orders.
    const shown = path === '/fapi/v2/positionRisk' ? overview.symbols : activeExposures(overview);
    const asked = shown.filter((e) => symbol === undefined || e.instrument.spec.symbol === symbol);
    return asked.map((e) =>
      path === '/fapi/v2/positionRisk' ? positionRiskV2Json(e) : positionRiskV3Json(e),
    );
  }),
  {
    // ccxt's fetchLeverage(s) and fetchMarginMode(s) read leverage and margin type here.
    method: 'GET',
    path: '/fapi/v1/symbolConfig',
    security: 'USER_DATA',
    weight: 5,
    handle: async (req) => {
      const { symbol } = validate(signedSymbolParams, req.params);
      if (symbol !== undefined) await listedSymbol(req.ctx, symbol);
      const overview = await loadAccountOverview(req.ctx, callerOf(req).accountId);
      return overview.symbols
        .filter((e) => symbol === undefined || e.instrument.spec.symbol === symbol)
        .map(symbolConfigJson);
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/accountConfig',
    security: 'USER_DATA',
    weight: 5,
    handle: async (req) => {
      validate(signedOnlyParams, req.params);
      return accountConfigJson();
    },
  },
  {
    // Binance's Multi-Assets mode: margin in several assets at once. shardex margins in USDT alone.
    method: 'GET',
    path: '/fapi/v1/multiAssetsMargin',
    security: 'USER_DATA',
    weight: 30,
    handle: async (req) => {
      validate(signedOnlyParams, req.params);
      return { multiAssetsMargin: false };
    },
  },
  {
    // The order-count limits that apply to the caller, as exchangeInfo lists them for everyone.
    method: 'GET',
    path: '/fapi/v1/rateLimit/order',
    security: 'USER_DATA',
    weight: 1,
    handle: async (req) => {
      validate(signedOnlyParams, req.params);
      return orderRateLimitsJson(req.ctx.rateLimiter.limits);
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/income',
    security: 'USER_DATA',
    weight: 30,
    handle: async (req) =>
      (await incomeHistory(req.ctx, callerOf(req), validate(incomeParams, req.params))).map(incomeJson),
  },
  {
    method: 'GET',
    path: '/fapi/v1/commissionRate',
    security: 'USER_DATA',
    weight: 20,
    handle: async (req) => {
      const { symbol } = validate(commissionRateParams, req.params);
      return commissionRateJson(await listedSymbol(req.ctx, symbol));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/leverageBracket',
    security: 'USER_DATA',
    weight: 1,
    handle: async (req) => {
      const { symbol } = validate(signedSymbolParams, req.params);
      const instruments =
        symbol === undefined ? await listedSymbols(req.ctx) : [await listedSymbol(req.ctx, symbol)];
      // Always a list, also for one symbol: what ccxt iterates and what the live API returns.
      return instruments.map((i) => ({ symbol: i.spec.symbol, brackets: leverageBrackets(i) }));
    },
  },
  // ccxt's loadMarkets calls these spot-wallet endpoints when API keys are set; shardex has no spot wallet.
  {
    method: 'GET',
    path: '/sapi/v1/capital/config/getall',
    security: 'USER_DATA',
    weight: 10,
    handle: async (req) => {
      validate(signedOnlyParams, req.params);
      return [];
    },
  },
  {
    method: 'GET',
    path: '/sapi/v1/margin/allPairs',
    security: 'USER_DATA',
    weight: 1,
    handle: async (req) => {
      validate(signedOnlyParams, req.params);
      return [];
    },
  },
];

/** One account query at each of its API versions (weight 5 each): the handler answers in the version's shape. */
function atVersions(
  paths: readonly string[],
  handle: (req: Request, path: string) => Promise<unknown>,
): Route[] {
  return paths.map((path) => ({
    method: 'GET',
    path,
    security: 'USER_DATA',
    weight: 5,
    handle: (req) => handle(req, path),
  }));
}
