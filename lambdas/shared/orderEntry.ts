import { randomBytes } from 'node:crypto';
import { UnknownAccount } from '../../adapters/accounts/accountStore';
import { CommandNotSent } from '../../adapters/commands/commandBus';
import type { CommandEnvelope } from '../../adapters/commands/commandEnvelope';
import { leverageOf } from '../../core/accounts/account';
import { reserveMargin } from '../../core/accounts/decideAccount';
import { orderInitialMargin } from '../../core/accounts/margin';
import type { EngineEvent } from '../../core/engine/events';
import { type Rejection, Rejections, withDetail } from '../../core/errors';
import type { NewOrder } from '../../core/orders/order';
import {
  checkLotSize,
  checkMinNotional,
  checkPriceFilter,
  marketTakeLimit,
} from '../../core/orders/orderFilters';
import { applyToOrder, type OrderView } from '../../core/projections/orderView';
import type { Instrument } from '../../core/symbol/instrument';
import { type Parsed, parsePriceTicks, parseQuantityLots } from '../../core/symbol/units';
import { ApiError } from './apiError';
import type { Caller } from './authenticate';
import { orderJson } from './binanceFormat';
import type { Deps } from './deps';
import type { PlaceOrderParams } from './orderRequests';
import { putCommand, STATUS_UNKNOWN } from './outcomes';

/** Same client order id, same parameters, within this long: the same order (a retry), answered, not repeated. */
export const CLIENT_ORDER_RETRY_WINDOW_MS = 10 * 60_000;

/**
 * Places an order (POST /fapi/v1/order, each batchOrders entry, WebSocket order.place): validates it against the
 * symbol's filters, assigns its id, reserves its initial margin (-2019 if the account cannot afford it), puts the
 * command on the stream, and answers with the order (ACK) or, for RESULT, the order after matching.
 *
 * Retries: a request carrying a newClientOrderId that the account used for the same symbol and the same
 * parameters within the last 10 minutes is the same order: it gets the first request's answer; if the first
 * request never got one (its command may or may not have reached the stream), the very same command (same
 * command id) is put again, which the matcher applies at most once. Without a client order id, the signature
 * identifies the request the same way (an identical signed request is a retry).
 */
export async function placeOrder(
  deps: Deps,
  caller: Caller,
  p: PlaceOrderParams,
  signature: string,
): Promise<unknown> {
  const instrument = await listedSymbol(deps, p.symbol);
  if (instrument.spec.status !== 'TRADING') throw ApiError.of(Rejections.invalidSymbolStatus);
  const order = validatedOrder(instrument, caller, p);
  const fingerprint = JSON.stringify([
    p.symbol,
    order.side,
    order.type,
    order.timeInForce,
    order.price,
    order.quantity,
    order.reduceOnly,
    order.selfTradePreventionMode,
  ]);
  const requestKey = p.newClientOrderId
    ? `order#${caller.accountId}#${p.symbol}#${p.newClientOrderId}`
    : `signed#${caller.apiKey}#${signature.toLowerCase()}`;
  const begun = await deps.requests.begin(requestKey, fingerprint, CLIENT_ORDER_RETRY_WINDOW_MS);
  const result = p.newOrderRespType === 'RESULT';
  if (begun.kind === 'repeat') {
    if (begun.response !== undefined) return storedAnswer(begun.response);
    if (begun.sending === undefined) throw STATUS_UNKNOWN; // the first request is still deciding: ask again later
    // The first request may or may not have reached the stream: send its very command again (same id).
    const first = JSON.parse(begun.sending) as { envelope: CommandEnvelope; order: NewOrder };
    const events = await putCommand(deps, first.envelope, result);
    const again = orderAfter(instrument, first.order, events, deps.clock());
    await deps.requests.complete(requestKey, JSON.stringify({ ok: again }));
    return again;
  }

  // 'different': the key belongs to another request (this client order id was used with other parameters). The
  // order is placed on its own and the key's record stays the first request's, so that a retry of the first
  // request still gets the first answer.
  const record = begun.kind === 'new';
  // A client order id already open is -4116 at once, as on Binance, also in ACK mode, and no id, margin or command
  // is spent on it. The read model may lag an order placed a moment ago; the engine then refuses it. The answer is
  // not remembered for retries: it depends on the other order, which may close.
  if (
    p.newClientOrderId !== undefined &&
    (await deps.orders.hasOpenClientOrderId(caller.accountId, p.symbol, p.newClientOrderId))
  ) {
    if (record) await deps.requests.abandon(requestKey);
    throw ApiError.of(Rejections.duplicateClientOrderId);
  }
  try {
    const orderId = await deps.orderIds.next();
    const newOrder: NewOrder = {
      ...order,
      orderId,
      clientOrderId: p.newClientOrderId ?? randomClientOrderId(),
    };
    if (!newOrder.reduceOnly) await reserveInitialMargin(deps, caller, instrument, newOrder);
    const envelope: CommandEnvelope = {
      v: 1,
      commandId: `place-${orderId}`,
      symbol: p.symbol,
      type: 'PlaceOrder',
      order: { ...newOrder, price: newOrder.type === 'MARKET' ? undefined : p.price, quantity: p.quantity },
    };
    if (record) await deps.requests.sending(requestKey, JSON.stringify({ envelope, order: newOrder }));
    const events = await putCommand(deps, envelope, result);
    const answer = orderAfter(instrument, newOrder, events, deps.clock());
    if (record) await deps.requests.complete(requestKey, JSON.stringify({ ok: answer }));
    return answer;
  } catch (error) {
    if (!record) throw error;
    if (error instanceof ApiError && error !== STATUS_UNKNOWN) {
      await deps.requests.complete(
        requestKey,
        JSON.stringify({ error: { status: error.status, code: error.code, msg: error.message } }),
      );
    } else if (!(error instanceof CommandNotSent) && error !== STATUS_UNKNOWN) {
      await deps.requests.abandon(requestKey);
    }
    throw error;
  }
}

