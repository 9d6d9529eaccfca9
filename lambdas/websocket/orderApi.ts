import type { z } from 'zod';
import { authenticate, type Caller, type Security } from '../../application/access/authenticate';
import type { IngressContext } from '../../application/context';
import type { OrderUseCase } from '../../application/orderEntry/orderAnswers';
import { submitAlgoOrder, submitCancelAlgo } from '../../application/orderEntry/submitAlgoOrder';
import { submitAmendment } from '../../application/orderEntry/submitAmendment';
import { submitCancel } from '../../application/orderEntry/submitCancel';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { findOrder } from '../../application/queries/orders';
import { Rejected } from '../../application/rejected';
import { apiErrorOf, UNKNOWN_ERROR } from '../../binance/apiError';
import {
  algoOrderReferenceParams,
  algoOrderRequest,
  placeAlgoOrderParams,
} from '../../binance/requests/algoOrderRequests';
import {
  amendOrderParams,
  orderReferenceParams,
  placeOrderParams,
} from '../../binance/requests/orderRequests';
import { algoOrderAnswerJson } from '../../binance/responses/algoOrderJson';
import { orderAnswerJson } from '../../binance/responses/orderJson';
import { webSocketPayload } from '../../binance/signing';
import { validate } from '../../binance/validation';
import { Rejections, withDetail } from '../../core/errors';
import type { ApiMethod, ApiParams, Frame } from './frames';
import { apiError, apiResult } from './replies';

interface Method {
  readonly security: Security;
  readonly weight: number;
  readonly orders: number;
  readonly call: (
    ctx: IngressContext,
    caller: Caller,
    params: ReadonlyMap<string, string>,
    signature: string,
  ) => Promise<unknown>;
}

/**
 * Binance's WebSocket API methods, each the REST endpoint it mirrors with the same parameters, rules and use case
 * (application/orderEntry, application/queries).
 */
const METHODS: Readonly<Record<ApiMethod, Method>> = {
  'order.place': {
    security: 'TRADE',
    weight: 1,
    orders: 1,
    call: answersOrder(placeOrderParams, submitOrder),
  },
  'order.cancel': {
    security: 'TRADE',
    weight: 1,
    orders: 0,
    call: answersOrder(orderReferenceParams, submitCancel),
  },
  'order.modify': {
    security: 'TRADE',
    weight: 1,
    orders: 0,
    call: answersOrder(amendOrderParams, submitAmendment),
  },
  'order.status': {
    security: 'USER_DATA',
    weight: 1,
    orders: 0,
    // Without a reference the WebSocket API words it as a missing orderId (REST: "either … must be sent").
    call: answersOrder(orderReferenceParams, (ctx, caller, ref) =>
      findOrder(ctx, caller, ref, withDetail(Rejections.mandatoryParam, 'orderId')),
    ),
  },
  // Binance's conditional orders (POST and DELETE /fapi/v1/algoOrder).
  'algoOrder.place': {
    security: 'TRADE',
    weight: 0,
    orders: 1,
    call: async (ctx, caller, params, signature) => {
      const request = algoOrderRequest(validate(placeAlgoOrderParams, params));
      return algoOrderAnswerJson(await submitAlgoOrder(ctx, caller, request, signature));
    },
  },
  'algoOrder.cancel': {
    security: 'TRADE',
    weight: 1,
    orders: 0,
    call: async (ctx, caller, params) => ({
      ...(await submitCancelAlgo(ctx, caller, validate(algoOrderReferenceParams, params))),
      code: '200',
      msg: 'success',
    }),
  },
};

type ApiFrame = Extract<Frame, { kind: 'api' }>;

/** A method answered with one order: parameters checked with `schema`, the use case called, the order written. */
function answersOrder<S extends z.ZodType>(schema: S, useCase: OrderUseCase<z.infer<S>>): Method['call'] {
  return async (ctx, caller, params, signature) =>
    orderAnswerJson(await useCase(ctx, caller, validate(schema, params), signature));
}

/**
 * One WebSocket API request: `params` carries apiKey, timestamp, (recvWindow) and signature besides the method's
 * own parameters. The signature is HMAC-SHA256 over every parameter but `signature`, sorted by name, joined as
 * `name=value&…`; the time window, permissions, rate limits, validation and the order logic are REST's. Returns
 * the reply text: the result, or the error with the status and code REST would answer.
 */
export async function callApi(ctx: IngressContext, frame: ApiFrame): Promise<string> {
  const method = METHODS[frame.method];
  try {
    const params = textParams(frame.params);
    const payload = webSocketPayload(Object.fromEntries(params));
    const signature = params.get('signature');
    const apiKey = params.get('apiKey');
    params.delete('apiKey');
    takeReturnRateLimits(params);
    const caller = (await authenticate(
      method.security,
      { apiKey, params, signed: { payload, signature } },
      ctx.apiKeys,
      ctx.clock(),
    ))!;
    if (!(await ctx.rateLimiter.spend(caller.apiKey, method.weight, method.orders))) {
      throw new Rejected(
        withDetail(Rejections.tooManyRequests, String(ctx.rateLimiter.limits.weightPerMinute)),
      );
    }
    return apiResult(frame.id, await method.call(ctx, caller, params, signature ?? ''));
  } catch (caught) {
    const error = apiErrorOf(caught);
    if (error !== undefined) return apiError(frame.id, error.status, error.code, error.message);
    ctx.log('error', 'websocket api request failed', { method: frame.method, error: caught });
    return apiError(frame.id, UNKNOWN_ERROR.status, UNKNOWN_ERROR.code, UNKNOWN_ERROR.message);
  }
}

/**
 * Binance's WebSocket API takes `returnRateLimits` (true or false) on every request, and ccxt always sends it
 * (false). It is signed with the rest, and read here rather than by each method's parameters: the replies carry no
 * `rateLimits` either way (the limits are exchangeInfo's, and a refusal is -1003 with them).
 */
function takeReturnRateLimits(params: Map<string, string>): void {
  const value = params.get('returnRateLimits');
  if (value === undefined) return;
  if (value !== 'true' && value !== 'false')
    throw new Rejected(withDetail(Rejections.invalidParameter, 'returnRateLimits'));
  params.delete('returnRateLimits');
}

/**
 * Parameters as the REST validators read them: text. Numbers and booleans are written as JavaScript prints them,
 * which is also how they enter the signed payload; objects and lists are not parameters.
 */
function textParams(params: ApiParams): Map<string, string> {
  const text = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') throw new Rejected(withDetail(Rejections.invalidParameter, name));
    text.set(name, String(value));
  }
  return text;
}
