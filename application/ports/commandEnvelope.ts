import { z } from 'zod';
import { COMMAND_TYPES, type EngineCommand } from '../../core/engine/commands';
import { type Rejection, Rejections, withDetail } from '../../core/errors';
import { ALGO_ORDER_TYPES, type NewAlgoOrder, WORKING_TYPES } from '../../core/orders/algoOrder';
import { type NewOrder, SIDES, STP_MODES, TIME_IN_FORCE } from '../../core/orders/order';
import type { Instrument } from '../../core/symbol/instrument';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';
import { type Parsed, parsePriceTicks, parseQuantityLots } from '../../core/symbol/units';

/**
 * A command as it travels the command bus (CommandBus), the contract between ingress, which writes it, and the
 * matcher, which reads it (readCommandRecord): versioned JSON, partition key = symbol. Prices and quantities
 * travel as the decimal strings the client sent; the matcher converts them with the symbol's spec from its own
 * log, the only authoritative copy. Time is not in the record: the matcher uses the record's arrival time on the
 * stream, which is the same every time the record is read, so re-processing after a crash decides exactly the same
 * events.
 */
export const ENVELOPE_VERSION = 1;

/** What a record's partition key must look like: a symbol. Anything else is poison. */
export const SYMBOL_KEY = /^[A-Z0-9]{2,20}USDT$/;
/** Binance's form of a client order id, which a command carries as the client sent it. */
export const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const decimal = z.string().min(1).max(40);
const commandId = z.string().min(1).max(64);

const orderReference = {
  accountId: id,
  orderId: id.optional(),
  clientOrderId: z.string().regex(CLIENT_ORDER_ID).optional(),
};

const symbolSpec = z.custom<SymbolSpec>(
  (value) => typeof value === 'object' && value !== null,
  'a symbol spec',
);

const body = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('PlaceOrder'),
    order: z.object({
      orderId: id,
      accountId: id,
      clientOrderId: z.string().regex(CLIENT_ORDER_ID),
      side: z.enum(SIDES),
      type: z.enum(['LIMIT', 'MARKET']),
      timeInForce: z.enum(TIME_IN_FORCE),
      price: decimal.optional(),
      quantity: decimal,
      reduceOnly: z.boolean(),
      selfTradePreventionMode: z.enum(STP_MODES),
      goodTillDate: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
    }),
  }),
  z.object({
    type: z.literal('PlaceAlgoOrder'),
    order: z.object({
      algoId: id,
      orderId: id,
      accountId: id,
      clientAlgoId: z.string().regex(CLIENT_ORDER_ID),
      side: z.enum(SIDES),
      type: z.enum(ALGO_ORDER_TYPES),
      timeInForce: z.enum(TIME_IN_FORCE),
      price: decimal.optional(),
      triggerPrice: decimal.optional(),
      quantity: decimal.optional(),
      workingType: z.enum(WORKING_TYPES),
      priceProtect: z.boolean(),
      closePosition: z.boolean(),
      reduceOnly: z.boolean(),
      selfTradePreventionMode: z.enum(STP_MODES),
      goodTillDate: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      activationPrice: decimal.optional(),
      /** Percent, one decimal at most: "0.1" to "10". */
      callbackRate: decimal.optional(),
    }),
  }),
  z.object({
    type: z.literal('CancelAlgoOrder'),
    accountId: id,
    algoId: id.optional(),
    clientAlgoId: z.string().regex(CLIENT_ORDER_ID).optional(),
  }),
  z.object({ type: z.literal('CancelAllAlgoOrders'), accountId: id }),
  z.object({
    type: z.literal('SetCancelCountdown'),
    accountId: id,
    countdownTime: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  }),
  z.object({ type: z.literal('CancelOrder'), ...orderReference }),
  z.object({ type: z.literal('CancelAllOrders'), accountId: id }),
  z.object({
    type: z.literal('AmendOrder'),
    ...orderReference,
    side: z.enum(SIDES),
    price: decimal,
    quantity: decimal,
  }),
  z.object({ type: z.literal('ListSymbol'), spec: symbolSpec }),
  z.object({ type: z.literal('UpdateSymbol'), spec: symbolSpec }),
  // The index feed's price and the spot prices it was made of; the engine checks the price's form and the
  // sources' bounds itself (core/engine/updateIndexPrice.ts), so a bad one is a recorded rejection, not poison.
  z.object({
    type: z.literal('UpdateIndexPrice'),
    price: decimal,
    sources: z.array(z.object({ name: z.string(), price: z.string() })).max(64),
  }),
  z.object({ type: z.literal('SettleFunding'), fundingTime: z.number().int().nonnegative() }),
  // From the risk service only (ingress never builds one): a liquidation order at the bankruptcy price.
  z.object({
    type: z.literal('Liquidate'),
    accountId: id,
    orderId: id,
    side: z.enum(SIDES),
    price: decimal,
    quantity: decimal,
    adlQueue: z.array(id).max(10_000),
  }),
]);