/** The order as the engine will see it, or the filter error Binance answers before matching. */
function validatedOrder(
  instrument: Instrument,
  caller: Caller,
  p: PlaceOrderParams,
): Omit<NewOrder, 'orderId' | 'clientOrderId'> {
  const isMarket = p.type === 'MARKET';
  if (isMarket && p.price !== undefined) throw ApiError.of(withDetail(Rejections.paramNotRequired, 'price'));
  if (isMarket && p.timeInForce !== undefined)
    throw ApiError.of(withDetail(Rejections.paramNotRequired, 'timeInForce'));
  if (!isMarket && p.timeInForce === undefined)
    throw ApiError.of(withDetail(Rejections.mandatoryParam, 'timeInForce'));
  if (!isMarket && p.price === undefined) throw ApiError.of(withDetail(Rejections.mandatoryParam, 'price'));
  const price = isMarket ? 0 : parsed(parsePriceTicks(instrument, p.price!));
  const quantity = parsed(parseQuantityLots(instrument, p.quantity));
  const reduceOnly = p.reduceOnly ?? false;
  const problem =
    (isMarket ? undefined : checkPriceFilter(instrument, price)) ??
    checkLotSize(instrument, p.type, quantity) ??
    (isMarket || reduceOnly ? undefined : checkMinNotional(instrument, price, quantity));
  if (problem) throw ApiError.of(problem);
  return {
    accountId: caller.accountId,
    side: p.side,
    type: p.type,
    timeInForce: isMarket ? 'GTC' : p.timeInForce!,
    price,
    quantity,
    reduceOnly,
    selfTradePreventionMode: p.selfTradePreventionMode ?? 'EXPIRE_MAKER',
  };
}

/**
 * Pre-trade risk: the order's initial margin (notional / leverage + taker fee) is reserved on the account before
 * the command leaves. A market order is priced at its worst case: the best opposite price moved by the take bound.
 */
async function reserveInitialMargin(
  deps: Deps,
  caller: Caller,
  instrument: Instrument,
  order: NewOrder,
): Promise<void> {
  const symbol = instrument.spec.symbol;
  let price = order.price;
  if (order.type === 'MARKET') {
    const prices = await deps.prices.get(symbol);
    const touch = order.side === 'BUY' ? prices.bestAsk : prices.bestBid;
    const reference = touch ?? prices.lastPrice;
    if (reference === undefined) throw ApiError.of(Rejections.marketOrderOutsideBand);
    price = order.side === 'BUY' ? marketTakeLimit(instrument, 'BUY', reference) : reference;
  }
  const account = await deps.accounts.load(caller.accountId);
  if (account === undefined) throw ApiError.of(Rejections.rejectedMbxKey);
  const markPrices = await markPricesFor(deps, Object.keys(account.positions));
  const instruments = {
    get: (s: string) => markPrices.instruments.get(s) ?? (s === symbol ? instrument : undefined),
  };
  try {
    const outcome = await deps.accounts.decide(caller.accountId, (state) =>
      reserveMargin(
        state,
        {
          orderId: order.orderId,
          symbol,
          amount: orderInitialMargin(
            instrument,
            price,
            order.quantity,
            leverageOf(state, symbol, instrument.spec.maxLeverage),
          ),
          openLots: order.quantity,
        },
        instruments,
        (s) => markPrices.last.get(s),
      ),
    );
    if (!outcome.ok) throw ApiError.of(outcome.rejection);
  } catch (error) {
    if (error instanceof UnknownAccount) throw ApiError.of(Rejections.rejectedMbxKey);
    throw error;
  }
}

/** Last prices and specs of the symbols an account holds positions in (to value them for available margin). */
export async function markPricesFor(deps: Deps, symbols: readonly string[]) {
  const last = new Map<string, number>();
  const instruments = new Map<string, Instrument>();
  await Promise.all(
    symbols.map(async (s) => {
      const [prices, instrument] = await Promise.all([deps.prices.get(s), deps.symbols.get(s)]);
      if (prices.lastPrice !== undefined) last.set(s, prices.lastPrice);
      if (instrument !== undefined) instruments.set(s, instrument);
    }),
  );
  return { last, instruments };
}

/** The order object after the given events (none for ACK: status NEW), or the engine's rejection as an error. */
function orderAfter(instrument: Instrument, order: NewOrder, events: readonly EngineEvent[], now: number) {
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
    if (event.type === 'OrderRejected') throw ApiError.of({ code: event.code, msg: event.reason });
    if (event.type === 'CommandRejected') throw ApiError.of({ code: event.code, msg: event.reason });
    view = applyToOrder(view, event, instrument.spec.symbol, instrument);
  }
  return orderJson(instrument, view!);
}

function storedAnswer(response: string): unknown {
  const stored = JSON.parse(response);
  if (stored.error) throw new ApiError(stored.error.status, stored.error.code, stored.error.msg);
  return stored.ok;
}

export async function listedSymbol(deps: Deps, symbol: string): Promise<Instrument> {
  const instrument = await deps.symbols.get(symbol);
  if (instrument === undefined) throw ApiError.of(Rejections.invalidSymbol);
  return instrument;
}

function parsed(value: Parsed<number>): number {
  if (!value.ok) throw ApiError.of(value.rejection);
  return value.value;
}

/** A client order id like Binance's own: 22 characters from a CSPRNG. */
function randomClientOrderId(): string {
  return randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22);
}

export type { Rejection };
