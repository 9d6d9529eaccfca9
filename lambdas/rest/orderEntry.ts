import type { z } from 'zod';
import type { OrderAnswer } from '../../application/orderEntry/orderAnswers';
import { submitAmendment } from '../../application/orderEntry/submitAmendment';
import {
  type BatchAmendment,
  type BatchEntry,
  submitBatch,
  submitBatchAmendment,
  submitBatchCancel,
} from '../../application/orderEntry/submitBatch';
import { submitCancel, submitCancelAll } from '../../application/orderEntry/submitCancel';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { CLIENT_ORDER_ID } from '../../application/ports/commandEnvelope';
import { Rejected } from '../../application/rejected';
import {
  amendOrderParams,
  batchCancelParams,
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
      const entries: BatchEntry[] = batchEntries(batchOrders, 'place', placeOrderParams);
      return batchAnswers(await submitBatch(req.ctx, callerOf(req), entries, req.signature ?? ''));
    },
  },
  {
    method: 'PUT',
    path: '/fapi/v1/batchOrders',
    security: 'TRADE',
    weight: 5,
    handle: async (req) => {
      const { batchOrders } = validate(batchOrdersParams, req.params);
      const entries: BatchAmendment[] = batchEntries(batchOrders, 'modify', amendOrderParams);
      return batchAnswers(await submitBatchAmendment(req.ctx, callerOf(req), entries));
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/batchOrders',
    security: 'TRADE',
    weight: 1,
    handle: async (req) => {
      const params = validate(batchCancelParams, req.params);
      const ids = params.orderIdList ?? params.orderidlist;
      const clientIds = params.origClientOrderIdList ?? params.origclientorderidlist;
      // As for one order: by order id when both are sent.
      const refs =
        ids !== undefined
          ? cancelList(ids, 'orderIdList', isOrderId).map((orderId) => ({ symbol: params.symbol, orderId }))
          : clientIds !== undefined
            ? cancelList(clientIds, 'origClientOrderIdList', isClientOrderId).map((origClientOrderId) => ({
                symbol: params.symbol,
                origClientOrderId,
              }))
            : undefined;
      if (refs === undefined) throw new Rejected(EITHER_LIST);
      return batchAnswers(await submitBatchCancel(req.ctx, callerOf(req), refs));
    },
  },
];

const EITHER_LIST = {
  code: -1102,
  msg: "Param 'orderIdList' or 'origClientOrderIdList' must be sent, but both were empty/null!",
};
const MAX_BATCH_CANCEL = 10;

const isOrderId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isClientOrderId = (value: unknown): value is string =>
  typeof value === 'string' && CLIENT_ORDER_ID.test(value);

/** A JSON list of 1 to 10 references, each of its kind; anything else is -1130 for the parameter. */
function cancelList<T>(text: string, name: string, isRef: (value: unknown) => value is T): T[] {
  const parsed = jsonParam(text, name);
  if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > MAX_BATCH_CANCEL || !parsed.every(isRef))
    throw new Rejected(withDetail(Rejections.invalidParameter, name));
  return parsed;
}

/**
 * A batch's entries, each checked by `schema` on its own: an entry that is malformed is answered with its refusal
 * and does not stop the others. The list itself must be JSON of 1 to 5 objects (-1130, -4082).
 */
function batchEntries<S extends z.ZodType>(
  text: string,
  what: 'place' | 'modify',
  schema: S,
): (z.infer<S> | Rejected)[] {
  return parseBatch(text, what).map((entry) => {
    try {
      return validate(schema, stringValues(entry));
    } catch (error) {
      if (error instanceof Rejected) return error;
      throw error;
    }
  });
}

/** Each entry's answer in order: the order, or its refusal as `{code, msg}`. */
function batchAnswers(results: readonly (OrderAnswer | Rejected)[]) {
  return results.map((r) => (r instanceof Rejected ? { code: r.code, msg: r.message } : orderAnswerJson(r)));
}

function parseBatch(text: string, what: 'place' | 'modify'): Record<string, unknown>[] {
  const parsed = jsonParam(text, 'batchOrders');
  if (!Array.isArray(parsed) || parsed.some((e) => typeof e !== 'object' || e === null || Array.isArray(e))) {
    throw new Rejected(withDetail(Rejections.invalidParameter, 'batchOrders'));
  }
  if (parsed.length < 1 || parsed.length > 5)
    throw new Rejected({ code: -4082, msg: `Invalid number of batch ${what} orders: ${parsed.length}` });
  return parsed as Record<string, unknown>[];
}

/** Batch entries are JSON objects; Binance reads their values like query parameters. */
/** A parameter that carries JSON, parsed; text that is not JSON is -1130 for it. */
function jsonParam(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Rejected(withDetail(Rejections.invalidParameter, name));
  }
}

function stringValues(entry: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (typeof value === 'object' && value !== null)
      throw new Rejected(withDetail(Rejections.invalidParameter, name));
    out[name] = String(value);
  }
  return out;
}
