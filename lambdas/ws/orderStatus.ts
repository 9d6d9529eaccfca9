import { Rejections, withDetail } from '../../core/errors';
import { ApiError } from '../shared/apiError';
import type { Caller } from '../shared/authenticate';
import { orderJson } from '../shared/binanceFormat';
import type { Deps } from '../shared/deps';
import type { OrderRef } from '../shared/orderCommands';
import { listedSymbol } from '../shared/orderEntry';

/** GET /fapi/v1/order as WebSocket order.status: the caller's order from the orders read model, or -2013. */
export async function orderStatus(deps: Deps, caller: Caller, ref: OrderRef): Promise<unknown> {
  const instrument = await listedSymbol(deps, ref.symbol);
  if (ref.orderId === undefined && ref.origClientOrderId === undefined)
    throw ApiError.of(withDetail(Rejections.mandatoryParam, 'orderId'));
  const view =
    ref.orderId !== undefined
      ? await deps.orders.get(caller.accountId, ref.symbol, ref.orderId)
      : await deps.orders.byClientOrderId(caller.accountId, ref.symbol, ref.origClientOrderId!);
  if (view === undefined) throw ApiError.of(Rejections.noSuchOrder);
  return orderJson(instrument, view);
}
