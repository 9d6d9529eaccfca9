import { createServer, type Server } from 'node:http';

/**
 * GET /health answers 200 while the process is serving (ECS and the load balancer check it); GET /metrics gives
 * the counters as JSON. Nothing else is served.
 */
export function startHealthServer(
  port: number,
  health: () => { healthy: boolean; [key: string]: unknown },
  metrics: () => Record<string, unknown>,
): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && request.url === '/health') {
      const state = health();
      send(state.healthy ? 200 : 503, state);
    } else if (request.method === 'GET' && request.url === '/metrics') {
      send(200, metrics());
    } else {
      send(404, { error: 'not found' });
    }
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}
