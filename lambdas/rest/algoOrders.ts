import {
  submitAlgoOrder,
  submitCancelAlgo,
  submitCancelAllAlgo,
  submitCancelCountdown,
} from '../../application/orderEntry/submitAlgoOrder';
import { algoOrderHistory, findAlgoOrder, openAlgoOrders } from '../../application/queries/algoOrders';
import {
  algoOrderReferenceParams,
  algoOrderRequest,
  allAlgoOrdersParams,
  cancelAllAlgoParams,
  countdownCancelAllParams,
  openAlgoOrdersParams,
  placeAlgoOrderParams,
} from '../../binance/requests/algoOrderRequests';
import { algoOrderAnswerJson } from '../../binance/responses/algoOrderJson';
import { validate } from '../../binance/validation';
import { callerOf, type Route } from './route';

/**
 * Binance's algo-order endpoints, which ccxt 4.5 calls for every order with a trigger price: place, cancel,
 * cancel all, query one, open ones, history (all SIGNED; an account sees only its own).
 */
export const algoOrderRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/fapi/v1/algoOrder',
    security: 'TRADE',
    weight: 0,
    orders: 1,
    handle: async (req) => {
      const request = algoOrderRequest(validate(placeAlgoOrderParams, req.params));
      return algoOrderAnswerJson(await submitAlgoOrder(req.ctx, callerOf(req), request, req.signature ?? ''));
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/algoOrder',
    security: 'TRADE',
    weight: 1,
    handle: async (req) => {
      const ref = validate(algoOrderReferenceParams, req.params);
      return { ...(await submitCancelAlgo(req.ctx, callerOf(req), ref)), code: '200', msg: 'success' };
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/algoOpenOrders',
    security: 'TRADE',
    weight: 1,
    handle: async (req) => {
      await submitCancelAllAlgo(req.ctx, callerOf(req), validate(cancelAllAlgoParams, req.params).symbol);
      return { code: 200, msg: 'The operation of cancel all open order is done.' };
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/countdownCancelAll',
    security: 'TRADE',
    weight: 10,
    handle: async (req) =>
      submitCancelCountdown(req.ctx, callerOf(req), validate(countdownCancelAllParams, req.params)),
  },
  {
    method: 'GET',
    path: '/fapi/v1/algoOrder',
    security: 'USER_DATA',
    weight: 1,
    handle: async (req) =>
      algoOrderAnswerJson(
        await findAlgoOrder(req.ctx, callerOf(req), validate(algoOrderReferenceParams, req.params)),
      ),
  },
  {
    method: 'GET',
    path: '/fapi/v1/openAlgoOrders',
    security: 'USER_DATA',
    weight: (params) => (params.has('symbol') ? 1 : 40),
    handle: async (req) => {
      const { symbol, algoId } = validate(openAlgoOrdersParams, req.params);
      return (await openAlgoOrders(req.ctx, callerOf(req), symbol, algoId)).map(algoOrderAnswerJson);
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/allAlgoOrders',
    security: 'USER_DATA',
    weight: 5,
    handle: async (req) => {
      const p = validate(allAlgoOrdersParams, req.params);
      return (await algoOrderHistory(req.ctx, callerOf(req), p)).map(algoOrderAnswerJson);
    },
  },
];
