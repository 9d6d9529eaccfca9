import { randomBytes } from 'node:crypto';
import type { EngineEvent } from '../../core/engine/events';
import { Rejections, withDetail } from '../../core/errors';
import type { AlgoOrderType, AlgoTimeInForce, WorkingType } from '../../core/orders/algoOrder';
import type { SelfTradePreventionMode, Side } from '../../core/orders/order';
import { type AlgoOrderView, applyToAlgoOrder } from '../../core/projections/algoOrderView';
import type { Instrument } from '../../core/symbol/instrument';
import type { Caller } from '../access/authenticate';
import type { IngressContext } from '../context';
import { CommandNotSent } from '../ports/commandBus';
import type { CommandEnvelope } from '../ports/commandEnvelope';
import { decodeAlgoOrderView, encodeAlgoOrderView } from '../ports/orderViews';
import { isStatusUnknown, Rejected, STATUS_UNKNOWN } from '../rejected';
import { listedSymbol } from '../symbols/listedSymbol';
import { putAndAwait, putCommand } from './commandOutcome';
import { goodTillDateOf } from './goodTillDate';
import { CLIENT_ORDER_RETRY_WINDOW_MS } from './idempotency';
import { createdByFirstRequest } from './orderAnswers';

/** A conditional order as a client asks for it (POST /fapi/v1/algoOrder), decimals as sent. */
export interface NewAlgoOrderRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly type: AlgoOrderType;
  readonly timeInForce?: AlgoTimeInForce;
  readonly quantity?: string;
  readonly price?: string;
  readonly triggerPrice?: string;
  readonly stopPrice?: string;
  readonly workingType?: WorkingType;
  readonly closePosition?: boolean;
  readonly priceProtect?: boolean;
  readonly reduceOnly?: boolean;
  readonly activationPrice?: string;
  readonly activatePrice?: string;
  readonly callbackRate?: string;
  readonly clientAlgoId?: string;
  readonly selfTradePreventionMode?: SelfTradePreventionMode;
  readonly goodTillDate?: number;
}

export interface AlgoOrderAnswer {
  readonly instrument: Instrument;
  readonly view: AlgoOrderView;
}

/**
 * Submits a conditional order: checks which parameters its type needs (as Binance: -1102 missing, -1106 not
 * wanted), assigns its algo id and the id of the order it will become, puts PlaceAlgoOrder on the stream and
 * waits for the engine (core/engine/placeAlgoOrder.ts), whose refusal is the answer; else the order, algoStatus
 * NEW. Nothing is reserved: a conditional order holds no margin until it triggers (Binance's rule), and the order
 * it becomes is a new order then.
 *
 * Retries, as for new orders (submitOrder): the same clientAlgoId with the same parameters within 10 minutes (or,
 * without one, the same signature) is the same request: it gets the conditional order as it stands (the record
 * names its algo id) or the first one's refusal; if the first one's command may or may not have reached the
 * stream, that very command (same command id, which the matcher applies at most once) is put again and its outcome
 * read from where the first put started. A clientAlgoId of a waiting conditional order used for another request is
 * -4116 at once (the engine refuses it too, if the read model has not caught up).
 */
