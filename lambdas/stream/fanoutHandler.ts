import { createAwsClients } from '../../adapters/aws/clients';
import { managementApiPoster } from '../../adapters/connections/connectionPoster';
import { resourceNames } from '../../resources/declarations';
import { createFanout } from './fanout';
import { fanoutDeps } from './fanoutDeps';

/**
 * Lambda entry point of the fan-out: the events table's stream → WebSocket clients. SHARDEX_WS_ENDPOINT is the
 * WebSocket API stage's connection management endpoint (https://{api}.execute-api.{region}.amazonaws.com/{stage}).
 */
const endpoint = process.env.SHARDEX_WS_ENDPOINT;
if (!endpoint) throw new Error('SHARDEX_WS_ENDPOINT is not set: the fan-out has nowhere to post');

export const handler = createFanout(
  fanoutDeps(createAwsClients(), resourceNames(process.env.SHARDEX_PREFIX), managementApiPoster(endpoint)),
);
