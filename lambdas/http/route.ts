import type { Caller, Security } from '../shared/authenticate';
import type { Deps } from '../shared/deps';
import type { Params } from '../shared/params';

/** What a route's handler gets: the dependencies, the parameters, the authenticated caller (if any). */
export interface RouteContext {
  readonly deps: Deps;
  readonly params: Params;
  readonly caller: Caller | undefined;
  /** The request's signature, when signed (identifies a retried request). */
  readonly signature: string | undefined;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly security: Security;
  /** Request weight, as Binance counts it (some depend on a parameter). */
  readonly weight: number | ((params: Params) => number);
  /** New orders the request places (the order-count limit). */
  readonly orders?: number;
  readonly handle: (context: RouteContext) => Promise<unknown>;
}

/** The caller of a signed or API-key route (the router guarantees there is one). */
export function callerOf(context: RouteContext): Caller {
  if (context.caller === undefined) throw new Error('route without authentication asked for its caller');
  return context.caller;
}
