import { type ConnectionPoster, cachedPoster } from '../../adapters/connections/connectionPoster';
import { ConnectionStore } from '../../adapters/connections/connectionStore';
import { SubscriptionStore } from '../../adapters/connections/subscriptionStore';
import type { Deps } from '../shared/deps';
import { logJson } from '../shared/log';
import { connect, disconnect, forgetConnection, type WsStores } from './connect';
import { readFrame } from './frames';
import { callApi } from './orderApi';
import { apiError, controlError } from './replies';
import { streamControl } from './streamControl';
import type { WsEvent, WsHandler } from './wsEvent';

export interface WsAppOptions {
  /**
   * Where replies go. Default: the Management API of the API the event came from, at SHARDEX_WS_ENDPOINT
   * if set (custom domains), else https://{domainName}/{stage} from the event. The local gateway passes its own.
   */
  readonly poster?: ConnectionPoster;
}

/**
 * The WebSocket API as one function of an API Gateway WebSocket event, the same on AWS and behind the local
 * gateway. $connect and $disconnect keep the connection's rows; every message, whatever route it came by, is
 * read here and answered with one postToConnection: stream control (SUBSCRIBE…) or a WebSocket API request
 * (order.place…). A malformed or unknown request is answered with an error frame; the connection stays up.
 */
export function createWsApp(deps: Deps, options: WsAppOptions = {}): WsHandler {
  const stores: WsStores = {
    connections: new ConnectionStore(deps.clients.documents, deps.names.tables.connections),
    subscriptions: new SubscriptionStore(deps.clients.documents, deps.names.tables.subscriptions, deps.clock),
  };
  return async (event) => {
    const { eventType, connectionId, requestId } = event.requestContext;
    try {
      if (eventType === 'CONNECT') return await connect(deps, stores, event);
      if (eventType === 'DISCONNECT') return await disconnect(stores, connectionId);
      const reply = await answer(deps, stores, event);
      const poster = options.poster ?? cachedPoster(managementEndpoint(event));
      if ((await poster.post(connectionId, reply)) === 'gone') await forgetConnection(stores, connectionId);
      return { statusCode: 200 };
    } catch (error) {
      logJson('error', 'websocket event failed', { eventType, connectionId, requestId, error });
      return { statusCode: 500 };
    }
  };
}

async function answer(deps: Deps, stores: WsStores, event: WsEvent): Promise<string> {
  const text =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  const frame = readFrame(text);
  switch (frame.kind) {
    case 'control':
      return streamControl(stores, event.requestContext.connectionId, frame, deps.clock());
    case 'api':
      return callApi(deps, frame);
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
