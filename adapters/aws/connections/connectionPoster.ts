import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ConnectionPoster, PostOutcome } from '../../../application/ports/connections';
import { isLocalEndpoint } from '../endpoint';

/** A poster for one Management API endpoint: `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`. */
export function managementApiPoster(endpoint: string): ConnectionPoster {
  const local = isLocalEndpoint(endpoint);
  const client = new ApiGatewayManagementApiClient({
    endpoint,
    ...(local
      ? {
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'shardex-local', secretAccessKey: 'shardex-local' },
        }
      : {}),
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    }),
  });
  const outcome = async (send: () => Promise<unknown>): Promise<PostOutcome> => {
    try {
      await send();
      return 'sent';
    } catch (error) {
      if (
        error instanceof GoneException ||
        (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 410
      )
        return 'gone';
      throw error;
    }
  };
  return {
    post: (connectionId, message) =>
      outcome(() =>
        client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(message, 'utf8') }),
        ),
      ),
    disconnect: (connectionId) =>
      outcome(() => client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }))),
    close: () => client.destroy(),
  };
}

/**
 * Posters by endpoint, kept for the life of the process: a Lambda container serves one API, so this is one client
 * reused across invocations.
 */
const posters = new Map<string, ConnectionPoster>();

export function cachedPoster(endpoint: string): ConnectionPoster {
  let poster = posters.get(endpoint);
  if (poster === undefined) {
    poster = managementApiPoster(endpoint);
    posters.set(endpoint, poster);
  }
  return poster;
}
