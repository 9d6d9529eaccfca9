import { z } from 'zod';
import { CLIENT_ORDER_ID } from '../../application/ports/commandEnvelope';
import { ALGO_ORDER_TYPES } from '../../core/orders/algoOrder';
import { SIDES, STP_MODES, TIME_IN_FORCE } from '../../core/orders/order';
import { booleanText, decimalText, integerText, SIGNING_PARAMS } from '../validation';

/** POST /fapi/v1/order (and each entry of batchOrders, and WebSocket order.place). */
export const placeOrderParams = z
  .object({
    symbol: z.string().min(1),
    side: z.enum(SIDES),
    positionSide: z.literal('BOTH').optional(),
    // Binance moved the conditional types to the algo-order endpoints: on this one they are -4120.
    type: z
      .enum(['LIMIT', 'MARKET', ...ALGO_ORDER_TYPES])
      .refine((type) => type === 'LIMIT' || type === 'MARKET', {
        params: {
          rejection: {
            code: -4120,
            msg: 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
          },
        },
      })
      .transform((type) => type as 'LIMIT' | 'MARKET'),
    timeInForce: z.enum(TIME_IN_FORCE).optional(),
    quantity: decimalText,
    price: decimalText.optional(),
    reduceOnly: booleanText.optional(),
    newClientOrderId: z.string().regex(CLIENT_ORDER_ID).optional(),
    newOrderRespType: z.enum(['ACK', 'RESULT']).optional(),
    selfTradePreventionMode: z.enum(STP_MODES).optional(),
    // Accepted with their neutral values only: conditional orders have their own endpoint, price matching is not
    // offered yet.
    closePosition: z
      .string()
      .regex(/^false$/i)
      .optional(),
    priceProtect: z
      .string()
      .regex(/^false$/i)
      .optional(),
    workingType: z.enum(['CONTRACT_PRICE', 'MARK_PRICE']).optional(),
    priceMatch: z.literal('NONE').optional(),
    goodTillDate: integerText.optional(),
    ...SIGNING_PARAMS,
  })
  .strict();
export type PlaceOrderParams = z.infer<typeof placeOrderParams>;

const orderReference = {
  symbol: z.string().min(1),
  orderId: integerText.optional(),
  origClientOrderId: z.string().regex(CLIENT_ORDER_ID).optional(),
};

/** PUT /fapi/v1/order. */
export const amendOrderParams = z
  .object({
    ...orderReference,
    side: z.enum(SIDES),
    quantity: decimalText,
    price: decimalText,
    priceMatch: z.literal('NONE').optional(),
    ...SIGNING_PARAMS,
  })
  .strict();

/** DELETE /fapi/v1/order, GET /fapi/v1/order. */
export const orderReferenceParams = z.object({ ...orderReference, ...SIGNING_PARAMS }).strict();

/** DELETE /fapi/v1/allOpenOrders. */
export const symbolParams = z.object({ symbol: z.string().min(1), ...SIGNING_PARAMS }).strict();

/** POST /fapi/v1/batchOrders: a JSON list of up to 5 orders. */
export const batchOrdersParams = z.object({ batchOrders: z.string().min(2), ...SIGNING_PARAMS }).strict();

/**
 * DELETE /fapi/v1/batchOrders: up to 10 orders of one symbol, as a JSON list of order ids (`[1,2]`) or of client
 * order ids (`["a","b"]`). Binance documents `orderIdList` and `origClientOrderIdList`; ccxt sends them in lower
 * case, which Binance takes too.
 */
export const batchCancelParams = z
  .object({
    symbol: z.string().min(1),
    orderIdList: z.string().optional(),
    orderidlist: z.string().optional(),
    origClientOrderIdList: z.string().optional(),
    origclientorderidlist: z.string().optional(),
    ...SIGNING_PARAMS,
  })
  .strict();

export const leverageParams = z
  .object({ symbol: z.string().min(1), leverage: integerText, ...SIGNING_PARAMS })
  .strict();

export const marginTypeParams = z
  .object({ symbol: z.string().min(1), marginType: z.enum(['ISOLATED', 'CROSSED']), ...SIGNING_PARAMS })
  .strict();

export const positionModeParams = z.object({ dualSidePosition: booleanText, ...SIGNING_PARAMS }).strict();
export const signedOnlyParams = z.object({ ...SIGNING_PARAMS }).strict();
