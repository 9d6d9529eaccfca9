import type { z } from 'zod';
import type { Caller, Security } from '../../application/access/authenticate';
import type { IngressContext } from '../../application/context';
import type { OrderUseCase } from '../../application/orderEntry/orderAnswers';
import type { Params } from '../../binance/params';
import { orderAnswerJson } from '../../binance/responses/orderJson';
import { validate } from '../../binance/validation';

/** What a route's handler gets: the use cases' context, the parameters, the authenticated caller (if any). */
export interface Request {
  readonly ctx: IngressContext;
  readonly params: Params;
  readonly caller: Caller | undefined;
  /** The request's signature, when signed (identifies a retried request). */
  readonly signature: string | undefined;
}

/** One REST route of the contract: parse the parameters, call a use case, format its answer. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly security: Security;
  /** Request weight, as Binance counts it (some depend on a parameter). */
  readonly weight: number | ((params: Params) => number);
  /** New orders the request places (the order-count limit). */
  readonly orders?: number;
  readonly handle: (request: Request) => Promise<unknown>;
}

/** The caller of a signed or API-key route (the router guarantees there is one). */
export function callerOf(request: Request): Caller {
  if (request.caller === undefined) throw new Error('route without authentication asked for its caller');
  return request.caller;
}

/**
 * A route answered with one order: its parameters checked with `schema`, its use case called for the caller (with
 * the request's signature, which identifies a retried order), the order written as the contract's order object.
 */
export function answersOrder<S extends z.ZodType>(
  schema: S,
  useCase: OrderUseCase<z.infer<S>>,
): Route['handle'] {
  return async (req) =>
    orderAnswerJson(await useCase(req.ctx, callerOf(req), validate(schema, req.params), req.signature ?? ''));
}
