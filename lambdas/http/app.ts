import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Rejections, withDetail } from '../../core/errors';
import { ApiError, apiErrorOf } from '../shared/apiError';
import { authenticate } from '../shared/authenticate';
import type { Deps } from '../shared/deps';
import { logJson } from '../shared/log';
import { readParams } from '../shared/params';
import { signedPayload } from '../shared/signature';
import type { Route } from './route';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The REST API as one function of an API Gateway HTTP API event (payload format 2.0), the same on AWS and behind
 * the local gateway: find the route, read the raw parameters, authenticate, spend rate limit, handle, answer JSON.
 * Every failure answers the contract's {code, msg} with its status; an unexpected one is logged and answered 500
 * without detail.
 */
export function createHttpApp(deps: Deps, routes: readonly Route[]): HttpHandler {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const paths = new Set(routes.map((r) => r.path));
  return async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath.replace(/\/+$/, '') || '/';
    const route = byKey.get(`${method} ${path}`);
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
      const caller = await authenticate(
        route.security,
        { apiKey, params, signed },
        deps.apiKeys,
        deps.clock(),
      );
      const weight = typeof route.weight === 'number' ? route.weight : route.weight(params);
      const limitedBy = caller?.apiKey ?? `ip#${event.requestContext.http.sourceIp}`;
      if (!(await deps.rateLimiter.spend(limitedBy, weight, route.orders ?? 0))) {
        throw ApiError.of(
          withDetail(Rejections.tooManyRequests, String(deps.rateLimiter.limits.weightPerMinute)),
        );
      }
      const body = await route.handle({ deps, params, caller, signature: signed.signature });
      return json(200, body);
    } catch (caught) {
      const error = apiErrorOf(caught) ?? caught;
      if (error instanceof ApiError) return json(error.status, { code: error.code, msg: error.message });
      logJson('error', 'request failed', { method, path, requestId: event.requestContext.requestId, error });
      return json(500, { code: -1000, msg: 'An unknown error occured while processing the request.' });
    }
  };
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