export async function submitAlgoOrder(
  ctx: IngressContext,
  caller: Caller,
  p: NewAlgoOrderRequest,
  signature = '',
): Promise<AlgoOrderAnswer> {
  const instrument = await listedSymbol(ctx, p.symbol);
  if (instrument.spec.status !== 'TRADING') throw new Rejected(Rejections.invalidSymbolStatus);
  const triggerPrice = p.triggerPrice ?? p.stopPrice;
  const activationPrice = p.activationPrice ?? p.activatePrice;
  checkParameters(p, triggerPrice, activationPrice);
  const goodTillDate = goodTillDateOf(p.timeInForce, p.goodTillDate, ctx.clock());
  const market = p.type !== 'STOP' && p.type !== 'TAKE_PROFIT';
  const order = {
    clientAlgoId: p.clientAlgoId ?? randomClientAlgoId(),
    side: p.side,
    type: p.type,
    timeInForce: market && p.timeInForce !== 'GTD' ? ('GTC' as const) : (p.timeInForce ?? 'GTC'),
    price: p.price,
    triggerPrice,
    quantity: p.quantity,
    workingType: p.workingType ?? 'CONTRACT_PRICE',
    priceProtect: p.priceProtect ?? false,
    closePosition: p.closePosition ?? false,
    reduceOnly: p.reduceOnly ?? false,
    selfTradePreventionMode: p.selfTradePreventionMode ?? 'EXPIRE_MAKER',
    goodTillDate: goodTillDate ?? 0,
    activationPrice,
    callbackRate: p.callbackRate,
  };
  const symbol = instrument.spec.symbol;
  const requestKey =
    p.clientAlgoId !== undefined
      ? `algo#${caller.accountId}#${symbol}#${p.clientAlgoId}`
      : `signed-algo#${caller.apiKey}#${signature.toLowerCase()}`;
  const { clientAlgoId: _assigned, ...parameters } = order;
  const fingerprint = JSON.stringify([symbol, parameters]);
  // Numbered before it is recorded: the record names the conditional order, by which a retry finds it.
  const algoId = await ctx.orderIds.next();
  const begun = await ctx.requests.begin(
    requestKey,
    fingerprint,
    CLIENT_ORDER_RETRY_WINDOW_MS,
    String(algoId),
  );
  if (begun.kind === 'repeat') {
    if (begun.response !== undefined) return { instrument, view: decodeAlgoAnswer(begun.response) };
    if (begun.sending !== undefined) {
      // The first request's command may or may not have reached the stream: the very same again, applied once.
      const first = JSON.parse(begun.sending) as AlgoSending;
      const view = await send(ctx, first, symbol);
      await ctx.requests.complete(requestKey, encodeAlgoAnswer({ view }));
      return { instrument, view };
    }
    const view = await createdByFirstRequest(ctx, begun.creates, (algoId) =>
      ctx.orders.getAlgo(caller.accountId, symbol, algoId),
    );
    return { instrument, view };
  }

  // 'different': the key is another request's (its clientAlgoId reused with other parameters): this one goes on
  // its own, and the key stays the first request's, so a retry of that one still finds its conditional order.
  const record = begun.kind === 'new';
  if (p.clientAlgoId !== undefined) {
    const known = await ctx.orders.algoByClientId(caller.accountId, symbol, p.clientAlgoId);
    if (known?.status === 'NEW') {
      if (record) await ctx.requests.abandon(requestKey);
      throw new Rejected(Rejections.duplicateClientOrderId);
    }
  }
  // Set once the put is attempted: from then on the command may be on its way, whatever fails.
  let sent: AlgoSending | undefined;
  try {
    const orderId = await ctx.orderIds.next();
    const sending: AlgoSending = {
      afterSeq: await ctx.events.lastSeq(symbol),
      envelope: {
        v: 1,
        commandId: `algo-${algoId}`,
        symbol,
        type: 'PlaceAlgoOrder',
        order: { algoId, orderId, accountId: caller.accountId, ...order },
      },
    };
    sent = sending;
    // Nothing more is written for a retry on success: the record names the conditional order.
    return { instrument, view: await send(ctx, sending, symbol) };
  } catch (error) {
    if (!record) throw error;
    // As for new orders: a refusal is the retry's answer too; a command that may be on its way is recorded now, so
    // a retry sends it again (applied once) and reads its outcome from the same place; a fault before anything was
    // sent lets a retry start over.
    if (error instanceof Rejected && !isStatusUnknown(error)) {
      await ctx.requests.complete(requestKey, encodeAlgoAnswer({ rejected: error }));
    } else if (sent !== undefined) {
      await ctx.requests.sending(requestKey, JSON.stringify(sent)).catch(() => undefined);
    } else if (!(error instanceof CommandNotSent) && !isStatusUnknown(error)) {
      await ctx.requests.abandon(requestKey);
    }
    throw error;
  }
}

