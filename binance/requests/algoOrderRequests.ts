import { z } from 'zod';
import { CLIENT_ORDER_ID } from '../../application/ports/commandEnvelope';
import { ALGO_ORDER_TYPES, WORKING_TYPES } from '../../core/orders/algoOrder';
import { SIDES, STP_MODES, TIME_IN_FORCE } from '../../core/orders/order';
import { booleanText, decimalText, integerText, limitUpTo, SIGNING_PARAMS } from '../validation';

/**
 * POST /fapi/v1/algoOrder, Binance's "New Algo Order" (and WebSocket algoOrder.place): a conditional order, as
 * ccxt 4.5 sends every order with a trigger price. `stopPrice` is read as `triggerPrice` (the old name), and
 * `activatePrice` as `activationPrice` (Binance documents both spellings).
 */
export const placeAlgoOrderParams = z
  .object({
    algoType: z.literal('CONDITIONAL'),
    symbol: z.string().min(1),
    side: z.enum(SIDES),
    positionSide: z.literal('BOTH').optional(),
    type: z.enum(ALGO_ORDER_TYPES),
    timeInForce: z.enum(TIME_IN_FORCE).optional(),
    quantity: decimalText.optional(),
    price: decimalText.optional(),
    triggerPrice: decimalText.optional(),
    stopPrice: decimalText.optional(),
    workingType: z.enum(WORKING_TYPES).optional(),
    priceMatch: z.literal('NONE').optional(),
    closePosition: booleanText.optional(),
    priceProtect: booleanText.optional(),
    reduceOnly: booleanText.optional(),
    activationPrice: decimalText.optional(),
    activatePrice: decimalText.optional(),
    callbackRate: decimalText.optional(),
    clientAlgoId: z.string().regex(CLIENT_ORDER_ID).optional(),
    newOrderRespType: z.enum(['ACK', 'RESULT']).optional(),
    selfTradePreventionMode: z.enum(STP_MODES).optional(),
    goodTillDate: integerText.optional(),
    ...SIGNING_PARAMS,
  })
  .strict();
export type PlaceAlgoOrderParams = z.infer<typeof placeAlgoOrderParams>;

/**
 * The order a validated request asks for, without the fields Binance requires or allows but that can only have
 * the one value shardex takes (algoType CONDITIONAL, positionSide BOTH, priceMatch NONE) or that only shape the
 * answer (newOrderRespType): the REST and WebSocket APIs submit the same thing.
 */
export function algoOrderRequest(params: PlaceAlgoOrderParams) {
  const { algoType: _, newOrderRespType: __, positionSide: ___, priceMatch: ____, ...request } = params;
  return request;
}

/** DELETE and GET /fapi/v1/algoOrder: by algoId or clientAlgoId. `symbol` is optional on Binance; shardex needs it. */
export const algoOrderReferenceParams = z
  .object({
    // Binance's algo-order query and cancel take no symbol; ccxt sends one.
    symbol: z.string().min(1).optional(),
    algoId: integerText.optional(),
    clientAlgoId: z.string().regex(CLIENT_ORDER_ID).optional(),
    ...SIGNING_PARAMS,
  })
  .strict();

/** GET /fapi/v1/openAlgoOrders. */
export const openAlgoOrdersParams = z
  .object({
    symbol: z.string().min(1).optional(),
    algoType: z.literal('CONDITIONAL').optional(),
    algoId: integerText.optional(),
    ...SIGNING_PARAMS,
  })
  .strict();

/** GET /fapi/v1/allAlgoOrders. */
export const allAlgoOrdersParams = z
  .object({
    symbol: z.string().min(1),
    algoId: integerText.optional(),
    startTime: integerText.optional(),
    endTime: integerText.optional(),
    page: integerText.refine((n) => n >= 1).optional(),
    limit: limitUpTo(1000),
    ...SIGNING_PARAMS,
  })
  .strict();

/** DELETE /fapi/v1/algoOpenOrders. */
export const cancelAllAlgoParams = z.object({ symbol: z.string().min(1), ...SIGNING_PARAMS }).strict();

/** POST /fapi/v1/countdownCancelAll: countdownTime in milliseconds, 0 to turn the countdown off. */
export const countdownCancelAllParams = z
  .object({ symbol: z.string().min(1), countdownTime: integerText, ...SIGNING_PARAMS })
  .strict();
