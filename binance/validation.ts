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
  // A number with characters a number cannot have (Python's str(1e-05), a comma) is -1100 with the legal range.
  if (issue.code === 'invalid_format' && NUMBER_PATTERNS.has(issue.pattern ?? ''))
    return withDetail(Rejections.illegalChars, field, issue.pattern!.slice(1, -1));
  return ENUM_CODES[field] ?? withDetail(Rejections.invalidParameter, field);
}

/** "true" / "false" in any case, as Binance accepts booleans. */
export const booleanText = z
  .string()
  .regex(/^(true|false)$/i)
  .transform((v) => v.toLowerCase() === 'true');

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^\d{1,16}$/;
/** The patterns of numbers as zod reports them (`/…/`): a value that fails one is -1100, not -1130. */
const NUMBER_PATTERNS = new Set([String(DECIMAL), String(INTEGER)]);

/** A plain decimal string (the sign is the filters' business, -4003 and the like), precision too. */
export const decimalText = z.string().regex(DECIMAL);

export const integerText = z.string().regex(INTEGER).transform(Number).refine(Number.isSafeInteger);

/** An optional `limit` (or page size) from 1 to `max`. */
export const limitUpTo = (max: number) => integerText.refine((n) => n >= 1 && n <= max).optional();