/**
 * What a request is about to send: the command, and the symbol's last sequence before it was first put, where its
 * events are looked for (a resend of a command already applied is dropped by the matcher and makes no events).
 */
interface AlgoSending {
  readonly afterSeq: number;
  readonly envelope: CommandEnvelope;
}

async function send(ctx: IngressContext, sending: AlgoSending, symbol: string): Promise<AlgoOrderView> {
  const events = await putCommand(ctx, sending.envelope, sending.afterSeq);
  const rejected = events.find((e) => e.type === 'CommandRejected');
  if (rejected?.type === 'CommandRejected') throw new Rejected({ code: rejected.code, msg: rejected.reason });
  return algoViewAfter(symbol, events);
}

function encodeAlgoAnswer(answer: { view: AlgoOrderView } | { rejected: Rejected }): string {
  // The view as JSON (money as decimal strings), the shape a function deployed before it reads too.
  if ('view' in answer) return JSON.stringify({ ok: JSON.parse(encodeAlgoOrderView(answer.view)) });
  const { code, msg } = answer.rejected.rejection;
  return JSON.stringify({ error: { code, msg } });
}

function decodeAlgoAnswer(text: string): AlgoOrderView {
  const stored = JSON.parse(text) as { ok?: unknown; error?: { code: number; msg: string } };
  if (stored.error !== undefined) throw new Rejected({ code: stored.error.code, msg: stored.error.msg });
  return decodeAlgoOrderView(JSON.stringify(stored.ok));
}

function checkParameters(
  p: NewAlgoOrderRequest,
  triggerPrice: string | undefined,
  activationPrice: string | undefined,
): void {
  const missing = (name: string) => new Rejected(withDetail(Rejections.mandatoryParam, name));
  const unwanted = (name: string) => new Rejected(withDetail(Rejections.paramNotRequired, name));
  const trailing = p.type === 'TRAILING_STOP_MARKET';
  const limitKind = p.type === 'STOP' || p.type === 'TAKE_PROFIT';
  if (limitKind && p.price === undefined) throw missing('price');
  if (!limitKind && p.price !== undefined) throw unwanted('price');
  if (!trailing && triggerPrice === undefined) throw missing('triggerPrice');
  if (trailing && triggerPrice !== undefined) throw unwanted('triggerPrice');
  if (trailing && p.callbackRate === undefined) throw missing('callbackRate');
  if (!trailing && (p.callbackRate !== undefined || activationPrice !== undefined))
    throw unwanted(p.callbackRate !== undefined ? 'callbackRate' : 'activationPrice');
  if (p.closePosition) {
    if (p.type !== 'STOP_MARKET' && p.type !== 'TAKE_PROFIT_MARKET') throw unwanted('closePosition');
    if (p.quantity !== undefined) throw unwanted('quantity');
    if (p.reduceOnly !== undefined) throw unwanted('reduceOnly');
  } else if (p.quantity === undefined) {
    throw missing('quantity');
  }
}

/** The conditional order as the engine's events leave it (AlgoOrderPlaced, perhaps more in the same command). */
function algoViewAfter(symbol: string, events: readonly EngineEvent[]): AlgoOrderView {
  let view: AlgoOrderView | undefined;
  for (const event of events) view = applyToAlgoOrder(view, event, symbol);
  if (view === undefined) throw new Rejected(STATUS_UNKNOWN);
  return view;
}

/**
 * A conditional order named by algo id or else client algo id (one of them is mandatory), in a symbol or, as
 * Binance takes it, in none: then every listed symbol is looked in (one read each for an algo id).
 */
export interface AlgoOrderReference {
  readonly symbol?: string;
  readonly algoId?: number;
  readonly clientAlgoId?: string;
}

