import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './httpEvents';
import { type LocalWebSockets, MAX_MESSAGE_BYTES } from './localWebSockets';

const CONNECTION_PATH = /\/(?:@|%40)connections\/([^/?]+)\/?$/;

/**
 * API Gateway's connection management API (`{endpoint}/@connections/{connectionId}`, under any stage path), as the
 * AWS SDK's ApiGatewayManagementApiClient calls it: POST sends the body as a text frame, GET describes the
 * connection, DELETE closes it; an unknown or closed connection is 410 GoneException. Errors carry their type in
 * `x-amzn-errortype`, which is how the SDK tells them apart. Returns false for any other path.
 */
export async function serveManagementApi(
  request: IncomingMessage,
  response: ServerResponse,
  sockets: LocalWebSockets,
): Promise<boolean> {
  const path = (request.url ?? '/').split('?')[0]!;
  const match = CONNECTION_PATH.exec(path);
  if (match === null) return false;
  const connectionId = decodeURIComponent(match[1]!);
  const gone = () => fail(response, 410, 'GoneException', `Connection ${connectionId} is gone`);
  switch (request.method) {
    case 'POST': {
      const body = await readBody(request, 4 * MAX_MESSAGE_BYTES);
      if (body.length > MAX_MESSAGE_BYTES)
        fail(response, 413, 'PayloadTooLargeException', 'Message is larger than 128 KB');
      else if (sockets.send(connectionId, body) === 'gone') gone();
      else end(response, 200);
      break;
    }
    case 'GET': {
      const connection = sockets.get(connectionId);
      if (connection === undefined) gone();
      else
        end(response, 200, {
          ConnectedAt: new Date(connection.connectedAt).toISOString(),
          Identity: { SourceIp: connection.sourceIp, UserAgent: connection.userAgent },
          LastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        });
      break;
    }
    case 'DELETE':
      if (sockets.close(connectionId)) end(response, 204);
      else gone();
      break;
    default:
      fail(response, 405, 'MethodNotAllowedException', `${request.method} is not allowed`);
  }
  return true;
}

function end(response: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function fail(response: ServerResponse, status: number, type: string, message: string): void {
  const text = JSON.stringify({ message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': type,
  });
  response.end(text);
}
