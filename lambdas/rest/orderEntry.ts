import { submitAmendment } from '../../application/orderEntry/submitAmendment';
import { type BatchEntry, submitBatch } from '../../application/orderEntry/submitBatch';
import { submitCancel, submitCancelAll } from '../../application/orderEntry/submitCancel';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { Rejected } from '../../application/rejected';
import {
  amendOrderParams,
  batchOrdersParams,
  orderReferenceParams,
  placeOrderParams,
  symbolParams,
} from '../../binance/requests/orderRequests';
import { orderAnswerJson } from '../../binance/responses/orderJson';
import { validate } from '../../binance/validation';
import { Rejections, withDetail } from '../../core/errors';
import { answersOrder, callerOf, type Route } from './route';

/**
 * Order entry: place, batch, amend, cancel, cancel all (all SIGNED, TRADE permission). Each route checks the
 * request's form, calls its use case (application/orderEntry) and writes the answer in Binance's words.
 */
export const orderEntryRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/fapi/v1/order',
    security: 'TRADE',
    weight: 1,
    orders: 1,
    handle: answersOrder(placeOrderParams, submitOrder),
  },
  {
    method: 'PUT',
    path: '/fapi/v1/order',
    security: 'TRADE',
    weight: 1,
    handle: answersOrder(amendOrderParams, submitAmendment),
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/order',
    security: 'TRADE',
    weight: 1,
    handle: answersOrder(orderReferenceParams, submitCancel),
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/allOpenOrders',
    security: 'TRADE',
    weight: 1,
    handle: async (req) => {
      await submitCancelAll(req.ctx, callerOf(req), validate(symbolParams, req.params).symbol);
      return { code: 200, msg: 'The operation of cancel all open order is done.' };
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/batchOrders',
    security: 'TRADE',
    weight: 5,
    orders: 5,
    handle: async (req) => {
      const { batchOrders } = validate(batchOrdersParams, req.params);
      // An entry that is malformed is answered on its own: it does not stop the others.
      const entries = parseBatch(batchOrders).map((entry): BatchEntry => {
        try {
          return validate(placeOrderParams, stringValues(entry));
        } catch (error) {
          if (error instanceof Rejected) return error;
          throw error;
        }
      });
      const results = await submitBatch(req.ctx, callerOf(req), entries, req.signature ?? '');
      return results.map((r) =>
        r instanceof Rejected ? { code: r.code, msg: r.message } : orderAnswerJson(r),
      );
    },
  },
];

function parseBatch(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Rejected(withDetail(Rejections.invalidParameter, 'batchOrders'));
  }
  if (!Array.isArray(parsed) || parsed.some((e) => typeof e !== 'object' || e === null || Array.isArray(e))) {
    throw new Rejected(withDetail(Rejections.invalidParameter, 'batchOrders'));
  }
  if (parsed.length < 1 || parsed.length > 5)
    throw new Rejected({ code: -4082, msg: `Invalid number of batch place orders: ${parsed.length}` });
  return parsed as Record<string, unknown>[];
}

/** Batch entries are JSON objects; Binance reads their values like query parameters. */
function stringValues(entry: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (typeof value === 'object' && value !== null)
      throw new Rejected(withDetail(Rejections.invalidParameter, name));
    out[name] = String(value);
  }
  return out;
}