/** The caller's conditional order by its reference, if it has one. */
export async function algoOrderByReference(
  ctx: IngressContext,
  caller: Caller,
  ref: AlgoOrderReference,
): Promise<AlgoOrderView | undefined> {
  if (ref.algoId === undefined && ref.clientAlgoId === undefined) {
    throw new Rejected(withDetail(Rejections.mandatoryParam, 'algoId'));
  }
  if (ref.algoId === undefined)
    return ctx.orders.algoByClientId(caller.accountId, ref.symbol, ref.clientAlgoId!);
  const algoId = ref.algoId;
  if (ref.symbol !== undefined) return ctx.orders.getAlgo(caller.accountId, ref.symbol, algoId);
  const symbols = (await ctx.symbols.all()).map((i) => i.spec.symbol);
  const found = await Promise.all(
    symbols.map((symbol) => ctx.orders.getAlgo(caller.accountId, symbol, algoId)),
  );
  return found.find((view) => view !== undefined);
}

/**
 * Cancels a conditional order (DELETE /fapi/v1/algoOrder); answers its ids. Without a symbol the command goes to the
 * symbol the read model shows the order in, and an order it does not show is -2011.
 */
export async function submitCancelAlgo(
  ctx: IngressContext,
  caller: Caller,
  ref: AlgoOrderReference,
): Promise<{ algoId: number; clientAlgoId: string }> {
  if (ref.symbol !== undefined) await listedSymbol(ctx, ref.symbol);
  const known = await algoOrderByReference(ctx, caller, ref);
  const symbol = ref.symbol ?? known?.symbol;
  if (symbol === undefined) throw new Rejected(Rejections.unknownOrderSent);
  const events = await putAndAwait(ctx, {
    v: 1,
    commandId: `cancel-algo-${await ctx.orderIds.next()}`,
    symbol,
    type: 'CancelAlgoOrder',
    accountId: caller.accountId,
    ...(ref.algoId !== undefined ? { algoId: ref.algoId } : { clientAlgoId: ref.clientAlgoId }),
  });
  const canceled = events.find((e) => e.type === 'AlgoOrderCanceled');
  const algoId = canceled?.type === 'AlgoOrderCanceled' ? canceled.algoId : (ref.algoId ?? 0);
  return { algoId, clientAlgoId: known?.order.clientAlgoId ?? ref.clientAlgoId ?? '' };
}

/** DELETE /fapi/v1/algoOpenOrders: every untriggered conditional order of the caller in the symbol. */
export async function submitCancelAllAlgo(
  ctx: IngressContext,
  caller: Caller,
  symbol: string,
): Promise<void> {
  await listedSymbol(ctx, symbol);
  await putAndAwait(ctx, {
    v: 1,
    commandId: `cancel-all-algo-${await ctx.orderIds.next()}`,
    symbol,
    type: 'CancelAllAlgoOrders',
    accountId: caller.accountId,
  });
}

/**
 * POST /fapi/v1/countdownCancelAll: sets the caller's dead-man switch in the symbol (the engine keeps the deadline
 * in the symbol's log and fires it; core/engine/cancelCountdown.ts). Answered once the engine has set it.
 */
export async function submitCancelCountdown(
  ctx: IngressContext,
  caller: Caller,
  p: { symbol: string; countdownTime: number },
): Promise<{ symbol: string; countdownTime: string }> {
  await listedSymbol(ctx, p.symbol);
  await putAndAwait(ctx, {
    v: 1,
    commandId: `countdown-${await ctx.orderIds.next()}`,
    symbol: p.symbol,
    type: 'SetCancelCountdown',
    accountId: caller.accountId,
    countdownTime: p.countdownTime,
  });
  return { symbol: p.symbol, countdownTime: String(p.countdownTime) };
}

/** A client algo id like Binance's own: 22 characters from a CSPRNG. */
function randomClientAlgoId(): string {
  return randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22);
}
