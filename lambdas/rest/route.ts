import type { Caller, Security } from '../../application/access/authenticate';
import type { IngressContext } from '../../application/context';
import type { Params } from '../../binance/params';

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
