import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { isLocalEndpoint } from '../aws/endpoint';

/** What became of a message: delivered, or the connection is gone (HTTP 410: delete its rows). */
export type PostOutcome = 'sent' | 'gone';

/**
 * Sends to WebSocket clients through the API Gateway Management API: one postToConnection per message and
 * connection (API Gateway has no broadcast). The same client talks to AWS and to the local gateway, which serves
 * the same API; only the endpoint differs.
 */
export interface ConnectionPoster {
  post(connectionId: string, message: string): Promise<PostOutcome>;
  /** Closes a connection from the server side; 'gone' if it was already closed. */
  disconnect(connectionId: string): Promise<PostOutcome>;
  /** Frees the client's sockets (tests, the local stack); the poster is unusable afterwards. */
  close(): void;
}

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
