import { forgetConnection, openConnection } from '../../application/connections/connections';
import type { IngressContext } from '../../application/context';
import { accountOfListenKey } from '../../application/listenKeys/listenKeys';
import type { ConnectionPorts } from '../../application/ports/ports';
import { parseStreamName } from '../../binance/streams/streamNames';
import { Rejections } from '../../core/errors';
import type { WsEvent, WsResult } from './wsEvent';

export type WsContext = IngressContext & ConnectionPorts;

/**
 * $connect. `?listenKey=K` binds the connection to K's account (user data events go there as well as any market
 * streams it subscribes to). A key that does not exist or has expired refuses the handshake with HTTP 400 and
 * the -1125 body, so a client learns at once to create a new key instead of listening to a silent connection.
 * `?streams=a/b` is Binance's combined-stream URL: those streams are subscribed and payloads come wrapped as
 * `{"stream","data"}`.
 */
export async function connect(ctx: WsContext, event: WsEvent): Promise<WsResult> {
  const query = event.queryStringParameters ?? {};
  const listenKey = query.listenKey;
  let user: { listenKey: string; accountId: number } | undefined;
  if (listenKey !== undefined) {
    const accountId = await accountOfListenKey(ctx, listenKey);
    if (accountId === undefined)
      return refuse(Rejections.invalidListenKey.code, Rejections.invalidListenKey.msg);
    user = { listenKey, accountId };
  }
  const streams = query.streams === undefined ? undefined : [...new Set(query.streams.split('/'))];
  const invalid = streams?.find((name) => parseStreamName(name) === undefined);
  if (invalid !== undefined)
    return refuse(-1130, `Data sent for parameter 'streams' is not valid: ${invalid}`);
  await openConnection(ctx, {
    connectionId: event.requestContext.connectionId,
    connectedAt: event.requestContext.connectedAt,
    user,
    streams,
  });
  return { statusCode: 200 };
}

/** $disconnect: the connection's rows go (API Gateway sends it at most once, and not always: hence the TTL). */
export async function disconnect(ctx: WsContext, connectionId: string): Promise<WsResult> {
  await forgetConnection(ctx, connectionId);
  return { statusCode: 200 };
}

function refuse(code: number, msg: string): WsResult {
  return { statusCode: 400, body: JSON.stringify({ code, msg }) };
}
