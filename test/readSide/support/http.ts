import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { hmacHex } from '../../../application/access/signature';
import type { HttpHandler } from '../../../lambdas/rest/app';

export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
  readonly body: any;
}

export interface Key {
  readonly apiKey: string;
  readonly secret: string;
}

/** Calls the REST app with the API Gateway HTTP API (payload 2.0) event a request would become. */
export function restClient(app: HttpHandler, clock: () => number) {
  const withHeaders = async (
    method: string,
    path: string,
    params: Record<string, string | number> = {},
    key?: Key,
    sign = key !== undefined,
  ): Promise<Answer & { readonly headers: Record<string, string> }> => {
    let query = new URLSearchParams(
      Object.entries(sign ? { ...params, timestamp: clock() } : params).map(([k, v]): [string, string] => [
        k,
        String(v),
      ]),
    ).toString();
    if (sign && key) query += `&signature=${hmacHex(key.secret, query)}`;
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: query,
      headers: key ? { 'x-mbx-apikey': key.apiKey } : {},
      isBase64Encoded: false,
      requestContext: {
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
        requestId: 'r',
      },
    } as unknown as APIGatewayProxyEventV2;
    const result = await app(event);
    return {
      status: result.statusCode ?? 0,
      body: JSON.parse(result.body ?? 'null'),
      headers: (result.headers ?? {}) as Record<string, string>,
    };
  };
  const call = async (...args: Parameters<typeof withHeaders>): Promise<Answer> => {
    const { status, body } = await withHeaders(...args);
    return { status, body };
  };
  return {
    get: (path: string, params?: Record<string, string | number>) => call('GET', path, params),
    signed: (path: string, key: Key, params?: Record<string, string | number>) =>
      call('GET', path, params, key),
    call,
    /** As `call`, with the answer's headers. */
    withHeaders,
  };
}