const envelope = z.object({ v: z.literal(ENVELOPE_VERSION), commandId, symbol: z.string() }).and(body);
/** Read first, on its own: a record with a command id gets a rejection event, one without is poison. */
const commandHeader = z.object({ commandId });

export type CommandEnvelope = z.infer<typeof envelope>;
type PlaceOrderBody = Extract<CommandEnvelope, { type: 'PlaceOrder' }>['order'];
type PlaceAlgoOrderBody = Extract<CommandEnvelope, { type: 'PlaceAlgoOrder' }>['order'];

/** Serializes a command for its Kinesis record. */
export function encodeCommand(command: CommandEnvelope): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(command));
}

/** What the matcher makes of one record. */
export type ReadRecord =
  | { readonly kind: 'command'; readonly symbol: string; readonly command: EngineCommand }
  /** Nothing to attribute it to (no JSON, no command id, no usable symbol): logged and counted, never retried. */
  | { readonly kind: 'poison'; readonly reason: string };

/**
 * Turns a record into the engine command it asks for, or into a RejectInvalidCommand that records why it cannot
 * be done. `instrument` is the symbol's current compiled spec (undefined while the symbol is not listed).
 */
export function readCommandRecord(
  data: Uint8Array,
  partitionKey: string,
  time: number,
  instrument: Instrument | undefined,
): ReadRecord {
  if (!SYMBOL_KEY.test(partitionKey))
    return { kind: 'poison', reason: `partition key ${JSON.stringify(partitionKey)} is no symbol` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return { kind: 'poison', reason: 'record is not UTF-8 JSON' };
  }
  const header = commandHeader.safeParse(json);
  if (!header.success) return { kind: 'poison', reason: 'record has no command id' };
  const reject = (rejection: Rejection): ReadRecord => ({
    kind: 'command',
    symbol: partitionKey,
    command: invalid(header.data.commandId, time, json, rejection),
  });

  const parsed = envelope.safeParse(json);
  if (!parsed.success) return reject(describeIssue(parsed.error));
  const message = parsed.data;
  if (message.symbol !== partitionKey) return reject(withDetail(Rejections.invalidParameter, 'symbol'));
  const base = { commandId: message.commandId, time };
  switch (message.type) {
    case 'ListSymbol':
    case 'UpdateSymbol':
      return {
        kind: 'command',
        symbol: partitionKey,
        command: { ...base, type: message.type, spec: message.spec },
      };
    case 'UpdateIndexPrice':
      return {
        kind: 'command',
        symbol: partitionKey,
        command: { ...base, type: 'UpdateIndexPrice', price: message.price, sources: message.sources },
      };
    case 'SettleFunding':
      return {
        kind: 'command',
        symbol: partitionKey,
        command: { ...base, type: 'SettleFunding', fundingTime: message.fundingTime },
      };
    case 'Liquidate': {
      if (instrument === undefined) return reject(Rejections.invalidSymbol);
      const terms = priceAndQuantity(instrument, message.price, message.quantity);
      if (!terms.ok) return reject(terms.rejection);
      return {
        kind: 'command',
        symbol: partitionKey,
        command: {
          ...base,
          type: 'Liquidate',
          accountId: message.accountId,
          orderId: message.orderId,
          side: message.side,
          ...terms.value,
          adlQueue: message.adlQueue,
        },
      };
    }
    case 'CancelAllOrders':
      return {
        kind: 'command',
        symbol: partitionKey,
        command: { ...base, type: 'CancelAllOrders', accountId: message.accountId },
      };
    case 'CancelOrder':
      if (message.orderId === undefined && message.clientOrderId === undefined) {
        return reject(withDetail(Rejections.mandatoryParam, 'orderId'));
      }
      return {
        kind: 'command',
        symbol: partitionKey,
        command: {
          ...base,
          type: 'CancelOrder',
          accountId: message.accountId,
          ...(message.orderId !== undefined
            ? { orderId: message.orderId }
            : { clientOrderId: message.clientOrderId }),
        },
      };
    case 'AmendOrder': {
      if (instrument === undefined) return reject(Rejections.invalidSymbol);
      if (message.orderId === undefined && message.clientOrderId === undefined) {
        return reject(withDetail(Rejections.mandatoryParam, 'orderId'));
      }
      const terms = priceAndQuantity(instrument, message.price, message.quantity);
      if (!terms.ok) return reject(terms.rejection);
      return {
        kind: 'command',
        symbol: partitionKey,
        command: {
          ...base,
          type: 'AmendOrder',
          accountId: message.accountId,
          ...(message.orderId !== undefined
            ? { orderId: message.orderId }
            : { clientOrderId: message.clientOrderId }),
          side: message.side,
          ...terms.value,
        },
      };
    }
    case 'PlaceAlgoOrder': {
      if (instrument === undefined) return reject(Rejections.invalidSymbol);
      const order = readAlgoOrder(instrument, message.order);
      if ('rejection' in order) return reject(order.rejection);
      return {
        kind: 'command',
        symbol: partitionKey,
        command: { ...base, type: 'PlaceAlgoOrder', order: order.order },
      };
    }
    case 'CancelAlgoOrder':
      if (message.algoId === undefined && message.clientAlgoId === undefined) {
        return reject(withDetail(Rejections.mandatoryParam, 'algoId'));
      }
      return {
        kind: 'command',
        symbol: partitionKey,
        command: {
          ...base,
          type: 'CancelAlgoOrder',
          accountId: message.accountId,
          ...(message.algoId !== undefined
            ? { algoId: message.algoId }
            : { clientAlgoId: message.clientAlgoId }),
        },
      };
    case 'SetCancelCountdown':
      return {
        kind: 'command',
        symbol: partitionKey,
        command: {
          ...base,
          type: 'SetCancelCountdown',
          accountId: message.accountId,
          countdownTime: message.countdownTime,
        },
      };
    case 'CancelAllAlgoOrders':
      return {
        kind: 'command',
        symbol: partitionKey,
        command: { ...base, type: 'CancelAllAlgoOrders', accountId: message.accountId },
      };
    case 'PlaceOrder': {
      if (instrument === undefined) return reject(Rejections.invalidSymbol);
      const order = readOrder(instrument, message.order);
      if ('rejection' in order) return reject(order.rejection);
      return {
        kind: 'command',
        symbol: partitionKey,
        command: { ...base, type: 'PlaceOrder', order: order.order },
      };
    }
  }
}

