import type { EngineEvent } from '../../core/engine/events';
import { Rejections } from '../../core/errors';
import type { NewOrder } from '../../core/orders/order';
import { applyToOrder, type OrderView } from '../../core/projections/orderView';
import type { Instrument } from '../../core/symbol/instrument';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { Rejected, STATUS_UNKNOWN } from '../rejected';

/** An order as a use case answers it: the handler formats it with the symbol's units. */
export interface OrderAnswer {
  readonly instrument: Instrument;
  readonly view: OrderView;
}

/**
 * A use case answered with one order (submit, amend, cancel, find), as the handlers call it: the caller, the
 * request's checked parameters, its signature (which identifies a retried order; the others ignore it).
 */
export type OrderUseCase<P> = (
  ctx: IngressContext,
  caller: Caller,
  params: P,
  signature: string,
) => Promise<OrderAnswer>;

/**
 * A new order after the given events (none for ACK: status NEW, as ingress numbered it at `now`), or the engine's
 * rejection as the error.
 */
export function orderAfter(
  instrument: Instrument,
  order: NewOrder,
  events: readonly EngineEvent[],
  now: number,
): OrderView {
  let view: OrderView | undefined = {
    symbol: instrument.spec.symbol,
    order,
    status: 'NEW',
    origQty: order.quantity,
    price: order.price,
    executedQty: 0,
    cumQuote: 0n,
    commission: 0n,
    realizedPnl: 0n,
    time: now,
    updateTime: now,
    rejectCode: null,
    expiryReason: null,
    lastSeq: 0,
  };
  for (const event of events) {
    if (event.type === 'OrderRejected') throw new Rejected({ code: event.code, msg: event.reason });
    if (event.type === 'CommandRejected') throw new Rejected({ code: event.code, msg: event.reason });
    view = applyToOrder(view, event, instrument.spec.symbol, instrument);
  }
  return view!;
}

/**
 * The order a cancel or amend acted on, as the orders read model shows it once it has caught up with the
 * command's events. The command is done by now, so the read model is waited for as long as a RESULT order waits
 * for the matcher (resultTimeoutMs): answering "status unknown" (-1007) for a cancel that was carried out, only
 * because the projector is a second behind, would make the client retry or give up on an order that is in fact
 * canceled. If it still lags then, the events are applied to what it has.
 */
export async function orderAfterCommand(
  ctx: IngressContext,
  caller: Caller,
  instrument: Instrument,
  events: readonly EngineEvent[],
): Promise<OrderView> {
  const symbol = instrument.spec.symbol;
  const target = events.find(
    (e) => e.type === 'OrderCanceled' || e.type === 'OrderAmended' || e.type === 'OrderExpired',
  );
  const orderId = target && 'orderId' in target ? target.orderId : undefined;
  if (orderId === undefined) throw new Rejected(Rejections.noSuchOrder);
  const lastSeq = events[events.length - 1]!.seq;
  let view = await shownInReadModel(
    ctx,
    () => ctx.orders.get(caller.accountId, symbol, orderId),
    (v) => v.lastSeq >= lastSeq,
  );
  if (view === undefined) throw new Rejected(STATUS_UNKNOWN);
  // Only what the read model does not hold yet: an amendment's fills applied twice would count twice.
  for (const event of events)
    if (event.seq > view.lastSeq) view = applyToOrder(view, event, symbol, instrument) ?? view;
  return view;
}

/**
 * What a read model shows (`read`) once `caughtUp` holds for it, waited for (polling, 10 ms doubling to 100 ms) as
 * long as a RESULT order waits for the matcher, or until `deadline`; else the last thing read, undefined if nothing.
 */
export async function shownInReadModel<V>(
  ctx: Pick<IngressContext, 'clock' | 'resultTimeoutMs'>,
  read: () => Promise<V | undefined>,
  caughtUp: (view: V) => boolean = () => true,
  deadline = ctx.clock() + ctx.resultTimeoutMs,
): Promise<V | undefined> {
  let view: V | undefined;
  for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
    view = await read();
    if (view !== undefined && caughtUp(view)) return view;
    if (ctx.clock() >= deadline) return view;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * A retry's answer when the first request recorded neither an answer nor a command in doubt: what the first request
 * created (the id its record names, `creates`), as the read model shows it once it does. The first request put its
 * command and answered, or is still on its way, and a retry right after the first answer may be ahead of the
 * projector: so it is waited for as a RESULT order waits for the matcher. Still nowhere then (the first request
 * died before its put, or is stuck): "status unknown", ask again later.
 */
export async function createdByFirstRequest<V>(
  ctx: Pick<IngressContext, 'clock' | 'resultTimeoutMs'>,
  creates: string | undefined,
  read: (id: number) => Promise<V | undefined>,
): Promise<V> {
  const id = Number(creates);
  const created = creates === undefined ? undefined : await shownInReadModel(ctx, () => read(id));
  if (created === undefined) throw new Rejected(STATUS_UNKNOWN);
  return created;
}
