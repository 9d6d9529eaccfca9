import { activeExposures, loadAccountOverview } from '../../application/queries/accountOverview';
import { listedSymbols } from '../../application/queries/marketData';
import { findOrder, openOrders, orderHistory } from '../../application/queries/orders';
import { userTradeHistory } from '../../application/queries/userTrades';
import { listedSymbol } from '../../application/symbols/listedSymbol';
import { orderReferenceParams, signedOnlyParams } from '../../binance/requests/orderRequests';
import { allOrdersParams, signedSymbolParams, userTradesParams } from '../../binance/requests/queryRequests';
import {
  accountV2Json,
  accountV3Json,
  balanceJson,
  positionRiskV2Json,
  positionRiskV3Json,
  userTradeJson,
} from '../../binance/responses/accountJson';
import { orderJson } from '../../binance/responses/orderJson';
import { validate } from '../../binance/validation';
import { leverageBracket } from '../../core/projections/riskBracket';
import { callerOf, type Route } from './route';

const EITHER_ORDER_REFERENCE = {
  code: -1102,
  msg: "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
};

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
    handle: async (req) => {
      const ref = validate(orderReferenceParams, req.params);
      const { instrument, view } = await findOrder(req.ctx, callerOf(req), ref, EITHER_ORDER_REFERENCE);
      return orderJson(instrument, view);
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/openOrders',
    security: 'USER_DATA',
    weight: (params) => (params.has('symbol') ? 1 : 40),
    handle: async (req) => {
      const { symbol } = validate(signedSymbolParams, req.params);
      const open = await openOrders(req.ctx, callerOf(req), symbol);
      return open.map(({ instrument, view }) => orderJson(instrument, view));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/allOrders',
    security: 'USER_DATA',
    weight: 5,
    handle: async (req) => {
      const history = await orderHistory(req.ctx, callerOf(req), validate(allOrdersParams, req.params));
      return history.map(({ instrument, view }) => orderJson(instrument, view));
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
  ...(['/fapi/v2/account', '/fapi/v3/account'] as const).map(
    (path): Route => ({
      method: 'GET',
      path,
      security: 'USER_DATA',
      weight: 5,
      handle: async (req) => {
        validate(signedOnlyParams, req.params);
        const overview = await loadAccountOverview(req.ctx, callerOf(req).accountId);
        return path === '/fapi/v2/account'
          ? accountV2Json(overview)
          : accountV3Json(overview, activeExposures(overview));
      },
    }),
  ),
  ...['/fapi/v2/balance', '/fapi/v3/balance'].map(
    (path): Route => ({
      method: 'GET',
      path,
      security: 'USER_DATA',
      weight: 5,
      handle: async (req) => {
        validate(signedOnlyParams, req.params);
        return balanceJson(await loadAccountOverview(req.ctx, callerOf(req).accountId));
      },
    }),
  ),
  ...(['/fapi/v2/positionRisk', '/fapi/v3/positionRisk'] as const).map(
    (path): Route => ({
      method: 'GET',
      path,
      security: 'USER_DATA',
      weight: 5,
      handle: async (req) => {
        const { symbol } = validate(signedSymbolParams, req.params);
        if (symbol !== undefined) await listedSymbol(req.ctx, symbol);
        const overview = await loadAccountOverview(req.ctx, callerOf(req).accountId);
        // v2 lists every symbol (or the one asked for); v3 only those with a position or open orders.
        const shown = path === '/fapi/v2/positionRisk' ? overview.symbols : activeExposures(overview);
        const asked = shown.filter((e) => symbol === undefined || e.instrument.spec.symbol === symbol);
        return asked.map((e) =>
          path === '/fapi/v2/positionRisk' ? positionRiskV2Json(e) : positionRiskV3Json(e),
        );
      },
    }),
  ),
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
      return instruments.map((i) => ({ symbol: i.spec.symbol, brackets: [leverageBracket(i.spec)] }));
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
