import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { Rejected, rejectionOf } from '../rejected';
import type { OrderAnswer } from './orderAnswers';
import type { NewOrderRequest, OrderRef } from './orderRequest';
import { type AmendmentRequest, submitAmendment } from './submitAmendment';
import { submitCancel } from './submitCancel';
import { submitOrder } from './submitOrder';

/** A batch entry: a request whose form was checked, or its refusal (the batch's other entries go on). */
export type BatchEntry = NewOrderRequest | Rejected;

/**
 * POST /fapi/v1/batchOrders: each entry is submitted (and answered) on its own, in order; a refusal of one does
 * not stop the others. Each entry is its own request for retries: its signature is the batch's with its index.
 */
export function submitBatch(
  ctx: IngressContext,
  caller: Caller,
  entries: readonly BatchEntry[],
  signature: string,
): Promise<(OrderAnswer | Rejected)[]> {
  return oneByOne(entries, (entry, i) => submitOrder(ctx, caller, entry, `${signature}#${i}`));
}

/** A batch amendment's entry: a request whose form was checked, or its refusal. */
export type BatchAmendment = AmendmentRequest | Rejected;

/**
 * PUT /fapi/v1/batchOrders: each amendment submitted (and answered) on its own, in order, as PUT /fapi/v1/order
 * would; a refusal of one does not stop the others. One after the other: two amendments of one account both top
 * its margin up, and would only race for its version.
 */
export function submitBatchAmendment(
  ctx: IngressContext,
  caller: Caller,
  entries: readonly BatchAmendment[],
): Promise<(OrderAnswer | Rejected)[]> {
  return oneByOne(entries, (entry) => submitAmendment(ctx, caller, entry));
}

/**
 * DELETE /fapi/v1/batchOrders: each order canceled on its own, all at once (their commands share the symbol's
 * puts and batches), each answered in the order asked: the order as it ends, or its own refusal (-2011 for one
 * that is not open).
 */
export function submitBatchCancel(
  ctx: IngressContext,
  caller: Caller,
  refs: readonly OrderRef[],
): Promise<(OrderAnswer | Rejected)[]> {
  return Promise.all(refs.map((ref) => orRefusal(submitCancel(ctx, caller, ref))));
}

/** Each entry submitted after the one before; an entry refused already is its own answer. */
async function oneByOne<T>(
  entries: readonly (T | Rejected)[],
  submit: (entry: T, index: number) => Promise<OrderAnswer>,
): Promise<(OrderAnswer | Rejected)[]> {
  const results: (OrderAnswer | Rejected)[] = [];
  for (const [i, entry] of entries.entries())
    results.push(entry instanceof Rejected ? entry : await orRefusal(submit(entry, i)));
  return results;
}

/** The answer, or the refusal it ended in; any other failure fails the batch. */
function orRefusal(answer: Promise<OrderAnswer>): Promise<OrderAnswer | Rejected> {
  return answer.catch((error: unknown) => {
    const rejected = rejectionOf(error);
    if (rejected === undefined) throw error;
    return rejected;
  });
}
