import { forgetConnection } from '../../application/connections/connections';
import type { ConnectionPoster } from '../../application/ports/connections';
import { connect, disconnect, type WsContext } from './connect';
import { readFrame } from './frames';
import { callApi } from './orderApi';
import { apiError, controlError } from './replies';
import { streamControl } from './streamControl';
import { WS_ROUTE_KEYS, type WsEvent, type WsHandler } from './wsEvent';

export type { WsContext };

/** The WebSocket API's method route keys (SUBSCRIBE…, order.place…), for the CDK app to create one route each. */
export const webSocketRouteKeys: readonly string[] = WS_ROUTE_KEYS;

export interface WsApiOptions {
  /**
   * Where replies go, by the Management API endpoint of the API an event came from: SHARDEX_WS_ENDPOINT if set
   * (custom domains), else https://{domainName}/{stage} from the event. The Lambda entry gives a cached
   * Management API client per endpoint; the local gateway its own poster whatever the endpoint.
   */
  readonly posterFor: (endpoint: string) => ConnectionPoster;
}

/**
 * The WebSocket API as one function of an API Gateway WebSocket event, the same on AWS and behind the local
 * gateway. $connect and $disconnect keep the connection's rows; every message, whatever route it came by, is
 * read here and answered with one postToConnection: stream control (SUBSCRIBE…) or a WebSocket API request
 * (order.place…). A malformed or unknown request is answered with an error frame; the connection stays up.
 */
export function createWebSocketApi(ctx: WsContext, options: WsApiOptions): WsHandler {
  return async (event) => {
    const { eventType, connectionId, requestId } = event.requestContext;
    try {
      if (eventType === 'CONNECT') return await connect(ctx, event);
      if (eventType === 'DISCONNECT') return await disconnect(ctx, connectionId);
      const reply = await answer(ctx, event);
      const poster = options.posterFor(managementEndpoint(event));
      if ((await poster.post(connectionId, reply)) === 'gone') await forgetConnection(ctx, connectionId);
      return { statusCode: 200 };
    } catch (error) {
      ctx.log('error', 'websocket event failed', { eventType, connectionId, requestId, error });
      return { statusCode: 500 };
    }
  };
}

async function answer(ctx: WsContext, event: WsEvent): Promise<string> {
  const text =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  const frame = readFrame(text);
  switch (frame.kind) {
    case 'control':
      return streamControl(ctx, event.requestContext.connectionId, frame);
    case 'api':
      return callApi(ctx, frame);
    case 'controlError':
      return controlError(frame.id, frame.code, frame.msg);
    case 'apiError':
      return apiError(frame.id, 400, frame.code, frame.msg);
  }
}

export function managementEndpoint(event: WsEvent): string {
  const configured = process.env.SHARDEX_WS_ENDPOINT;
  if (configured) return configured;
  const { domainName, stage } = event.requestContext;
  return `https://${domainName}/${stage}`;
}

export { selectRoute, type WsEvent, type WsHandler } from './wsEvent';
