import { CONNECTION_LIFETIME_MS, type ConnectionStore } from '../../adapters/connections/connectionStore';
import type { SubscriptionStore } from '../../adapters/connections/subscriptionStore';
import { Rejections } from '../../core/errors';
import type { Deps } from '../shared/deps';
import { parseStreamName } from '../shared/streamNames';
import type { WsEvent, WsResult } from './wsEvent';

export interface WsStores {
  readonly connections: ConnectionStore;
  readonly subscriptions: SubscriptionStore;
}

/**
 * $connect. `?listenKey=K` binds the connection to K's account (user data events go there as well as any market
 * streams it subscribes to). A key that does not exist or has expired refuses the handshake with HTTP 400 and
 * the -1125 body, so a client learns at once to create a new key instead of listening to a silent connection.
 * `?streams=a/b` is Binance's combined-stream URL: those streams are subscribed and payloads come wrapped as
 * `{"stream","data"}`. The rows live as long as API Gateway lets a connection live (TTL), in case $disconnect
 * never arrives.
 */
export async function connect(deps: Deps, stores: WsStores, event: WsEvent): Promise<WsResult> {
  const query = event.queryStringParameters ?? {};
  const listenKey = query.listenKey;
  let accountId: number | undefined;
  if (listenKey !== undefined) {
    accountId = await deps.listenKeys.accountOf(listenKey);
    if (accountId === undefined)
      return refuse(Rejections.invalidListenKey.code, Rejections.invalidListenKey.msg);
  }
  const streams = query.streams === undefined ? undefined : [...new Set(query.streams.split('/'))];
  const invalid = streams?.find((name) => parseStreamName(name) === undefined);
  if (invalid !== undefined)
    return refuse(-1130, `Data sent for parameter 'streams' is not valid: ${invalid}`);

  const connectedAt = event.requestContext.connectedAt ?? deps.clock();
  const expiresAt = Math.ceil((connectedAt + CONNECTION_LIFETIME_MS) / 1000);
  const connectionId = event.requestContext.connectionId;
  const combined = streams !== undefined;
  await stores.connections.open({
    connectionId,
    ...(accountId !== undefined ? { accountId, listenKey } : {}),
    combined,
    connectedAt,
    expiresAt,
  });
  if (streams !== undefined && streams.length > 0)
    await stores.subscriptions.subscribe(connectionId, streams, combined, expiresAt);
  return { statusCode: 200 };
}

/** $disconnect: the connection's rows go (API Gateway sends it at most once, and not always: hence the TTL). */
export async function disconnect(stores: WsStores, connectionId: string): Promise<WsResult> {
  await forgetConnection(stores, connectionId);
  return { statusCode: 200 };
}

export async function forgetConnection(stores: WsStores, connectionId: string): Promise<void> {
  await Promise.all([stores.connections.delete(connectionId), stores.subscriptions.forget(connectionId)]);
}

function refuse(code: number, msg: string): WsResult {
  return { statusCode: 400, body: JSON.stringify({ code, msg }) };
}
