import { z } from 'zod';
import { Rejected } from '../application/rejected';
import { type Rejection, Rejections, withDetail } from '../core/errors';

/**
 * Parameters are validated with zod schemas; this maps the first problem to the code Binance answers with:
 * a missing parameter is -1102, an unknown one -1104, a bad enum value the enum's own code (-1117 side, -1116
 * type, -1115 timeInForce, …), anything else -1130 naming the parameter.
 */
const ENUM_CODES: Readonly<Record<string, Rejection>> = {
  side: Rejections.invalidSide,
  type: Rejections.invalidOrderType,
  timeInForce: Rejections.invalidTimeInForce,
  newOrderRespType: { code: -1136, msg: 'Invalid newOrderRespType.' },
  selfTradePreventionMode: { code: -5039, msg: 'Invalid self trade prevention mode' },
  positionSide: { code: -4061, msg: "Order's position side does not match user's setting." },
  newClientOrderId: Rejections.invalidClientOrderId,
  origClientOrderId: Rejections.invalidClientOrderId,
};

/** Parameters every signed request may carry on top of its own. */
export const SIGNING_PARAMS = {
  timestamp: z.string().optional(),
  recvWindow: z.string().optional(),
  signature: z.string().optional(),
};

export function validate<T extends z.ZodType>(
  schema: T,
  params: ReadonlyMap<string, string> | Record<string, unknown>,
): z.infer<T> {
  const input = params instanceof Map ? Object.fromEntries(params) : params;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Rejected(rejectionFor(result.error, input as Record<string, unknown>));
}

export function rejectionFor(error: z.ZodError, input: Record<string, unknown>): Rejection {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const sent = Object.keys(input).length;
    return {
      code: -1104,
      msg: `Not all sent parameters were read; read '${sent - issue.keys.length}' parameter(s) but was sent '${sent}'.`,
    };
  }
  const field = String(issue.path[0] ?? 'request');
  if (input[field] === undefined || input[field] === '') return withDetail(Rejections.mandatoryParam, field);
  if (issue.code === 'custom' && issue.params?.rejection) return issue.params.rejection as Rejection;
  return ENUM_CODES[field] ?? withDetail(Rejections.invalidParameter, field);
}

/** "true" / "false" in any case, as Binance accepts booleans. */
export const booleanText = z
  .string()
  .regex(/^(true|false)$/i)
  .transform((v) => v.toLowerCase() === 'true');

/** A plain positive decimal string; precision and filters are the symbol's business. */
export const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/);

export const integerText = z
  .string()
  .regex(/^\d{1,16}$/)
  .transform(Number)
  .refine(Number.isSafeInteger);

/** An optional `limit` (or page size) from 1 to `max`. */
export const limitUpTo = (max: number) => integerText.refine((n) => n >= 1 && n <= max).optional();
