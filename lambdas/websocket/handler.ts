import { createAwsClients } from '../../adapters/aws/clients';
import { awsConnectionPorts } from '../../adapters/aws/compose/connections';
import { awsIngressPorts } from '../../adapters/aws/compose/ingress';
import { cachedPoster } from '../../adapters/aws/connections/connectionPoster';
import { ingressContext } from '../../application/context';
import { resourceNames } from '../../resources/declarations';
import { createWebSocketApi } from './app';

/**
 * Lambda entry point of the WebSocket API ($connect, $disconnect, $default and the method routes of
 * WS_ROUTE_KEYS, all integrated with this one function), and its composition root: ports built once per
 * container; SHARDEX_PREFIX names the environment's tables and stream. Replies go through the Management API of
 * the API the event came from, one client per endpoint for the life of the container.
 */
const clients = createAwsClients();
const names = resourceNames(process.env.SHARDEX_PREFIX);

export const handler = createWebSocketApi(
  { ...ingressContext(awsIngressPorts(clients, names)), ...awsConnectionPorts(clients, names) },
  { posterFor: cachedPoster },
);