function readOrder(
  instrument: Instrument,
  order: PlaceOrderBody,
): { rejection: Rejection } | { order: NewOrder } {
  const isMarket = order.type === 'MARKET';
  if (!isMarket && order.price === undefined)
    return { rejection: withDetail(Rejections.mandatoryParam, 'price') };
  if (isMarket && order.price !== undefined)
    return { rejection: withDetail(Rejections.paramNotRequired, 'price') };
  const price: Parsed<number> = isMarket ? { ok: true, value: 0 } : parsePriceTicks(instrument, order.price!);
  const quantity = parseQuantityLots(instrument, order.quantity);
  const failed = firstFailure(price, quantity);
  if (failed) return { rejection: failed };
  return {
    order: {
      ...order,
      price: (price as { value: number }).value,
      quantity: (quantity as { value: number }).value,
      timeInForce: isMarket ? ('GTC' as const) : order.timeInForce,
    },
  };
}

/**
 * A conditional order's decimals in ticks and lots; absent prices are 0 (the engine checks which its type needs),
 * the callback rate in tenths of a percent ("0.1" to "10", at most one decimal).
 */
function readAlgoOrder(
  instrument: Instrument,
  order: PlaceAlgoOrderBody,
): { rejection: Rejection } | { order: NewAlgoOrder } {
  const zero: Parsed<number> = { ok: true, value: 0 };
  const price = order.price === undefined ? zero : parsePriceTicks(instrument, order.price);
  const trigger = order.triggerPrice === undefined ? zero : parsePriceTicks(instrument, order.triggerPrice);
  const activation =
    order.activationPrice === undefined ? zero : parsePriceTicks(instrument, order.activationPrice);
  const quantity = order.quantity === undefined ? zero : parseQuantityLots(instrument, order.quantity);
  const failed = firstFailure(price, trigger, activation, quantity);
  if (failed) return { rejection: failed };
  let callbackRate = 0;
  if (order.callbackRate !== undefined) {
    const match = /^(\d{1,3})(?:\.(\d))?$/.exec(order.callbackRate);
    if (match === null) return { rejection: withDetail(Rejections.invalidParameter, 'callbackRate') };
    callbackRate = Number(match[1]) * 10 + Number(match[2] ?? 0);
  }
  const value = (p: Parsed<number>) => (p as { value: number }).value;
  return {
    order: {
      ...order,
      price: value(price),
      triggerPrice: value(trigger),
      activationPrice: value(activation),
      quantity: value(quantity),
      callbackRate,
    },
  };
}

