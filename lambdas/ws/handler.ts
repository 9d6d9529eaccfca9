import { createAwsClients } from '../../adapters/aws/clients';
import { resourceNames } from '../../resources/declarations';
import { createDeps } from '../shared/deps';
import { createWsApp } from './app';

/**
 * Lambda entry point of the WebSocket API ($connect, $disconnect, $default and the method routes of
 * WS_ROUTE_KEYS, all integrated with this one function). Clients and stores are built once per container;
 * SHARDEX_PREFIX names the environment's tables and stream. Replies go through the Management API of the API the
 * event came from (see createWsApp).
 */
export const handler = createWsApp(createDeps(createAwsClients(), resourceNames(process.env.SHARDEX_PREFIX)));
