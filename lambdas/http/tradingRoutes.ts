import { Rejections, withDetail } from '../../core/errors';
import { ApiError, apiErrorOf } from '../shared/apiError';
import { amendOrder, cancelAllOrders, cancelOrder } from '../shared/orderCommands';
import { placeOrder } from '../shared/orderEntry';
import {
  amendOrderParams,
  batchOrdersParams,
  orderReferenceParams,
  placeOrderParams,
  symbolParams,
} from '../shared/orderRequests';
import { validate } from '../shared/validation';
import { callerOf, type Route } from './route';

/** Order entry: place, batch, amend, cancel, cancel all (all SIGNED, TRADE permission). */
export const tradingRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/fapi/v1/order',
    security: 'TRADE',
    weight: 1,
    orders: 1,
    handle: (c) => placeOrder(c.deps, callerOf(c), validate(placeOrderParams, c.params), c.signature ?? ''),
  },
  {
    method: 'PUT',
    path: '/fapi/v1/order',
    security: 'TRADE',
    weight: 1,
    handle: (c) => amendOrder(c.deps, callerOf(c), validate(amendOrderParams, c.params)),
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/order',
    security: 'TRADE',
    weight: 1,
    handle: (c) => cancelOrder(c.deps, callerOf(c), validate(orderReferenceParams, c.params)),
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/allOpenOrders',
    security: 'TRADE',
    weight: 1,
    handle: (c) => cancelAllOrders(c.deps, callerOf(c), validate(symbolParams, c.params).symbol),
  },
  {
    method: 'POST',
    path: '/fapi/v1/batchOrders',
    security: 'TRADE',
    weight: 5,
    orders: 5,
    handle: async (c) => {
      const { batchOrders } = validate(batchOrdersParams, c.params);
      const orders = parseBatch(batchOrders);
      // Each entry is placed (and answered) on its own, in order: an error in one does not stop the others.
      const results: unknown[] = [];
      for (const [i, entry] of orders.entries()) {
        try {
          const params = validate(placeOrderParams, stringValues(entry));
          results.push(await placeOrder(c.deps, callerOf(c), params, `${c.signature ?? ''}#${i}`));
        } catch (caught) {
          const error = apiErrorOf(caught);
          if (error === undefined) throw caught;
          results.push({ code: error.code, msg: error.message });
        }
      }
      return results;
    },
  },
];

function parseBatch(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw ApiError.of(withDetail(Rejections.invalidParameter, 'batchOrders'));
  }
  if (!Array.isArray(parsed) || parsed.some((e) => typeof e !== 'object' || e === null || Array.isArray(e))) {
    throw ApiError.of(withDetail(Rejections.invalidParameter, 'batchOrders'));
  }
  if (parsed.length < 1 || parsed.length > 5)
    throw new ApiError(400, -4082, `Invalid number of batch place orders: ${parsed.length}`);
  return parsed as Record<string, unknown>[];
}

/** Batch entries are JSON objects; Binance reads their values like query parameters. */
function stringValues(entry: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (typeof value === 'object' && value !== null)
      throw ApiError.of(withDetail(Rejections.invalidParameter, name));
    out[name] = String(value);
  }
  return out;
}