/** A limit price and a quantity in ticks and lots, or the rejection of the first that does not parse. */
function priceAndQuantity(
  instrument: Instrument,
  price: string,
  quantity: string,
): Parsed<{ price: number; quantity: number }> {
  const ticks = parsePriceTicks(instrument, price);
  if (!ticks.ok) return ticks;
  const lots = parseQuantityLots(instrument, quantity);
  if (!lots.ok) return lots;
  return { ok: true, value: { price: ticks.value, quantity: lots.value } };
}

function firstFailure(...values: Parsed<number>[]): Rejection | undefined {
  for (const value of values) if (!value.ok) return value.rejection;
  return undefined;
}

/** The contract error closest to what is wrong with a record's fields. */
function describeIssue(error: z.ZodError): Rejection {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || 'command';
  if (issue?.code === 'invalid_union' || (issue?.path.length === 1 && issue.path[0] === 'type')) {
    return withDetail(Rejections.invalidParameter, 'type');
  }
  if (issue?.code === 'invalid_type' && issue.input === undefined)
    return withDetail(Rejections.mandatoryParam, field);
  return withDetail(Rejections.invalidParameter, field);
}

/** The rejection of a record that could not be read, keeping whatever identifies the order it was about. */
function invalid(commandIdValue: string, time: number, json: unknown, rejection: Rejection): EngineCommand {
  const raw = (json ?? {}) as Record<string, unknown>;
  const order = (raw.order ?? {}) as Record<string, unknown>;
  const pick = <T>(value: unknown, ok: (v: unknown) => v is T): T | null => (ok(value) ? value : null);
  const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
  const isClientId = (v: unknown): v is string => typeof v === 'string' && CLIENT_ORDER_ID.test(v);
  const type = raw.type;
  const known = COMMAND_TYPES.find((t) => t === type);
  return {
    type: 'RejectInvalidCommand',
    commandId: commandIdValue,
    time,
    commandType: known ?? 'Unknown',
    accountId: pick(raw.accountId ?? order.accountId, isId),
    // A conditional order is named by its algo id and client algo id.
    orderId: pick(raw.orderId ?? raw.algoId ?? order.algoId ?? order.orderId, isId),
    clientOrderId: pick(
      raw.clientOrderId ?? raw.clientAlgoId ?? order.clientAlgoId ?? order.clientOrderId,
      isClientId,
    ),
    code: rejection.code,
    reason: rejection.msg,
  };
}
