import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { listedSymbol } from '../symbols/listedSymbol';
import { putAndAwait } from './commandOutcome';
import { type OrderAnswer, orderAfterCommand } from './orderAnswers';
import { type OrderRef, requireReference } from './orderRequest';

/**
 * DELETE /fapi/v1/order, WebSocket order.cancel: puts a CancelOrder command (core/engine/cancelOrder.ts decides
 * it) and answers with the order as it ends, status CANCELED; the engine's refusal is the answer otherwise.
 */
export async function submitCancel(ctx: IngressContext, caller: Caller, ref: OrderRef): Promise<OrderAnswer> {
  const instrument = await listedSymbol(ctx, ref.symbol);
  requireReference(ref);
  const commandId = `cancel-${await ctx.orderIds.next()}`;
  const events = await putAndAwait(ctx, {
    v: 1,
    commandId,
    symbol: ref.symbol,
    type: 'CancelOrder',
    accountId: caller.accountId,
    ...(ref.orderId !== undefined ? { orderId: ref.orderId } : { clientOrderId: ref.origClientOrderId }),
  });
  return { instrument, view: await orderAfterCommand(ctx, caller, instrument, events) };
}

/** DELETE /fapi/v1/allOpenOrders: a CancelAllOrders command, done when the engine has decided it. */
export async function submitCancelAll(ctx: IngressContext, caller: Caller, symbol: string): Promise<void> {
  await listedSymbol(ctx, symbol);
  const commandId = `cancel-all-${await ctx.orderIds.next()}`;
  await putAndAwait(ctx, { v: 1, commandId, symbol, type: 'CancelAllOrders', accountId: caller.accountId });
}
