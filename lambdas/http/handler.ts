import { createAwsClients } from '../../adapters/aws/clients';
import { resourceNames } from '../../resources/declarations';
import { createDeps } from '../shared/deps';
import { createHttpApp } from './app';
import { routes } from './routes';

/**
 * Lambda entry point of the REST API (API Gateway HTTP API, payload format 2.0). Clients and stores are built once
 * per container, at cold start; SHARDEX_PREFIX names the environment's tables and stream.
 */
export const handler = createHttpApp(
  createDeps(createAwsClients(), resourceNames(process.env.SHARDEX_PREFIX)),
  routes,
);
