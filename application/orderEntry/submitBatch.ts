import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { Rejected, rejectionOf } from '../rejected';
import type { OrderAnswer } from './orderAnswers';
import type { NewOrderRequest, OrderRef } from './orderRequest';
import { submitCancel } from './submitCancel';
import { submitOrder } from './submitOrder';

/** A batch entry: a request whose form was checked, or its refusal (the batch's other entries go on). */
export type BatchEntry = NewOrderRequest | Rejected;

/**
 * POST /fapi/v1/batchOrders: each entry is submitted (and answered) on its own, in order; a refusal of one does
 * not stop the others. Each entry is its own request for retries: its signature is the batch's with its index.
 */
export async function submitBatch(
  ctx: IngressContext,
  caller: Caller,
  entries: readonly BatchEntry[],
  signature: string,
): Promise<(OrderAnswer | Rejected)[]> {
  const results: (OrderAnswer | Rejected)[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry instanceof Rejected) {
      results.push(entry);
      continue;
    }
    try {
      results.push(await submitOrder(ctx, caller, entry, `${signature}#${i}`));
    } catch (error) {
      const rejected = rejectionOf(error);
      if (rejected === undefined) throw error;
      results.push(rejected);
    }
  }
  return results;
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
  return Promise.all(
    refs.map((ref) =>
      submitCancel(ctx, caller, ref).catch((error: unknown) => {
        const rejected = rejectionOf(error);
        if (rejected === undefined) throw error;
        return rejected;
      }),
    ),
  );
}
