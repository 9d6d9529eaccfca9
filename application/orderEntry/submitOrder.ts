import { randomBytes } from 'node:crypto';
import { Rejections } from '../../core/errors';
import type { NewOrder } from '../../core/orders/order';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { CommandNotSent } from '../ports/commandBus';
import type { CommandEnvelope } from '../ports/commandEnvelope';
import { isStatusUnknown, Rejected } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { outcomeStart, putCommand } from './commandOutcome';
import {
  CLIENT_ORDER_RETRY_WINDOW_MS,
  decodeAnswer,
  decodeSending,
  encodeAnswer,
  encodeSending,
  fingerprintOf,
  requestKeyOf,
  type Sending,
} from './idempotency';
import { reserveInitialMargin } from './marginReservation';
import { createdByFirstRequest, type OrderAnswer, orderAfter } from './orderAnswers';
import { type NewOrderRequest, validatedOrder } from './orderRequest';

/**
 * Submits a new order (POST /fapi/v1/order, each batchOrders entry, WebSocket order.place) to the matcher, whose
 * engine decides it (core/engine/placeOrder.ts): validates it against the symbol's filters, assigns its id,
 * reserves its initial margin (-2019 if the account cannot afford it), puts the PlaceOrder command on the stream,
 * and answers with the order (ACK) or, for RESULT, the order after matching.
 *
 * Retries: a request carrying a newClientOrderId that the account used for the same symbol and the same
 * parameters within the last 10 minutes is the same order: it is answered with that order as it stands (as GET
 * /fapi/v1/order shows it), or with the first request's refusal; if the first request's put failed so that its
 * command may or may not have reached the stream, the very same command (same command id) is put again, which the
 * matcher applies at most once; while the order shows nowhere yet (the first request is still deciding, or died
 * before its put), the retry is "status unknown" (-1007, as Binance answers). Without a client order id, the
 * signature identifies the request the same way (an identical signed request is a retry).
 *
 * Requests per order (docs/read-side.md, "Budget"): the request log's begin (which names the order id, so that an
 * answered order needs no second write there), the account's margin reservation, the put (one PutRecords shared
 * with the puts that overlap it: adapters/aws/commands/commandBus.ts); the client order id check reads a cached
 * snapshot (openClientOrderIds.ts).
 */
export async function submitOrder(
  ctx: IngressContext,
  caller: Caller,
  p: NewOrderRequest,
  signature: string,
): Promise<OrderAnswer> {
  const instrument = await listedSymbol(ctx, p.symbol);
  if (instrument.spec.status !== 'TRADING') throw new Rejected(Rejections.invalidSymbolStatus);
  const order = validatedOrder(instrument, caller.accountId, p, ctx.clock());
  const requestKey = requestKeyOf(caller, p, signature);
  // Numbered before it is recorded: the record names the order, by which a retry finds it.
  const orderId = await ctx.orderIds.next();
  const begun = await ctx.requests.begin(
    requestKey,
    fingerprintOf(p, order),
    CLIENT_ORDER_RETRY_WINDOW_MS,
    String(orderId),
  );
  const result = p.newOrderRespType === 'RESULT';
  if (begun.kind === 'repeat') {
    if (begun.response !== undefined) return { instrument, view: decodeAnswer(begun.response) };
    if (begun.sending !== undefined) {
      // The first request may or may not have reached the stream: send its very command again (same id), and read
      // its outcome from where the first put started (a resend the matcher already applied makes no events). A
      // first request that did not wait (ACK) kept no start: its retry is answered as ACK, the order as it was sent.
      const first = decodeSending(begun.sending);
      const events = await putCommand(ctx, first.envelope, result ? first.afterSeq : undefined);
      const view = orderAfter(instrument, first.order, events, ctx.clock());
      await ctx.requests.complete(requestKey, encodeAnswer({ view }));
      return { instrument, view };
    }
    // The order as it stands (as GET /fapi/v1/order shows it).
    const view = await createdByFirstRequest(ctx, begun.creates, (orderId) =>
      ctx.orders.get(caller.accountId, p.symbol, orderId),
    );
    return { instrument, view };
  }

  // 'different': the key belongs to another request (this client order id was used with other parameters). The
  // order is placed on its own and the key's record stays the first request's, so that a retry of the first
  // request still finds the first order.
  const record = begun.kind === 'new';
  // A client order id already open is -4116 at once, as on Binance, also in ACK mode, and no margin or command is
  // spent on it. The read model may lag an order placed a moment ago; the engine then refuses it. The answer is
  // not remembered for retries: it depends on the other order, which may close.
  if (
    p.newClientOrderId !== undefined &&
    (await ctx.openClientOrderIds.isOpen(caller.accountId, p.symbol, p.newClientOrderId, !record))
  ) {
    if (record) await ctx.requests.abandon(requestKey);
    throw new Rejected(Rejections.duplicateClientOrderId);
  }
  // Set once the put is attempted: from then on the command may be on its way, whatever fails.
  let sent: Sending | undefined;
  try {
    const newOrder: NewOrder = {
      ...order,
      orderId,
      clientOrderId: p.newClientOrderId ?? randomClientOrderId(),
    };
    // Where the outcome starts is read alongside the reservation (one round trip fewer on a RESULT order's path):
    // any time before the put will do, the command's events can only come after it.
    const [afterSeq] = await Promise.all([
      outcomeStart(ctx, p.symbol, result),
      newOrder.reduceOnly ? undefined : reserveInitialMargin(ctx, caller, instrument, newOrder),
    ]);
    const envelope: CommandEnvelope = {
      v: 1,
      commandId: `place-${orderId}`,
      symbol: p.symbol,
      type: 'PlaceOrder',
      order: { ...newOrder, price: newOrder.type === 'MARKET' ? undefined : p.price, quantity: p.quantity },
    };
    sent = { envelope, order: newOrder, afterSeq };
    const events = await putCommand(ctx, envelope, afterSeq);
    // Nothing more is written for a retry: the record names the order, which a retry reads as it stands.
    return { instrument, view: orderAfter(instrument, newOrder, events, ctx.clock()) };
  } catch (error) {
    if (!record) throw error;
    // A refusal is the answer a retry gets too; a fault before anything was sent lets a retry start over; a
    // command that may be on its way is recorded now (only now: on the way there the record holds the request
    // alone, one write fewer per order), so a retry sends the very same command again, applied once.
    if (error instanceof Rejected && !isStatusUnknown(error)) {
      await ctx.requests.complete(requestKey, encodeAnswer({ rejected: error }));
    } else if (sent !== undefined) {
      // If this write fails too, a retry is "status unknown" until the window ends: the error below is the answer.
      await ctx.requests.sending(requestKey, encodeSending(sent)).catch(() => undefined);
    } else if (!(error instanceof CommandNotSent) && !isStatusUnknown(error)) {
      await ctx.requests.abandon(requestKey);
    }
    throw error;
  }
}

/** A client order id like Binance's own: 22 characters from a CSPRNG. */
function randomClientOrderId(): string {
  return randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22);
}
