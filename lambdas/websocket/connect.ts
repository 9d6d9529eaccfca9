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
 * `{"stream","data"}` (`?streams=` empty: none yet). `?combined=false` starts the connection unwrapped, as Binance's
 * raw-stream path `/ws/<stream>` does (the local gateway reads that path into both: local/gateway/localWebSockets.ts
 * connectQuery; API Gateway's URL is the stage, with no such paths).
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
  const streams =
    query.streams === undefined ? undefined : [...new Set(query.streams.split('/'))].filter((n) => n !== '');
  const invalid = streams?.find((name) => parseStreamName(name) === undefined);
  if (invalid !== undefined)
    return refuse(-1130, `Data sent for parameter 'streams' is not valid: ${invalid}`);
  if (query.combined !== undefined && query.combined !== 'true' && query.combined !== 'false')
    return refuse(-1130, "Data sent for parameter 'combined' is not valid.");
  await openConnection(ctx, {
    connectionId: event.requestContext.connectionId,
    connectedAt: event.requestContext.connectedAt,
    user,
    streams,
    ...(query.combined === undefined ? {} : { combined: query.combined === 'true' }),
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
