import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { authenticate } from '../../application/access/authenticate';
import type { IngressContext } from '../../application/context';
import { untilNextWindow } from '../../application/ports/rateLimiter';
import { Rejected } from '../../application/rejected';
import { ApiError, apiErrorOf, UNKNOWN_ERROR } from '../../binance/apiError';
import { readParams } from '../../binance/params';
import { signedPayload } from '../../binance/signing';
import { Rejections, withDetail } from '../../core/errors';
import type { Route } from './route';
import { routes as contractRoutes } from './routes';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** The contract's REST routes (method and path), for the CDK app to create one API route each. */
export const restRoutes: readonly Route[] = contractRoutes;

/**
 * The REST API as one function of an API Gateway HTTP API event (payload format 2.0), the same on AWS and behind
 * the local gateway: find the route, read the raw parameters, authenticate, spend rate limit, handle, answer JSON.
 * Every failure answers the contract's {code, msg} with its status; an unexpected one is logged and answered 500
 * without detail.
 */
export function createRestApi(ctx: IngressContext, routes: readonly Route[] = contractRoutes): HttpHandler {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const paths = new Set(routes.map((r) => r.path));
  return async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath.replace(/\/+$/, '') || '/';
    const route = byKey.get(`${method} ${path}`);
    // Binance's usage headers, on every answer once the request has spent weight (refusals after that too).
    const headers: Record<string, string> = {};
    try {
      if (route === undefined) {
        if (paths.has(path)) throw new ApiError(405, -1000, `Method ${method} is not allowed for ${path}.`);
        throw new ApiError(404, -1000, `Path ${path} not found.`);
      }
      const rawQuery = event.rawQueryString ?? '';
      const rawBody =
        event.body === undefined
          ? ''
          : event.isBase64Encoded
            ? Buffer.from(event.body, 'base64').toString('utf8')
            : event.body;
      const params = readParams(rawQuery, rawBody);
      const signed = signedPayload(rawQuery, rawBody);
      const apiKey = header(event, 'x-mbx-apikey');
      const caller = await authenticate(route.security, { apiKey, params, signed }, ctx.apiKeys, ctx.clock());
      const weight = typeof route.weight === 'number' ? route.weight : route.weight(params);
      const limitedBy = caller?.apiKey ?? `ip#${event.requestContext.http.sourceIp}`;
      const spent = await ctx.rateLimiter.spend(limitedBy, weight, route.orders ?? 0);
      if (spent === undefined) {
        headers['retry-after'] = String(Math.ceil(untilNextWindow(ctx.clock()) / 1000));
        throw new Rejected(
          withDetail(Rejections.tooManyRequests, String(ctx.rateLimiter.limits.weightPerMinute)),
        );
      }
      headers['x-mbx-used-weight-1m'] = String(spent.weight);
      if (route.orders !== undefined) headers['x-mbx-order-count-1m'] = String(spent.orders);
      const body = await route.handle({ ctx, params, caller, signature: signed.signature });
      return json(200, body, headers);
    } catch (caught) {
      const error = apiErrorOf(caught);
      if (error !== undefined) return json(error.status, { code: error.code, msg: error.message }, headers);
      ctx.log('error', 'request failed', {
        method,
        path,
        requestId: event.requestContext.requestId,
        error: caught,
      });
      return json(UNKNOWN_ERROR.status, { code: UNKNOWN_ERROR.code, msg: UNKNOWN_ERROR.message });
    }
  };
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
