import type { NewOrder } from '../../core/orders/order';
import type { OrderView } from '../../core/projections/orderView';
import type { Caller } from '../access/authenticate';
import type { CommandEnvelope } from '../ports/commandEnvelope';
import { decodeOrderView, encodeOrderView } from '../ports/orderViews';
import { Rejected } from '../rejected';
import type { NewOrderRequest } from './orderRequest';

/** Same client order id, same parameters, within this long: the same order (a retry), answered, not repeated. */
export const CLIENT_ORDER_RETRY_WINDOW_MS = 10 * 60_000;

/**
 * What makes two order requests the same request: the account's client order id in the symbol, or, without one,
 * the request's signature (an identical signed request is a retry). A batch entry's signature carries its index.
 */
export function requestKeyOf(caller: Caller, p: NewOrderRequest, signature: string): string {
  return p.newClientOrderId
    ? `order#${caller.accountId}#${p.symbol}#${p.newClientOrderId}`
    : `signed#${caller.apiKey}#${signature.toLowerCase()}`;
}

/** The parameters a retry must repeat exactly (a client order id reused with others is a different request). */
export function fingerprintOf(
  p: NewOrderRequest,
  order: Omit<NewOrder, 'orderId' | 'clientOrderId'>,
): string {
  return JSON.stringify([
    p.symbol,
    order.side,
    order.type,
    order.timeInForce,
    order.price,
    order.quantity,
    order.reduceOnly,
    order.selfTradePreventionMode,
    order.goodTillDate ?? 0,
  ]);
}

/**
 * What the first request was about to send: a retry that finds no answer sends the very same command again, and
 * reads its outcome from where the first put started (`afterSeq`; absent when the first request did not wait, ACK),
 * since the matcher drops the resend of a command it has applied and makes no events for it.
 */
export interface Sending {
  readonly envelope: CommandEnvelope;
  readonly order: NewOrder;
  readonly afterSeq?: number;
}

export function encodeSending(sending: Sending): string {
  return JSON.stringify(sending);
}

export function decodeSending(text: string): Sending {
  return JSON.parse(text) as Sending;
}

/** The first request's answer, kept for its retries: the order, or the refusal. */
export function encodeAnswer(answer: { view: OrderView } | { rejected: Rejected }): string {
  if ('view' in answer) return JSON.stringify({ ok: JSON.parse(encodeOrderView(answer.view)) });
  const { code, msg } = answer.rejected.rejection;
  return JSON.stringify({ error: { code, msg } });
}

/** The stored answer's order, or its refusal thrown. */
export function decodeAnswer(text: string): OrderView {
  const stored = JSON.parse(text) as { ok?: unknown; error?: { code: number; msg: string } };
  if (stored.error !== undefined) throw new Rejected({ code: stored.error.code, msg: stored.error.msg });
  return decodeOrderView(JSON.stringify(stored.ok));
}
