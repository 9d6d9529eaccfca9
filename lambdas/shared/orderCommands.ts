import type { CommandEnvelope } from '../../adapters/commands/commandEnvelope';
import { leverageOf } from '../../core/accounts/account';
import { reserveMargin } from '../../core/accounts/decideAccount';
import { orderInitialMargin } from '../../core/accounts/margin';
import type { EngineEvent } from '../../core/engine/events';
import { Rejections, withDetail } from '../../core/errors';
import { checkLotSize, checkPriceFilter } from '../../core/orders/orderFilters';
import { applyToOrder, type OrderView } from '../../core/projections/orderView';
import type { Instrument } from '../../core/symbol/instrument';
import { parsePriceTicks, parseQuantityLots } from '../../core/symbol/units';
import { ApiError } from './apiError';
import type { Caller } from './authenticate';
import { orderJson } from './binanceFormat';
import type { Deps } from './deps';
import { listedSymbol, markPricesFor } from './orderEntry';
import { putCommand, STATUS_UNKNOWN } from './outcomes';

export interface OrderRef {
  readonly symbol: string;
  readonly orderId?: number;
  readonly origClientOrderId?: string;
}

/** DELETE /fapi/v1/order: cancels the caller's order and answers with it, status CANCELED. */
export async function cancelOrder(deps: Deps, caller: Caller, ref: OrderRef): Promise<unknown> {
  const instrument = await listedSymbol(deps, ref.symbol);
  requireReference(ref);
  const commandId = `cancel-${await deps.orderIds.next()}`;
  const events = await sendAndWait(deps, {
    v: 1,
    commandId,
    symbol: ref.symbol,
    type: 'CancelOrder',
    accountId: caller.accountId,
    ...(ref.orderId !== undefined ? { orderId: ref.orderId } : { clientOrderId: ref.origClientOrderId }),
  });
  return orderAfterCommand(deps, caller, instrument, events);
}

/** DELETE /fapi/v1/allOpenOrders. */
export async function cancelAllOrders(deps: Deps, caller: Caller, symbol: string): Promise<unknown> {
  await listedSymbol(deps, symbol);
  const commandId = `cancel-all-${await deps.orderIds.next()}`;
  await sendAndWait(deps, { v: 1, commandId, symbol, type: 'CancelAllOrders', accountId: caller.accountId });
  return { code: 200, msg: 'The operation of cancel all open order is done.' };
}

/**
 * PUT /fapi/v1/order: a new price and total quantity for the caller's open LIMIT order. More margin is reserved
 * first if the new order needs more than it holds (never less: a smaller order's excess is freed by settlement).
 */
export async function amendOrder(
  deps: Deps,
  caller: Caller,
  p: OrderRef & { side: 'BUY' | 'SELL'; price: string; quantity: string },
): Promise<unknown> {
  const instrument = await listedSymbol(deps, p.symbol);
  requireReference(p);
  const price = parsePriceTicks(instrument, p.price);
  if (!price.ok) throw ApiError.of(price.rejection);
  const quantity = parseQuantityLots(instrument, p.quantity);
  if (!quantity.ok) throw ApiError.of(quantity.rejection);
  const problem =
    checkPriceFilter(instrument, price.value) ?? checkLotSize(instrument, 'LIMIT', quantity.value);
  if (problem) throw ApiError.of(problem);

  const views = deps.orders;
  const known =
    p.orderId !== undefined
      ? await views.get(caller.accountId, p.symbol, p.orderId)
      : await views.byClientOrderId(caller.accountId, p.symbol, p.origClientOrderId!);
  const orderId = p.orderId ?? known?.order.orderId;
  if (orderId === undefined) throw ApiError.of(Rejections.noSuchOrder);
  if (known?.order.type === 'MARKET') throw ApiError.of(Rejections.amendLimitOnly);
  if (known === undefined || !known.order.reduceOnly) {
    await topUpMargin(deps, caller, instrument, orderId, price.value, quantity.value);
  }
  const events = await sendAndWait(deps, {
    v: 1,
    commandId: `amend-${await deps.orderIds.next()}`,
    symbol: p.symbol,
    type: 'AmendOrder',
    accountId: caller.accountId,
    orderId,
    side: p.side,
    price: p.price,
    quantity: p.quantity,
  });
  return orderAfterCommand(deps, caller, instrument, events);
}

