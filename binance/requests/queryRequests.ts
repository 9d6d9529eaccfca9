import { z } from 'zod';
import { BINANCE_INCOME_TYPES } from '../../application/queries/income';
import type { Rejection } from '../../core/errors';
import { isKlineInterval } from '../../core/projections/intervals';
import { integerText, limitUpTo, SIGNING_PARAMS } from '../validation';

/** Parameters of the read-side queries (market data and account queries), validated as Binance does. */

export const BAD_INTERVAL: Rejection = { code: -1120, msg: 'Invalid interval.' };

/** A limit between 1 and `max` (Binance: -1130 outside, naming the parameter). */
const time = integerText.optional();
const symbol = z.string().min(1);

export const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;

export const noParams = z.object({}).strict();
export const optionalSymbolParams = z.object({ symbol: symbol.optional() }).strict();
export const symbolOnlyParams = z.object({ symbol }).strict();

export const depthParams = z
  .object({
    symbol,
    limit: integerText.refine((n) => (DEPTH_LIMITS as readonly number[]).includes(n)).optional(),
  })
  .strict();

export const tradesParams = z.object({ symbol, limit: limitUpTo(1000) }).strict();

export const aggTradesParams = z
  .object({ symbol, fromId: integerText.optional(), startTime: time, endTime: time, limit: limitUpTo(1000) })
  .strict();

export const klinesParams = z
  .object({
    symbol,
    interval: z.string().refine(isKlineInterval, { params: { rejection: BAD_INTERVAL } }),
    startTime: time,
    endTime: time,
    limit: limitUpTo(1500),
  })
  .strict();

/** indexPriceKlines names the index's pair (`pair`, a perpetual's symbol here) where the others say `symbol`. */
export const indexKlinesParams = z
  .object({
    pair: symbol,
    interval: z.string().refine(isKlineInterval, { params: { rejection: BAD_INTERVAL } }),
    startTime: time,
    endTime: time,
    limit: limitUpTo(1500),
  })
  .strict();

export const fundingRateParams = z
  .object({ symbol: symbol.optional(), startTime: time, endTime: time, limit: limitUpTo(1000) })
  .strict();

export const signedSymbolParams = z.object({ symbol: symbol.optional(), ...SIGNING_PARAMS }).strict();

export const forceOrdersParams = z
  .object({
    symbol: symbol.optional(),
    autoCloseType: z.enum(['LIQUIDATION', 'ADL']).optional(),
    startTime: time,
    endTime: time,
    limit: limitUpTo(100),
    ...SIGNING_PARAMS,
  })
  .strict();

export const allOrdersParams = z
  .object({
    symbol,
    orderId: integerText.optional(),
    startTime: time,
    endTime: time,
    limit: limitUpTo(1000),
    ...SIGNING_PARAMS,
  })
  .strict();

export const userTradesParams = z
  .object({
    symbol,
    orderId: integerText.optional(),
    startTime: time,
    endTime: time,
    fromId: integerText.optional(),
    limit: limitUpTo(1000),
    ...SIGNING_PARAMS,
  })
  .strict();

/** GET /fapi/v1/income: every filter optional; an income type must be one of Binance's. */
export const incomeParams = z
  .object({
    symbol: symbol.optional(),
    incomeType: z.enum(BINANCE_INCOME_TYPES).optional(),
    startTime: time,
    endTime: time,
    page: integerText.refine((n) => n >= 1).optional(),
    limit: limitUpTo(1000),
    ...SIGNING_PARAMS,
  })
  .strict();

/** GET /fapi/v1/commissionRate: one symbol. */
export const commissionRateParams = z.object({ symbol, ...SIGNING_PARAMS }).strict();
