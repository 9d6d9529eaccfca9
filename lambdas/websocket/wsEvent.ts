import type { APIGatewayEventWebsocketRequestContextV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

/**
 * The event API Gateway WebSocket APIs give a Lambda integration, as the local gateway produces it too. On
 * $connect it also carries the handshake's query string and headers (missing from @types/aws-lambda's type).
 */
export type WsEvent = Omit<APIGatewayProxyWebsocketEventV2, 'requestContext'> & {
  readonly requestContext: APIGatewayEventWebsocketRequestContextV2 & {
    readonly identity?: { readonly sourceIp?: string; readonly userAgent?: string };
    readonly disconnectStatusCode?: number;
    readonly disconnectReason?: string;
  };
  readonly headers?: Record<string, string | undefined>;
};

/** On $connect, a non-2xx status refuses the handshake; for messages API Gateway ignores it (no route response). */
export interface WsResult {
  readonly statusCode: number;
  readonly body?: string;
}

export type WsHandler = (event: WsEvent) => Promise<WsResult>;

/** Market-stream control methods (Binance's "live subscribing" protocol). */
export const CONTROL_METHODS = [
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'LIST_SUBSCRIPTIONS',
  'SET_PROPERTY',
  'GET_PROPERTY',
] as const;

/** Binance WebSocket API methods shardex serves. */
export const API_METHODS = [
  'order.place',
  'order.cancel',
  'order.modify',
  'order.status',
  'algoOrder.place',
  'algoOrder.cancel',
] as const;

/**
 * The route keys of the WebSocket API besides $connect, $disconnect and $default: the CDK creates one route per
 * method (route selection expression `$request.body.method`), all integrated with the same handler, which
 * dispatches on the body anyway: a message without a known method arrives on $default.
 */
export const WS_ROUTE_KEYS: readonly string[] = [...CONTROL_METHODS, ...API_METHODS];

/** API Gateway's route selection on `$request.body.method`, for the local gateway. */
export function selectRoute(body: string): string {
  try {
    const method = (JSON.parse(body) as { method?: unknown } | null)?.method;
    return typeof method === 'string' && WS_ROUTE_KEYS.includes(method) ? method : '$default';
  } catch {
    return '$default';
  }
}