async function topUpMargin(
  deps: Deps,
  caller: Caller,
  instrument: Instrument,
  orderId: number,
  price: number,
  lots: number,
) {
  const symbol = instrument.spec.symbol;
  const account = await deps.accounts.load(caller.accountId);
  if (account === undefined) throw ApiError.of(Rejections.rejectedMbxKey);
  const marks = await markPricesFor(deps, Object.keys(account.positions));
  // Only an order this account placed (and that is still open) holds a reservation to top up. Without one the
  // order is another account's, unknown, closed or reduce-only: the engine answers the amendment, and margin
  // reserved here would never be released (settlement frees reservations of orders that end, and that order
  // never ends in this account).
  const outcome = await deps.accounts.decide(caller.accountId, (state) =>
    state.reservations[String(orderId)] === undefined
      ? { events: [] }
      : reserveMargin(
          state,
          {
            orderId,
            symbol,
            amount: orderInitialMargin(
              instrument,
              price,
              lots,
              leverageOf(state, symbol, instrument.spec.maxLeverage),
            ),
            openLots: lots,
          },
          { get: (s) => marks.instruments.get(s) ?? (s === symbol ? instrument : undefined) },
          (s) => marks.last.get(s),
        ),
  );
  if (!outcome.ok) throw ApiError.of(outcome.rejection);
}

/** Puts the command and waits for its events; a command the engine rejected is its contract error. */
async function sendAndWait(deps: Deps, envelope: CommandEnvelope): Promise<EngineEvent[]> {
  const events = await putCommand(deps, envelope, true);
  const rejected = events.find((e) => e.type === 'CommandRejected');
  if (rejected?.type === 'CommandRejected') throw ApiError.of({ code: rejected.code, msg: rejected.reason });
  return events;
}

/**
 * The order a cancel or amend acted on, as the orders read model shows it once it has caught up with the
 * command's events. The command is done by now, so the read model is waited for as long as a RESULT order waits
 * for the matcher (resultTimeoutMs): answering "status unknown" (-1007) for a cancel that was carried out, only
 * because the projector is a second behind, would make the client retry or give up on an order that is in fact
 * canceled. If it still lags then, the events are applied to what it has.
 */
async function orderAfterCommand(
  deps: Deps,
  caller: Caller,
  instrument: Instrument,
  events: readonly EngineEvent[],
) {
  const symbol = instrument.spec.symbol;
  const target = events.find(
    (e) => e.type === 'OrderCanceled' || e.type === 'OrderAmended' || e.type === 'OrderExpired',
  );
  const orderId = target && 'orderId' in target ? target.orderId : undefined;
  if (orderId === undefined) throw ApiError.of(Rejections.noSuchOrder);
  const lastSeq = events[events.length - 1]!.seq;
  const views = deps.orders;
  let view: OrderView | undefined;
  const deadline = deps.clock() + deps.resultTimeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
    view = await views.get(caller.accountId, symbol, orderId);
    if (view !== undefined && view.lastSeq >= lastSeq) return orderJson(instrument, view);
    if (deps.clock() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  if (view === undefined) throw STATUS_UNKNOWN;
  for (const event of events) view = applyToOrder(view, event, symbol, instrument) ?? view;
  return orderJson(instrument, view!);
}

function requireReference(ref: OrderRef): void {
  if (ref.orderId === undefined && ref.origClientOrderId === undefined) {
    throw ApiError.of(withDetail(Rejections.mandatoryParam, 'orderId'));
  }
}
