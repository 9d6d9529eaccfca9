import { Rejections } from '../../core/errors';
import type { Side } from '../../core/orders/order';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { putAndAwait } from './commandOutcome';
import { topUpMargin } from './marginReservation';
import { type OrderAnswer, orderAfterCommand } from './orderAnswers';
import { type OrderRef, requireReference, validatedAmendment } from './orderRequest';

export interface AmendmentRequest extends OrderRef {
  readonly side: Side;
  readonly price: string;
  readonly quantity: string;
}

/**
 * PUT /fapi/v1/order, WebSocket order.modify: a new price and total quantity for the caller's open LIMIT order.
 * The margin the amended order needs is topped up first; then an AmendOrder command (core/engine/amendOrder.ts
 * decides it) goes out, and the answer is the order as amended, or the engine's refusal.
 */
export async function submitAmendment(
  ctx: IngressContext,
  caller: Caller,
  p: AmendmentRequest,
): Promise<OrderAnswer> {
  const instrument = await listedSymbol(ctx, p.symbol);
  requireReference(p);
  const { price, quantity } = validatedAmendment(instrument, p.price, p.quantity);
  const known =
    p.orderId !== undefined
      ? await ctx.orders.get(caller.accountId, p.symbol, p.orderId)
      : await ctx.orders.byClientOrderId(caller.accountId, p.symbol, p.origClientOrderId!);
  const orderId = p.orderId ?? known?.order.orderId;
  if (orderId === undefined) throw new Rejected(Rejections.noSuchOrder);
  if (known?.order.type === 'MARKET') throw new Rejected(Rejections.amendLimitOnly);
  if (known === undefined || !known.order.reduceOnly) {
    await topUpMargin(ctx, caller, instrument, { orderId, price, lots: quantity });
  }
  const events = await putAndAwait(ctx, {
    v: 1,
    commandId: `amend-${await ctx.orderIds.next()}`,
    symbol: p.symbol,
    type: 'AmendOrder',
    accountId: caller.accountId,
    orderId,
    side: p.side,
    price: p.price,
    quantity: p.quantity,
  });
  return { instrument, view: await orderAfterCommand(ctx, caller, instrument, events) };
}
