import { Rejections, withDetail } from '../../core/errors';
import { ApiError, apiErrorOf } from '../shared/apiError';
import { authenticate, type Caller, type Security } from '../shared/authenticate';
import type { Deps } from '../shared/deps';
import { logJson } from '../shared/log';
import { amendOrder, cancelOrder } from '../shared/orderCommands';
import { placeOrder } from '../shared/orderEntry';
import { amendOrderParams, orderReferenceParams, placeOrderParams } from '../shared/orderRequests';
import { webSocketPayload } from '../shared/signature';
import { validate } from '../shared/validation';
import type { ApiMethod, ApiParams, Frame } from './frames';
import { orderStatus } from './orderStatus';
import { apiError, apiResult } from './replies';

interface Method {
  readonly security: Security;
  readonly weight: number;
  readonly orders: number;
  readonly call: (
    deps: Deps,
    caller: Caller,
    params: ReadonlyMap<string, string>,
    signature: string,
  ) => Promise<unknown>;
}

/** Binance's WebSocket API methods, each the REST endpoint it mirrors with the same parameters and rules. */
const METHODS: Readonly<Record<ApiMethod, Method>> = {
  'order.place': {
    security: 'TRADE',
    weight: 1,
    orders: 1,
    call: (deps, caller, params, signature) =>
      placeOrder(deps, caller, validate(placeOrderParams, params), signature),
  },
  'order.cancel': {
    security: 'TRADE',
    weight: 1,
    orders: 0,
    call: (deps, caller, params) => cancelOrder(deps, caller, validate(orderReferenceParams, params)),
  },
  'order.modify': {
    security: 'TRADE',
    weight: 1,
    orders: 0,
    call: (deps, caller, params) => amendOrder(deps, caller, validate(amendOrderParams, params)),
  },
  'order.status': {
    security: 'USER_DATA',
    weight: 1,
    orders: 0,
    call: (deps, caller, params) => orderStatus(deps, caller, validate(orderReferenceParams, params)),
  },
};

type ApiFrame = Extract<Frame, { kind: 'api' }>;

/**
 * One WebSocket API request: `params` carries apiKey, timestamp, (recvWindow) and signature besides the method's
 * own parameters. The signature is HMAC-SHA256 over every parameter but `signature`, sorted by name, joined as
 * `name=value&…`; the time window, permissions, rate limits, validation and the order logic are REST's. Returns
 * the reply text: the result, or the error with the status and code REST would answer.
 */
export async function callApi(deps: Deps, frame: ApiFrame): Promise<string> {
  const method = METHODS[frame.method];
  try {
    const params = textParams(frame.params);
    const payload = webSocketPayload(Object.fromEntries(params));
    const signature = params.get('signature');
    const apiKey = params.get('apiKey');
    params.delete('apiKey');
    const caller = (await authenticate(
      method.security,
      { apiKey, params, signed: { payload, signature } },
      deps.apiKeys,
      deps.clock(),
    ))!;
    if (!(await deps.rateLimiter.spend(caller.apiKey, method.weight, method.orders))) {
      throw ApiError.of(
        withDetail(Rejections.tooManyRequests, String(deps.rateLimiter.limits.weightPerMinute)),
      );
    }
    return apiResult(frame.id, await method.call(deps, caller, params, signature ?? ''));
  } catch (caught) {
    const error = apiErrorOf(caught) ?? caught;
    if (error instanceof ApiError) return apiError(frame.id, error.status, error.code, error.message);
    logJson('error', 'websocket api request failed', { method: frame.method, error });
    return apiError(frame.id, 500, -1000, Rejections.unknown.msg);
  }
}

/**
 * Parameters as the REST validators read them: text. Numbers and booleans are written as JavaScript prints them,
 * which is also how they enter the signed payload; objects and lists are not parameters.
 */
function textParams(params: ApiParams): Map<string, string> {
  const text = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') throw ApiError.of(withDetail(Rejections.invalidParameter, name));
    text.set(name, String(value));
  }
  return text;
}
