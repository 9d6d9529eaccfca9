import { Rejections } from '../../core/errors';
import { DAY_MS } from '../../core/projections/intervals';
import { leverageBrackets } from '../../core/projections/riskBracket';
import {
  accountV2Json,
  accountV3Json,
  balanceJson,
  positionRiskV2Json,
  positionRiskV3Json,
  userTradeJson,
} from '../shared/accountJson';
import { activeExposures, loadAccountOverview } from '../shared/accountOverview';
import { ApiError } from '../shared/apiError';
import { orderJson } from '../shared/binanceFormat';
import { historyRange, withTradeIds } from '../shared/historyRange';
import { listedSymbol } from '../shared/orderEntry';
import { orderReferenceParams, signedOnlyParams } from '../shared/orderRequests';
import { allOrdersParams, signedSymbolParams, userTradesParams } from '../shared/queryRequests';
import { readSideOf } from '../shared/readSide';
import { validate } from '../shared/validation';
import { callerOf, type Route } from './route';

const WEEK_MS = 7 * DAY_MS;

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
    handle: async (c) => {
      const p = validate(orderReferenceParams, c.params);
      const instrument = await listedSymbol(c.deps, p.symbol);
      const accountId = callerOf(c).accountId;
      if (p.orderId === undefined && p.origClientOrderId === undefined)
        throw ApiError.of(EITHER_ORDER_REFERENCE);
      const view =
        p.orderId !== undefined
          ? await c.deps.orders.get(accountId, p.symbol, p.orderId)
          : await c.deps.orders.byClientOrderId(accountId, p.symbol, p.origClientOrderId!);
      if (view === undefined) throw ApiError.of(Rejections.noSuchOrder);
      return orderJson(instrument, view);
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/openOrders',
    security: 'USER_DATA',
    weight: (params) => (params.has('symbol') ? 1 : 40),
    handle: async (c) => {
      const { symbol } = validate(signedSymbolParams, c.params);
      if (symbol !== undefined) await listedSymbol(c.deps, symbol);
      const views = await c.deps.orders.open(callerOf(c).accountId, symbol);
      const instruments = new Map((await c.deps.symbols.all()).map((i) => [i.spec.symbol, i]));
      return views.flatMap((view) => {
        const instrument = instruments.get(view.symbol);
        return instrument === undefined ? [] : [orderJson(instrument, view)];
      });
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/allOrders',
    security: 'USER_DATA',
    weight: 5,
    handle: async (c) => {
      const p = validate(allOrdersParams, c.params);
      const instrument = await listedSymbol(c.deps, p.symbol);
      // Binance: at most 7 days between startTime and endTime; without orderId or times, the last 7 days.
      const rules = {
        defaultLimit: 500,
        maxSpanMs: WEEK_MS,
        defaultLookbackMs: WEEK_MS,
        fromIdWithTime: true,
      };
      const range = historyRange({ ...p, fromId: p.orderId }, rules, c.deps.clock());
      const views = await c.deps.orders.history(callerOf(c).accountId, p.symbol, {
        fromOrderId: range.fromId,
        startTime: range.startTime,
        endTime: range.endTime,
        limit: range.limit,
      });
      return views.map((view) => orderJson(instrument, view));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/userTrades',
    security: 'USER_DATA',
    weight: 5,
    handle: async (c) => {
      const p = validate(userTradesParams, c.params);
      const instrument = await listedSymbol(c.deps, p.symbol);
      // Binance: fromId goes alone; at most 7 days between startTime and endTime; by default the last 7 days.
      const rules = {
        defaultLimit: 500,
        maxSpanMs: WEEK_MS,
        defaultLookbackMs: WEEK_MS,
        fromIdWithTime: false,
      };
      const range = await withTradeIds(c.deps, p.symbol, historyRange(p, rules, c.deps.clock()));
      if (range === 'none') return [];
      const fills = await readSideOf(c.deps).userTrades.range(callerOf(c).accountId, p.symbol, {
        ...range,
        orderId: p.orderId,
      });
      return fills.map((fill) => userTradeJson(instrument, fill));
    },
  },
  ...(['/fapi/v2/account', '/fapi/v3/account'] as const).map(
    (path): Route => ({
      method: 'GET',
      path,
      security: 'USER_DATA',
      weight: 5,
      handle: async (c) => {
        validate(signedOnlyParams, c.params);
        const overview = await loadAccountOverview(c.deps, callerOf(c).accountId);
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
      handle: async (c) => {
        validate(signedOnlyParams, c.params);
        return balanceJson(await loadAccountOverview(c.deps, callerOf(c).accountId));
      },
    }),
  ),
  ...(['/fapi/v2/positionRisk', '/fapi/v3/positionRisk'] as const).map(
    (path): Route => ({
      method: 'GET',
      path,
      security: 'USER_DATA',
      weight: 5,
      handle: async (c) => {
        const { symbol } = validate(signedSymbolParams, c.params);
        if (symbol !== undefined) await listedSymbol(c.deps, symbol);
        const overview = await loadAccountOverview(c.deps, callerOf(c).accountId);
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
    handle: async (c) => {
      const { symbol } = validate(signedSymbolParams, c.params);
      const instruments =
        symbol === undefined ? await c.deps.symbols.all() : [await listedSymbol(c.deps, symbol)];
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
    handle: async (c) => {
      validate(signedOnlyParams, c.params);
      return [];
    },
  },
  {
    method: 'GET',
    path: '/sapi/v1/margin/allPairs',
    security: 'USER_DATA',
    weight: 1,
    handle: async (c) => {
      validate(signedOnlyParams, c.params);
      return [];
    },
  },
];
